/**
 * The claim key across calendar edges: a threshold fired in one period must fire again in the next one and
 * never twice within one, judged in the organization's time zone (month ends, leap days, DST, year ends).
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate";
import { forecastForPeriod } from "./forecast";
import { periodFor, type PeriodKind } from "./periods";
import type { SpendRule } from "./types";
import { addDays } from "@/lib/time/calendar";

const rule = (periodKind: PeriodKind): SpendRule => ({ id: "r", metric: "spend", periodKind, unit: "usd", thresholds: ["10"] });

function fire(kind: PeriodKind, at: string, tz: string, fired: string[] = []) {
  const now = new Date(at);
  return evaluateRule({ rule: rule(kind), values: { metric: "spend", spentSoFar: "11" }, period: periodFor(kind, now, tz), firedClaimKeys: fired, now });
}

describe("re-arming across calendar edges", () => {
  it.each<[PeriodKind, string, string, string, string, string]>([
    // kind, tz, last instant of a period, first instant of the next, their keys
    ["month", "UTC", "2026-01-31T23:59:59Z", "2026-02-01T00:00:00Z", "2026-01", "2026-02"],
    ["month", "UTC", "2028-02-29T23:59:59Z", "2028-03-01T00:00:00Z", "2028-02", "2028-03"], // leap February ends on the 29th
    ["month", "America/New_York", "2026-03-01T04:59:59Z", "2026-03-01T05:00:00Z", "2026-02", "2026-03"],
    ["month", "Pacific/Auckland", "2026-11-30T10:59:59Z", "2026-11-30T11:00:00Z", "2026-11", "2026-12"], // NZDT +13
    ["month", "Asia/Kolkata", "2026-11-30T18:29:59Z", "2026-11-30T18:30:00Z", "2026-11", "2026-12"],
    ["day", "Europe/Berlin", "2026-03-29T21:59:59Z", "2026-03-29T22:00:00Z", "2026-03-29", "2026-03-30"], // 23-hour day
    ["day", "UTC", "2028-02-28T23:59:59Z", "2028-02-29T00:00:00Z", "2028-02-28", "2028-02-29"],
    ["week", "UTC", "2027-01-03T23:59:59Z", "2027-01-04T00:00:00Z", "2026-W53", "2027-W01"],
    ["quarter", "America/Los_Angeles", "2027-01-01T07:59:59Z", "2027-01-01T08:00:00Z", "2026-Q4", "2027-Q1"],
  ])("%s in %s: fires once before %s's edge and again at %s", (kind, tz, before, after, keyBefore, keyAfter) => {
    const first = fire(kind, before, tz);
    expect(first.map((f) => f.periodKey)).toEqual([keyBefore]);
    const fired = first.map((f) => f.claimKey);
    // Same period, a moment earlier: already claimed.
    expect(fire(kind, new Date(new Date(before).getTime() - 60_000).toISOString(), tz, fired)).toEqual([]);
    const next = fire(kind, after, tz, fired);
    expect(next.map((f) => f.periodKey)).toEqual([keyAfter]);
    expect(next[0].claimKey).not.toBe(fired[0]);
  });

  it("the same instant is in different periods in different zones", () => {
    const at = "2026-11-30T20:00:00Z"; // still November in New York, already December in Tokyo
    expect(fire("month", at, "America/New_York")[0].periodKey).toBe("2026-11");
    expect(fire("month", at, "Asia/Tokyo")[0].periodKey).toBe("2026-12");
  });
});

describe("forecast arithmetic over calendar months", () => {
  const week = (from: string, cost: string) => Array.from({ length: 7 }, (_, i) => ({ date: addDays(from, i), cost }));

  it.each([
    // now, tz, spent so far, daily rate, expected projection: spent + rate × days left (today's rest included)
    ["2028-02-15T00:00:00Z", "UTC", "140", "10", "290.000000000"], // leap February: 15 days left (15th..29th)
    ["2027-02-15T00:00:00Z", "UTC", "140", "10", "280.000000000"], // 14 days left (15th..28th)
    ["2026-01-31T12:00:00Z", "UTC", "300", "10", "305.000000000"], // half a day left, no "30-day month"
    ["2026-03-29T11:00:00Z", "Europe/Berlin", "0", "23", "57.000000000"], // 23-hour DST day: 11 of its 23 hours left, then 2 days: 23 × (2 + 11/23)
  ])("at %s in %s", (nowIso, tz, spent, rate, projected) => {
    const now = new Date(nowIso);
    const period = periodFor("month", now, tz);
    const today = period.startDate.slice(0, 8) + nowIso.slice(8, 10);
    const { forecast } = forecastForPeriod({ period, spentSoFar: spent, dailySpend: week(addDays(today, -7), rate), now });
    expect(forecast.method).toBe("trailing_mean");
    expect(forecast.projected).toBe(projected);
  });
});
