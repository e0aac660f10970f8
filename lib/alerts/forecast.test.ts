import { describe, expect, it } from "vitest";
import { forecastForPeriod } from "./forecast";
import { periodFor } from "./periods";
import { evaluateRule } from "./evaluate";
import { addDays } from "@/lib/time/calendar";

describe("forecastForPeriod", () => {
  it.each([
    // 12:00 EDT on the 25-hour Nov 1 in New York: 29.52 days remain at $10/day.
    ["America/New_York", "2026-11-01T16:00:00Z", "2026-10-25", "295.200000000", "29.52"],
    // Same instant is already 01:00 on Nov 2 in Tokyo: 28 + 23/24 days remain.
    ["Asia/Tokyo", "2026-11-01T16:00:00Z", "2026-10-26", "289.583333333333", "28.958333"],
  ])("uses the period's own time zone (%s)", (tz, nowIso, windowFrom, projected, daysRemaining) => {
    const now = new Date(nowIso);
    const period = periodFor("month", now, tz);
    const dailySpend = Array.from({ length: 7 }, (_, i) => ({ date: addDays(windowFrom, i), cost: "10" }));
    const { forecast, values } = forecastForPeriod({ period, spentSoFar: "0", dailySpend, now });
    expect(forecast).toMatchObject({ method: "trailing_mean", projected, daysRemaining });
    expect(values).toEqual({ metric: "forecast", projected, spentSoFar: "0" });
  });

  it("feeds a forecast rule", () => {
    const now = new Date("2026-11-15T12:00:00Z");
    const period = periodFor("month", now, "UTC");
    const dailySpend = Array.from({ length: 7 }, (_, i) => ({ date: addDays("2026-11-08", i), cost: "40" }));
    const { values } = forecastForPeriod({ period, spentSoFar: "400", dailySpend, now });
    const rule = { id: "fc", metric: "forecast", periodKind: "month", budget: { amountUsd: "1000", version: 1 } } as const;
    // 400 + 40 × 15.5 = 1020 >= 1000
    expect(evaluateRule({ rule, values, period, firedClaimKeys: [], now }).map((f) => f.forecast)).toEqual(["1020.000000000"]);
  });
});
