import { describe, expect, it } from "vitest";
import { digestWeek, dueWeek, latestDueWeek, zonedTime } from "./schedule";

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

describe("dueWeek", () => {
  it.each<[string, string, string | null, string | null]>([
    // tz, now, due week (Monday) or null, its send time (Monday 08:00 local)
    ["UTC", "2026-11-30T07:59:59Z", null, null],
    ["UTC", "2026-11-30T08:00:00Z", "2026-11-23", "2026-11-30T08:00:00Z"],
    // Still the same week late on Sunday (catch-up after downtime), never an older one.
    ["UTC", "2026-12-06T23:59:59Z", "2026-11-23", "2026-11-30T08:00:00Z"],
    ["Europe/Berlin", "2026-11-30T06:59:59Z", null, null],
    ["Europe/Berlin", "2026-11-30T07:00:00Z", "2026-11-23", "2026-11-30T07:00:00Z"],
    // Half-hour and 45-minute zones.
    ["Asia/Kolkata", "2026-11-30T02:29:59Z", null, null],
    ["Asia/Kolkata", "2026-11-30T02:30:00Z", "2026-11-23", "2026-11-30T02:30:00Z"],
    ["Asia/Kathmandu", "2026-11-30T02:15:00Z", "2026-11-23", "2026-11-30T02:15:00Z"],
    ["America/St_Johns", "2026-11-30T11:29:59Z", null, null],
    ["America/St_Johns", "2026-11-30T11:30:00Z", "2026-11-23", "2026-11-30T11:30:00Z"],
    // Monday 08:00 in Auckland (NZDT, +13) is still Sunday in UTC.
    ["Pacific/Auckland", "2026-11-29T18:59:59Z", null, null],
    ["Pacific/Auckland", "2026-11-29T19:00:00Z", "2026-11-23", "2026-11-29T19:00:00Z"],
    // The US switches to daylight time on Sunday 2026-03-08: Monday 08:00 EDT is 12:00 UTC.
    ["America/New_York", "2026-03-09T11:59:59Z", null, null],
    ["America/New_York", "2026-03-09T12:00:00Z", "2026-03-02", "2026-03-09T12:00:00Z"],
    // Berlin back to standard time on Sunday 2026-10-25: Monday 08:00 CET is 07:00 UTC.
    ["Europe/Berlin", "2026-10-26T06:59:59Z", null, null],
    ["Europe/Berlin", "2026-10-26T07:00:00Z", "2026-10-19", "2026-10-26T07:00:00Z"],
    // Lord Howe moves half an hour (+10:30 -> +11) on Sunday 2026-10-04.
    ["Australia/Lord_Howe", "2026-10-04T20:59:59Z", null, null],
    ["Australia/Lord_Howe", "2026-10-04T21:00:00Z", "2026-09-28", "2026-10-04T21:00:00Z"],
  ])("%s at %s -> %s", (tz, now, weekStart, sendAt) => {
    const w = dueWeek(new Date(now), tz);
    expect(w && w.weekStart).toBe(weekStart);
    expect(w && iso(w.sendAt)).toBe(sendAt);
  });

  it.each<[string, string | null]>([
    // subscribed at, due week at Tuesday 2026-12-01 10:00 UTC
    ["2026-11-30T07:59:59Z", "2026-11-23"],
    ["2026-11-30T08:00:00Z", "2026-11-23"],
    ["2026-11-30T08:00:01Z", null],
  ])("a subscription made at %s receives %s", (subscribedAt, weekStart) => {
    expect(dueWeek(new Date("2026-12-01T10:00:00Z"), "UTC", new Date(subscribedAt))?.weekStart ?? null).toBe(weekStart);
  });
});

describe("digestWeek", () => {
  it.each<[string, string, string, string, string, string, number]>([
    // tz, Monday, Sunday, start, endExclusive, previous week's start, hours
    ["UTC", "2026-11-23", "2026-11-29", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", "2026-11-16T00:00:00Z", 168],
    ["America/New_York", "2026-03-02", "2026-03-08", "2026-03-02T05:00:00Z", "2026-03-09T04:00:00Z", "2026-02-23T05:00:00Z", 167],
    ["Europe/Berlin", "2026-10-19", "2026-10-25", "2026-10-18T22:00:00Z", "2026-10-25T23:00:00Z", "2026-10-11T22:00:00Z", 169],
    ["Australia/Lord_Howe", "2026-09-28", "2026-10-04", "2026-09-27T13:30:00Z", "2026-10-04T13:00:00Z", "2026-09-20T13:30:00Z", 167.5],
    ["Asia/Kolkata", "2026-11-23", "2026-11-29", "2026-11-22T18:30:00Z", "2026-11-29T18:30:00Z", "2026-11-15T18:30:00Z", 168],
  ])("%s week of %s", (tz, monday, sunday, start, end, prev, hours) => {
    const w = digestWeek(monday, tz);
    expect([w.weekEnd, iso(w.start), iso(w.endExclusive), iso(w.previousStart)]).toEqual([sunday, start, end, prev]);
    expect((w.endExclusive.getTime() - w.start.getTime()) / HOUR).toBe(hours);
  });

  it("refuses a day that is not a Monday", () => {
    expect(() => digestWeek("2026-11-24", "UTC")).toThrow(RangeError);
  });
});

describe("zonedTime", () => {
  it.each<[string, string, number, string]>([
    ["Europe/Berlin", "2026-11-30", 8, "2026-11-30T07:00:00Z"],
    // 02:00 does not exist on 2026-03-08 in New York: the instant after the gap (03:00 EDT).
    ["America/New_York", "2026-03-08", 2, "2026-03-08T07:00:00Z"],
    // 02:00 happens twice on 2026-10-25 in Berlin: the first one (CEST).
    ["Europe/Berlin", "2026-10-25", 2, "2026-10-25T00:00:00Z"],
    ["Asia/Kathmandu", "2026-06-01", 8, "2026-06-01T02:15:00Z"],
  ])("%s %s %i:00 -> %s", (tz, date, hour, expected) => {
    expect(iso(zonedTime(date, hour, tz))).toBe(expected);
  });
});

describe("latestDueWeek", () => {
  it.each<[string, string, string]>([
    ["UTC", "2026-11-30T07:59:59Z", "2026-11-16"],
    ["UTC", "2026-11-30T08:00:00Z", "2026-11-23"],
    ["Asia/Kolkata", "2026-12-01T00:00:00Z", "2026-11-23"],
  ])("%s at %s -> week of %s", (tz, now, monday) => {
    expect(latestDueWeek(new Date(now), tz).weekStart).toBe(monday);
  });
});
