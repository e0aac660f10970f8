import { describe, expect, it } from "vitest";
import {
  elapsedFraction,
  nextPeriod,
  periodContains,
  periodFor,
  periodForDate,
  periodFromKey,
  previousPeriod,
  type PeriodKind,
} from "./periods";

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();
const hours = (p: { start: Date; endExclusive: Date }) => (p.endExclusive.getTime() - p.start.getTime()) / HOUR;

describe("periodFor", () => {
  it.each<[PeriodKind, string, string, string, string, string, number, string, string]>([
    // kind, instant, tz, key, startDate, endDate, days, start, endExclusive
    ["month", "2026-11-25T12:00:00Z", "UTC", "2026-11", "2026-11-01", "2026-11-30", 30, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"],
    ["month", "2026-01-31T12:00:00Z", "UTC", "2026-01", "2026-01-01", "2026-01-31", 31, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"],
    ["month", "2026-02-14T12:00:00Z", "UTC", "2026-02", "2026-02-01", "2026-02-28", 28, "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"],
    ["month", "2028-02-29T12:00:00Z", "UTC", "2028-02", "2028-02-01", "2028-02-29", 29, "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"],
    // 23:30 UTC on Oct 31 is already Nov 1 in Berlin.
    ["month", "2026-10-31T23:30:00Z", "Europe/Berlin", "2026-11", "2026-11-01", "2026-11-30", 30, "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z"],
    ["month", "2026-03-15T12:00:00Z", "America/New_York", "2026-03", "2026-03-01", "2026-03-31", 31, "2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z"],
    ["month", "2026-11-15T12:00:00Z", "Asia/Kolkata", "2026-11", "2026-11-01", "2026-11-30", 30, "2026-10-31T18:30:00Z", "2026-11-30T18:30:00Z"],
    ["quarter", "2026-11-25T12:00:00Z", "UTC", "2026-Q4", "2026-10-01", "2026-12-31", 92, "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z"],
    ["quarter", "2026-02-01T12:00:00Z", "UTC", "2026-Q1", "2026-01-01", "2026-03-31", 90, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"],
    ["quarter", "2028-03-31T12:00:00Z", "UTC", "2028-Q1", "2028-01-01", "2028-03-31", 91, "2028-01-01T00:00:00Z", "2028-04-01T00:00:00Z"],
    ["quarter", "2026-06-30T22:30:00Z", "Europe/Berlin", "2026-Q3", "2026-07-01", "2026-09-30", 92, "2026-06-30T22:00:00Z", "2026-09-30T22:00:00Z"],
    ["week", "2026-11-25T12:00:00Z", "UTC", "2026-W48", "2026-11-23", "2026-11-29", 7, "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z"],
    ["week", "2027-01-02T12:00:00Z", "UTC", "2026-W53", "2026-12-28", "2027-01-03", 7, "2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z"],
    ["week", "2025-12-31T12:00:00Z", "UTC", "2026-W01", "2025-12-29", "2026-01-04", 7, "2025-12-29T00:00:00Z", "2026-01-05T00:00:00Z"],
    ["week", "2021-01-01T12:00:00Z", "UTC", "2020-W53", "2020-12-28", "2021-01-03", 7, "2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z"],
    // Sunday 23:30 UTC is Monday morning in Tokyo: next ISO week.
    ["week", "2026-11-29T23:30:00Z", "Asia/Tokyo", "2026-W49", "2026-11-30", "2026-12-06", 7, "2026-11-29T15:00:00Z", "2026-12-06T15:00:00Z"],
    ["day", "2026-11-24T23:30:00Z", "Asia/Tokyo", "2026-11-25", "2026-11-25", "2026-11-25", 1, "2026-11-24T15:00:00Z", "2026-11-25T15:00:00Z"],
    ["day", "2026-03-08T12:00:00Z", "America/New_York", "2026-03-08", "2026-03-08", "2026-03-08", 1, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"],
    ["day", "2028-02-29T00:00:00Z", "UTC", "2028-02-29", "2028-02-29", "2028-02-29", 1, "2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z"],
  ])("%s at %s in %s -> %s", (kind, instant, tz, key, startDate, endDate, days, start, endExclusive) => {
    const p = periodFor(kind, new Date(instant), tz, { weekStartsOn: 1 });
    expect(p).toMatchObject({ kind, key, startDate, endDate, days, timeZone: tz });
    expect(iso(p.start)).toBe(iso(new Date(start)));
    expect(iso(p.endExclusive)).toBe(iso(new Date(endExclusive)));
  });

  it.each([
    ["day", "2026-03-08", "America/New_York", 23],
    ["day", "2026-11-01", "America/New_York", 25],
    ["week", "2026-03-25", "Europe/Berlin", 7 * 24 - 1], // W13 contains Mar 29 spring forward
    ["week", "2026-10-21", "Europe/Berlin", 7 * 24 + 1], // W43 contains Oct 25 fall back
    ["month", "2026-03-10", "America/New_York", 31 * 24 - 1],
    ["month", "2026-10-10", "Australia/Lord_Howe", 31 * 24 - 0.5], // 30-minute DST starts Oct 4
    ["month", "2026-03-10", "Asia/Tokyo", 31 * 24],
  ] as const)("a %s around %s in %s lasts %sh", (kind, date, tz, h) => {
    expect(hours(periodForDate(kind, date, tz))).toBe(h);
  });
});

describe("nextPeriod / previousPeriod", () => {
  it.each<[PeriodKind, string, string, string]>([
    ["month", "2026-01-31", "2026-02", "2025-12"], // Jan 31 -> February, never "31 days later"
    ["month", "2026-12-15", "2027-01", "2026-11"],
    ["month", "2028-01-31", "2028-02", "2027-12"],
    ["quarter", "2026-11-25", "2027-Q1", "2026-Q3"],
    ["quarter", "2026-01-01", "2026-Q2", "2025-Q4"],
    ["week", "2026-12-30", "2027-W01", "2026-W52"], // from W53
    ["week", "2026-01-01", "2026-W02", "2025-W52"], // from 2026-W01
    ["day", "2028-02-28", "2028-02-29", "2028-02-27"],
    ["day", "2026-12-31", "2027-01-01", "2026-12-30"],
  ])("%s containing %s: next %s, previous %s", (kind, date, next, prev) => {
    const p = periodForDate(kind, date, "Europe/Berlin");
    expect(nextPeriod(p).key).toBe(next);
    expect(previousPeriod(p).key).toBe(prev);
    expect(iso(nextPeriod(p).start)).toBe(iso(p.endExclusive));
    expect(iso(previousPeriod(p).endExclusive)).toBe(iso(p.start));
  });

  it.each<[PeriodKind, number]>([
    ["day", 800],
    ["week", 120],
    ["month", 60],
    ["quarter", 20],
  ])("%s periods tile time with no gaps or overlaps (Lord Howe, %i steps)", (kind, steps) => {
    let p = periodForDate(kind, "2025-01-01", "Australia/Lord_Howe");
    const seen = new Set<string>([p.key]);
    for (let i = 0; i < steps; i++) {
      const n = nextPeriod(p);
      expect(iso(n.start)).toBe(iso(p.endExclusive));
      expect(n.startDate > p.endDate).toBe(true);
      expect(seen.has(n.key)).toBe(false);
      seen.add(n.key);
      expect(previousPeriod(n).key).toBe(p.key);
      p = n;
    }
  });
});

describe("periodFromKey", () => {
  it.each<[PeriodKind, string, string, string]>([
    ["day", "2028-02-29", "2028-02-29", "2028-02-29"],
    ["week", "2026-W53", "2026-12-28", "2027-01-03"],
    ["week", "2026-W01", "2025-12-29", "2026-01-04"],
    ["month", "2026-02", "2026-02-01", "2026-02-28"],
    ["quarter", "2026-Q4", "2026-10-01", "2026-12-31"],
  ])("%s %s -> %s..%s", (kind, key, startDate, endDate) => {
    const p = periodFromKey(kind, key, "Asia/Kolkata");
    expect(p).toMatchObject({ kind, key, startDate, endDate });
    expect(periodFor(kind, p.start, "Asia/Kolkata").key).toBe(key);
  });

  it.each<[PeriodKind, string]>([
    ["day", "2026-02-30"],
    ["week", "2025-W53"], // 2025 has 52 ISO weeks
    ["week", "2026-W00"],
    ["week", "2026-48"],
    ["month", "2026-13"],
    ["month", "2026-1"],
    ["quarter", "2026-Q5"],
    ["quarter", "2026-11"],
  ])("rejects %s key %s", (kind, key) => {
    expect(() => periodFromKey(kind, key, "UTC")).toThrow(RangeError);
  });
});

describe("elapsedFraction / periodContains", () => {
  const feb = periodForDate("month", "2026-02-10", "UTC");
  it.each([
    ["2026-01-31T23:59:59Z", 0],
    ["2026-02-01T00:00:00Z", 0],
    ["2026-02-15T00:00:00Z", 0.5],
    ["2026-03-01T00:00:00Z", 1],
    ["2026-04-01T00:00:00Z", 1],
  ])("February 2026 at %s -> %s", (now, f) => {
    expect(elapsedFraction(feb, new Date(now))).toBe(f);
  });

  it("uses real instants on a 23-hour DST day", () => {
    const d = periodForDate("day", "2026-03-08", "America/New_York");
    // 12:00 EDT = 16:00Z; the day started 05:00Z and has 23 hours.
    expect(elapsedFraction(d, new Date("2026-03-08T16:00:00Z"))).toBe(11 / 23);
  });

  it("is half-open", () => {
    expect(periodContains(feb, feb.start)).toBe(true);
    expect(periodContains(feb, new Date(feb.endExclusive.getTime() - 1))).toBe(true);
    expect(periodContains(feb, feb.endExclusive)).toBe(false);
  });
});
