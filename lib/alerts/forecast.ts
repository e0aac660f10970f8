/**
 * Glue between budget periods and the spend forecast: builds the values a `forecast` alert rule is
 * evaluated against, for the period the rule is currently in.
 */
import { forecastPeriodEnd, type DailySpend, type Forecast } from "@/lib/spend/forecast";
import type { Period } from "./periods";
import type { ForecastValues } from "./types";

export interface PeriodForecastInput {
  period: Pick<Period, "startDate" | "endDate" | "timeZone">;
  /** Spend from period start until now (decimal string). */
  spentSoFar: string;
  /** Recent complete local days; see forecastPeriodEnd for how they are used. */
  dailySpend: readonly DailySpend[];
  now: Date;
  windowDays?: number;
}

/** Forecast for `period` plus the ForecastValues to feed evaluateRule. */
export function forecastForPeriod(input: PeriodForecastInput): { forecast: Forecast; values: ForecastValues } {
  const forecast = forecastPeriodEnd({
    spentSoFar: input.spentSoFar,
    dailySpend: input.dailySpend,
    periodStart: input.period.startDate,
    periodEnd: input.period.endDate,
    now: input.now,
    tz: input.period.timeZone,
    windowDays: input.windowDays,
  });
  return { forecast, values: { metric: "forecast", projected: forecast.projected, spentSoFar: input.spentSoFar } };
}
