import { describe, expect, it } from "vitest";
import { forecastPeriodEnd, linearTrend, type DailySpend, type Forecast, type ForecastInput } from "./forecast";
import { addDays } from "@/lib/time/calendar";

/** `costs` for consecutive days starting at `from`. */
function days(from: string, costs: string[]): DailySpend[] {
  return costs.map((cost, i) => ({ date: addDays(from, i), cost }));
}
const seven = (from: string, cost: string) => days(from, Array(7).fill(cost));

const NOV = { periodStart: "2026-11-01", periodEnd: "2026-11-30", tz: "UTC" };
const MID_NOV = new Date("2026-11-15T12:00:00Z"); // 14.5 days elapsed, 15.5 remaining

describe("forecastPeriodEnd", () => {
  it.each<[string, Omit<ForecastInput, "periodStart" | "periodEnd" | "tz"> & Partial<ForecastInput>, Partial<Forecast>]>([
    [
      "trailing 7-day mean",
      { spentSoFar: "150", dailySpend: seven("2026-11-08", "10"), now: MID_NOV },
      { method: "trailing_mean", runRatePerDay: "10.000000000", daysRemaining: "15.5", rateBasisDays: "7", projected: "305.000000000" },
    ],
    [
      "decimal amounts stay exact (0.1 × 7)",
      { spentSoFar: "1.4", dailySpend: seven("2026-11-08", "0.1"), now: MID_NOV },
      { runRatePerDay: "0.100000000", projected: "2.950000000" },
    ],
    [
      // 10/7 per day × 15.5 days = 155/7: one division, rounded once (rate-first rounding would give ...8505).
      "non-terminating rate is divided once and rounded half-even at 12 places",
      { spentSoFar: "0", dailySpend: days("2026-11-08", ["10", "0", "0", "0", "0", "0", "0"]), now: MID_NOV },
      { runRatePerDay: "1.428571428571", projected: "22.142857142857" },
    ],
    [
      "fewer than 7 days of history -> period-to-date mean",
      { spentSoFar: "150", dailySpend: days("2026-11-12", ["10", "10", "10"]), now: MID_NOV },
      // 150 / 14.5 days; projected = 150 + 150 × 15.5 / 14.5
      { method: "period_to_date_mean", rateBasisDays: "14.5", runRatePerDay: "10.344827586207", projected: "310.344827586207" },
    ],
    [
      "a missing day inside the window counts as missing history",
      { spentSoFar: "150", dailySpend: seven("2026-11-08", "10").filter((d) => d.date !== "2026-11-11"), now: MID_NOV },
      { method: "period_to_date_mean", projected: "310.344827586207" },
    ],
    [
      "repeated dates are summed",
      { spentSoFar: "150", dailySpend: [...seven("2026-11-08", "10"), { date: "2026-11-08", cost: "7" }], now: MID_NOV },
      { method: "trailing_mean", runRatePerDay: "11.000000000", projected: "320.500000000" },
    ],
    [
      "today's partial row and future rows are ignored",
      {
        spentSoFar: "150",
        dailySpend: [...seven("2026-11-08", "10"), { date: "2026-11-15", cost: "1000" }, { date: "2026-11-20", cost: "1000" }],
        now: MID_NOV,
      },
      { method: "trailing_mean", projected: "305.000000000" },
    ],
    [
      "first hours of a period: divisor is at least one day",
      { spentSoFar: "5", dailySpend: [], now: new Date("2026-11-01T06:00:00Z") },
      { method: "period_to_date_mean", rateBasisDays: "1", runRatePerDay: "5.000000000", daysRemaining: "29.75", projected: "153.750000000" },
    ],
    [
      "trailing window may reach into the previous period",
      { spentSoFar: "2", dailySpend: seven("2026-10-26", "2"), now: new Date("2026-11-02T00:00:00Z") },
      { method: "trailing_mean", daysRemaining: "29", projected: "60.000000000" },
    ],
    [
      "period ended: projection is what was spent",
      { spentSoFar: "300", dailySpend: seven("2026-11-24", "50"), now: new Date("2026-12-01T00:00:00Z") },
      { method: "period_ended", daysRemaining: "0", runRatePerDay: "10.000000000", rateBasisDays: "30", projected: "300.000000000" },
    ],
    [
      "before the period: the whole period remains",
      { spentSoFar: "0", dailySpend: seven("2026-10-13", "10"), now: new Date("2026-10-20T12:00:00Z") },
      { method: "trailing_mean", daysRemaining: "30", projected: "300.000000000" },
    ],
    [
      "refunds never make the rate negative",
      { spentSoFar: "50", dailySpend: seven("2026-11-08", "-1"), now: MID_NOV },
      { runRatePerDay: "0.000000000", projected: "50.000000000" },
    ],
    [
      "a negative balance never projects below zero",
      { spentSoFar: "-5", dailySpend: [], now: MID_NOV },
      { runRatePerDay: "0.000000000", projected: "0.000000000" },
    ],
    [
      "custom window",
      { spentSoFar: "0", dailySpend: days("2026-11-12", ["3", "6", "9"]), now: MID_NOV, windowDays: 3 },
      { method: "trailing_mean", rateBasisDays: "3", runRatePerDay: "6.000000000", projected: "93.000000000" },
    ],
    [
      // 12:00 EDT on the 25-hour fall-back day: 13 of 25 hours remain today.
      "25-hour DST day in New York",
      { spentSoFar: "0", dailySpend: seven("2026-10-25", "10"), now: new Date("2026-11-01T16:00:00Z"), tz: "America/New_York" },
      { daysRemaining: "29.52", projected: "295.200000000" },
    ],
    [
      // 12:00 EDT on the 23-hour spring-forward day: 12 of 23 hours remain; 23 × (23 + 12/23) = 541.
      "23-hour DST day in New York",
      {
        spentSoFar: "0",
        dailySpend: seven("2026-03-01", "23"),
        now: new Date("2026-03-08T16:00:00Z"),
        periodStart: "2026-03-01",
        periodEnd: "2026-03-31",
        tz: "America/New_York",
      },
      { daysRemaining: "23.521739", projected: "541.000000000" },
    ],
    [
      // 18:30 UTC is local midnight in Kolkata: Nov 16 through Nov 30 remain, exactly 15 days.
      "half-hour zone at local midnight",
      { spentSoFar: "10", dailySpend: seven("2026-11-09", "1"), now: new Date("2026-11-15T18:30:00Z"), tz: "Asia/Kolkata" },
      { daysRemaining: "15", projected: "25.000000000" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(forecastPeriodEnd({ ...NOV, ...input })).toMatchObject(expected);
  });

  it.each<[string, Partial<ForecastInput>]>([
    ["period ending before it starts", { periodStart: "2026-11-30", periodEnd: "2026-11-01" }],
    ["zero window", { windowDays: 0 }],
    ["fractional window", { windowDays: 2.5 }],
    ["malformed amount", { spentSoFar: "12,50" }],
  ])("rejects %s", (_name, patch) => {
    expect(() => forecastPeriodEnd({ ...NOV, spentSoFar: "1", dailySpend: [], now: MID_NOV, ...patch })).toThrow();
  });
});

describe("linearTrend", () => {
  it.each<[string, DailySpend[], { slopePerDay: string; fittedLast: string; points: number } | null]>([
    ["rising by one per day", days("2026-11-01", ["1", "2", "3"]), { slopePerDay: "1.000000000", fittedLast: "3.000000000", points: 3 }],
    ["flat", days("2026-11-01", ["4.5", "4.5", "4.5", "4.5"]), { slopePerDay: "0.000000000", fittedLast: "4.500000000", points: 4 }],
    ["zig-zag fits a flat third", days("2026-11-01", ["0", "1", "0"]), { slopePerDay: "0.000000000", fittedLast: "0.333333333333", points: 3 }],
    [
      "gaps use real day distances",
      [
        { date: "2026-11-01", cost: "0" },
        { date: "2026-11-11", cost: "10" },
      ],
      { slopePerDay: "1.000000000", fittedLast: "10.000000000", points: 2 },
    ],
    ["a single day has no trend", days("2026-11-01", ["5"]), null],
    ["empty", [], null],
  ])("%s", (_name, input, expected) => {
    expect(linearTrend(input)).toEqual(expected);
  });
});
