import { describe, expect, it } from "vitest";
import {
  addDays,
  daysInMonth,
  diffDays,
  firstOfQuarter,
  fromEpochDay,
  isCalendarDate,
  isoWeek,
  isoWeekStart,
  isoWeekday,
  isoWeeksInYear,
  lastOfMonth,
  lastOfQuarter,
  listDays,
  parseCalendarDate,
  toEpochDay,
} from "./calendar";

describe("isCalendarDate / parseCalendarDate", () => {
  it.each([
    ["2026-01-31", true],
    ["2028-02-29", true], // leap year
    ["2000-02-29", true], // divisible by 400
    ["2026-02-29", false],
    ["2100-02-29", false], // divisible by 100, not 400
    ["2026-02-30", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-1-01", false],
    ["2026-01-01T00:00", false],
    ["", false],
  ])("%s -> %s", (input, ok) => {
    expect(isCalendarDate(input)).toBe(ok);
    if (!ok) expect(() => parseCalendarDate(input)).toThrow(RangeError);
  });

  it("rejects non-strings", () => {
    expect(isCalendarDate(20260101)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"], // month end
    ["2026-02-28", 1, "2026-03-01"], // non-leap February
    ["2028-02-28", 1, "2028-02-29"], // leap day
    ["2028-02-29", 1, "2028-03-01"],
    ["2026-12-31", 1, "2027-01-01"], // year end
    ["2027-01-01", -1, "2026-12-31"],
    ["2026-03-08", 1, "2026-03-09"], // US DST day: labels are unaffected
    ["2026-01-01", 365, "2027-01-01"],
    ["2028-01-01", 366, "2029-01-01"],
    ["2026-11-25", 0, "2026-11-25"],
    ["1970-01-01", -1, "1969-12-31"],
  ])("%s + %i = %s", (from, n, expected) => {
    expect(addDays(from, n)).toBe(expected);
  });

  it("rejects fractional day counts and impossible dates", () => {
    expect(() => addDays("2026-01-01", 1.5)).toThrow(RangeError);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });
});

describe("listDays / diffDays / epoch days", () => {
  it("lists inclusive ranges across a leap day", () => {
    expect(listDays("2028-02-27", "2028-03-01")).toEqual(["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]);
  });
  it.each([
    ["2026-11-25", "2026-11-25", 1],
    ["2026-12-30", "2027-01-02", 4],
    ["2026-11-26", "2026-11-25", 0],
  ])("listDays(%s, %s) has %i days", (from, to, n) => {
    expect(listDays(from, to)).toHaveLength(n);
  });
  it.each([
    ["2026-01-01", "2026-12-31", 364],
    ["2028-01-01", "2028-12-31", 365],
    ["2026-11-25", "2026-11-01", -24],
  ])("diffDays(%s, %s) = %i", (a, b, n) => {
    expect(diffDays(a, b)).toBe(n);
  });
  it("round-trips epoch days, including before 1970 and years below 100", () => {
    expect(toEpochDay("1970-01-01")).toBe(0);
    expect(toEpochDay("1969-12-31")).toBe(-1);
    for (const d of ["0050-06-15", "1899-12-31", "2028-02-29", "9999-12-31"]) expect(fromEpochDay(toEpochDay(d))).toBe(d);
  });
});

describe("month and quarter bounds", () => {
  it.each([
    [2026, 2, 28],
    [2028, 2, 29],
    [2100, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ])("daysInMonth(%i, %i) = %i", (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
  });
  it.each([
    ["2026-01-31", "2026-01-31", "2026-01-01", "2026-03-31"],
    ["2028-02-10", "2028-02-29", "2028-01-01", "2028-03-31"],
    ["2026-05-15", "2026-05-31", "2026-04-01", "2026-06-30"],
    ["2026-09-30", "2026-09-30", "2026-07-01", "2026-09-30"],
    ["2026-11-25", "2026-11-30", "2026-10-01", "2026-12-31"],
  ])("%s: month ends %s, quarter %s..%s", (d, monthEnd, qStart, qEnd) => {
    expect(lastOfMonth(d)).toBe(monthEnd);
    expect(firstOfQuarter(d)).toBe(qStart);
    expect(lastOfQuarter(d)).toBe(qEnd);
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2026-11-25", 3, 2026, 48],
    ["2026-12-28", 1, 2026, 53], // 2026 starts on a Thursday: 53 weeks
    ["2027-01-03", 7, 2026, 53], // early January belongs to the previous ISO year
    ["2027-01-04", 1, 2027, 1],
    ["2025-12-29", 1, 2026, 1], // late December belongs to the next ISO year
    ["2025-12-28", 7, 2025, 52],
    ["2021-01-01", 5, 2020, 53],
    ["2024-12-30", 1, 2025, 1],
    ["2028-02-29", 2, 2028, 9],
  ])("%s is weekday %i of %i-W%i", (date, weekday, isoYear, week) => {
    expect(isoWeekday(date)).toBe(weekday);
    expect(isoWeek(date)).toEqual({ isoYear, week });
  });

  it.each([
    [2026, 53],
    [2020, 53],
    [2015, 53],
    [2025, 52],
    [2027, 52],
  ])("%i has %i ISO weeks", (year, n) => {
    expect(isoWeeksInYear(year)).toBe(n);
  });

  it.each([
    [2026, 1, "2025-12-29"],
    [2026, 48, "2026-11-23"],
    [2026, 53, "2026-12-28"],
    [2027, 1, "2027-01-04"],
    [2021, 1, "2021-01-04"],
  ])("week %i-W%i starts on %s", (y, w, monday) => {
    expect(isoWeekStart(y, w)).toBe(monday);
  });
});
