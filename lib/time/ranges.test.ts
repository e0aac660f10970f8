import { describe, expect, it } from "vitest";
import { RANGE_PRESETS, isRangePreset, presetRange, previousPeriod, rangeLengthDays, type RangePreset } from "./ranges";

describe("presetRange", () => {
  // 03:00 UTC on Nov 25 is still Nov 24 in New York: presets follow the org's calendar, not UTC.
  const nyNow = new Date("2026-11-25T03:00:00Z");
  it.each<[RangePreset, string, string]>([
    ["today", "2026-11-24", "2026-11-24"],
    ["yesterday", "2026-11-23", "2026-11-23"],
    ["last7", "2026-11-18", "2026-11-24"],
    ["last30", "2026-10-26", "2026-11-24"],
    ["last90", "2026-08-27", "2026-11-24"],
    ["mtd", "2026-11-01", "2026-11-24"],
    ["prev_month", "2026-10-01", "2026-10-31"],
    ["qtd", "2026-10-01", "2026-11-24"],
    ["ytd", "2026-01-01", "2026-11-24"],
  ])("%s in America/New_York -> %s..%s", (preset, from, to) => {
    expect(presetRange(preset, "America/New_York", nyNow)).toEqual({ from, to });
  });

  // 15:30 UTC on Dec 31 is already Jan 1 in Tokyo: year, quarter and month all roll over.
  const tokyoNow = new Date("2026-12-31T15:30:00Z");
  it.each<[RangePreset, string, string]>([
    ["today", "2027-01-01", "2027-01-01"],
    ["yesterday", "2026-12-31", "2026-12-31"],
    ["mtd", "2027-01-01", "2027-01-01"],
    ["prev_month", "2026-12-01", "2026-12-31"],
    ["qtd", "2027-01-01", "2027-01-01"],
    ["ytd", "2027-01-01", "2027-01-01"],
    ["last7", "2026-12-26", "2027-01-01"],
  ])("%s in Asia/Tokyo at year end -> %s..%s", (preset, from, to) => {
    expect(presetRange(preset, "Asia/Tokyo", tokyoNow)).toEqual({ from, to });
  });

  it.each([
    ["2028-03-15T12:00:00Z", "2028-02-01", "2028-02-29"], // leap February
    ["2026-03-31T12:00:00Z", "2026-02-01", "2026-02-28"],
    ["2026-01-10T12:00:00Z", "2025-12-01", "2025-12-31"],
  ])("prev_month at %s -> %s..%s", (now, from, to) => {
    expect(presetRange("prev_month", "UTC", new Date(now))).toEqual({ from, to });
  });

  it.each([
    ["2026-02-15T12:00:00Z", "2026-01-01"],
    ["2026-06-30T12:00:00Z", "2026-04-01"],
    ["2026-07-01T12:00:00Z", "2026-07-01"],
  ])("qtd at %s starts %s", (now, from) => {
    expect(presetRange("qtd", "UTC", new Date(now)).from).toBe(from);
  });

  it("knows its presets", () => {
    expect(RANGE_PRESETS.every(isRangePreset)).toBe(true);
    expect(isRangePreset("last365")).toBe(false);
    expect(isRangePreset(7)).toBe(false);
  });
});

describe("previousPeriod / rangeLengthDays", () => {
  it.each([
    ["2026-11-01", "2026-11-30", "2026-10-02", "2026-10-31", 30],
    ["2026-11-24", "2026-11-24", "2026-11-23", "2026-11-23", 1],
    ["2028-03-01", "2028-03-07", "2028-02-23", "2028-02-29", 7], // crosses the leap day
    ["2027-01-01", "2027-01-10", "2026-12-22", "2026-12-31", 10], // crosses the year end
  ])("before %s..%s is %s..%s", (from, to, pFrom, pTo, n) => {
    expect(previousPeriod({ from, to })).toEqual({ from: pFrom, to: pTo });
    expect(rangeLengthDays({ from, to })).toBe(n);
    expect(rangeLengthDays({ from: pFrom, to: pTo })).toBe(n);
  });

  it("rejects reversed ranges", () => {
    expect(() => previousPeriod({ from: "2026-11-02", to: "2026-11-01" })).toThrow(RangeError);
  });
});
