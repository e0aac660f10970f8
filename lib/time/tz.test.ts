import { describe, expect, it } from "vitest";
import {
  addDays,
  dayRangeToInstants,
  hasWholeHourOffsets,
  isValidTimeZone,
  listDays,
  todayIn,
  toZonedDate,
  tzOffsetMinutes,
  zonedDayBounds,
  zonedDayStart,
} from "./tz";

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe("isValidTimeZone", () => {
  it.each([
    ["UTC", true],
    ["Europe/Berlin", true],
    ["America/New_York", true],
    ["Asia/Kolkata", true],
    ["Australia/Lord_Howe", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
    ["   ", false],
    [123, false],
    [undefined, false],
  ])("%s -> %s", (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});

describe("tzOffsetMinutes", () => {
  it.each([
    ["2026-01-15T12:00:00Z", "UTC", 0],
    ["2026-01-15T12:00:00Z", "America/New_York", -300],
    ["2026-07-15T12:00:00Z", "America/New_York", -240],
    ["2026-03-08T06:59:59Z", "America/New_York", -300], // last second of EST
    ["2026-03-08T07:00:00Z", "America/New_York", -240], // 02:00 EST -> 03:00 EDT
    ["2026-11-01T05:59:59Z", "America/New_York", -240],
    ["2026-11-01T06:00:00Z", "America/New_York", -300],
    ["2026-01-15T12:00:00Z", "Europe/Berlin", 60],
    ["2026-07-15T12:00:00Z", "Europe/Berlin", 120],
    ["2026-03-29T01:00:00Z", "Europe/Berlin", 120],
    ["2026-10-25T01:00:00Z", "Europe/Berlin", 60],
    ["2026-07-15T12:00:00Z", "Asia/Tokyo", 540],
    ["2026-07-15T12:00:00Z", "Asia/Kolkata", 330],
    ["2026-07-15T12:00:00Z", "Asia/Kathmandu", 345],
    ["2026-01-15T12:00:00Z", "Australia/Lord_Howe", 660], // +11 in the southern summer
    ["2026-07-15T12:00:00Z", "Australia/Lord_Howe", 630], // +10:30 in winter: a 30-minute DST shift
    ["2026-01-15T12:00:00Z", "Pacific/Chatham", 825], // +13:45
    ["2026-01-15T12:00:00Z", "America/St_Johns", -210], // -3:30
  ])("%s in %s = %i", (iso, tz, minutes) => {
    expect(tzOffsetMinutes(at(iso), tz)).toBe(minutes);
  });

  it("ignores milliseconds (Intl formats whole seconds)", () => {
    expect(tzOffsetMinutes(at("2026-03-08T06:59:59.999Z"), "America/New_York")).toBe(-300);
  });
});

describe("toZonedDate / todayIn", () => {
  it.each([
    ["2026-11-24T23:30:00Z", "Asia/Tokyo", "2026-11-25"], // 08:30 next day in Tokyo
    ["2026-11-24T23:30:00Z", "UTC", "2026-11-24"],
    ["2026-11-24T23:30:00Z", "America/New_York", "2026-11-24"],
    ["2026-11-25T04:59:59Z", "America/New_York", "2026-11-24"],
    ["2026-11-25T05:00:00Z", "America/New_York", "2026-11-25"],
    ["2026-11-24T18:29:59.999Z", "Asia/Kolkata", "2026-11-24"],
    ["2026-11-24T18:30:00Z", "Asia/Kolkata", "2026-11-25"],
    ["2026-12-31T23:00:00Z", "Europe/Berlin", "2027-01-01"],
    ["2028-02-29T12:00:00Z", "Pacific/Kiritimati", "2028-03-01"], // +14
    ["2028-02-29T10:00:00Z", "Pacific/Pago_Pago", "2028-02-28"], // -11
  ])("%s in %s is %s", (iso, tz, date) => {
    expect(toZonedDate(at(iso), tz)).toBe(date);
    expect(todayIn(tz, at(iso))).toBe(date);
  });

  it("throws for an unknown zone", () => {
    expect(() => toZonedDate(at("2026-01-01T00:00:00Z"), "Nowhere/Land")).toThrow(RangeError);
  });
});

describe("zonedDayStart", () => {
  it.each([
    // [date, tz, start instant, day length in hours]
    ["2026-11-25", "UTC", "2026-11-25T00:00:00Z", 24],
    ["2026-11-25", "Asia/Tokyo", "2026-11-24T15:00:00Z", 24],
    ["2026-11-25", "Asia/Kolkata", "2026-11-24T18:30:00Z", 24],
    ["2026-11-25", "Asia/Kathmandu", "2026-11-24T18:15:00Z", 24],
    ["2026-03-08", "America/New_York", "2026-03-08T05:00:00Z", 23], // spring forward
    ["2026-03-09", "America/New_York", "2026-03-09T04:00:00Z", 24],
    ["2026-11-01", "America/New_York", "2026-11-01T04:00:00Z", 25], // fall back
    ["2026-11-02", "America/New_York", "2026-11-02T05:00:00Z", 24],
    ["2026-03-29", "Europe/Berlin", "2026-03-28T23:00:00Z", 23],
    ["2026-10-25", "Europe/Berlin", "2026-10-24T22:00:00Z", 25],
    ["2026-10-04", "Australia/Lord_Howe", "2026-10-03T13:30:00Z", 23.5], // 30-minute DST
    ["2026-04-05", "Australia/Lord_Howe", "2026-04-04T13:00:00Z", 24.5],
    // Midnight skipped by DST: the day starts at 01:00 local, right after the gap.
    ["2018-11-04", "America/Sao_Paulo", "2018-11-04T03:00:00Z", 23],
    ["2026-09-06", "America/Santiago", "2026-09-06T04:00:00Z", 23],
    ["2026-03-08", "America/Havana", "2026-03-08T05:00:00Z", 23],
    // Midnight repeated (01:00 -> 00:00): the day starts at the first midnight.
    ["2026-11-01", "America/Havana", "2026-11-01T04:00:00Z", 25],
    // Samoa skipped 2011-12-30 entirely: zero-length day.
    ["2011-12-30", "Pacific/Apia", "2011-12-30T10:00:00Z", 0],
    ["2011-12-31", "Pacific/Apia", "2011-12-30T10:00:00Z", 24],
  ])("%s in %s starts at %s and lasts %sh", (date, tz, startIso, hours) => {
    const { start, endExclusive } = dayRangeToInstants(date, date, tz);
    expect(zonedDayStart(date, tz).toISOString()).toBe(new Date(startIso).toISOString());
    expect(start.toISOString()).toBe(new Date(startIso).toISOString());
    expect((endExclusive.getTime() - start.getTime()) / HOUR).toBe(hours);
  });

  it.each(["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "America/Havana", "Asia/Tehran"])(
    "every day of 2026 in %s starts at the first instant carrying its date",
    (tz) => {
      for (const date of listDays("2026-01-01", "2026-12-31")) {
        const start = zonedDayStart(date, tz);
        expect(toZonedDate(start, tz)).toBe(date);
        expect(toZonedDate(new Date(start.getTime() - 1), tz)).toBe(addDays(date, -1));
      }
    },
  );

  it("returns fresh Date objects (mutating one does not poison the cache)", () => {
    const a = zonedDayStart("2026-05-05", "Europe/Berlin");
    a.setTime(0);
    expect(zonedDayStart("2026-05-05", "Europe/Berlin").toISOString()).toBe("2026-05-04T22:00:00.000Z");
  });
});

describe("dayRangeToInstants / zonedDayBounds", () => {
  it.each([
    ["2026-03-02", "2026-03-08", "America/New_York", "2026-03-02T05:00:00Z", "2026-03-09T04:00:00Z"], // 167h week
    ["2026-11-01", "2026-11-30", "Europe/Berlin", "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z"],
    ["2028-02-01", "2028-02-29", "Asia/Tokyo", "2028-01-31T15:00:00Z", "2028-02-29T15:00:00Z"],
    ["2026-12-31", "2026-12-31", "Asia/Kolkata", "2026-12-30T18:30:00Z", "2026-12-31T18:30:00Z"],
  ])("[%s, %s] in %s = [%s, %s)", (from, to, tz, s, e) => {
    const r = dayRangeToInstants(from, to, tz);
    expect(r.start.toISOString()).toBe(new Date(s).toISOString());
    expect(r.endExclusive.toISOString()).toBe(new Date(e).toISOString());
  });

  it("rejects reversed ranges", () => {
    expect(() => dayRangeToInstants("2026-11-02", "2026-11-01", "UTC")).toThrow(RangeError);
  });

  it("gives the local day around an instant (Tokyo event at 23:30 UTC)", () => {
    const b = zonedDayBounds(at("2026-11-24T23:30:00Z"), "Asia/Tokyo");
    expect(b.date).toBe("2026-11-25");
    expect(b.start.toISOString()).toBe("2026-11-24T15:00:00.000Z");
    expect(b.endExclusive.toISOString()).toBe("2026-11-25T15:00:00.000Z");
  });
});

describe("hasWholeHourOffsets", () => {
  it.each([
    ["UTC", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", true],
    ["America/New_York", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", true],
    ["Europe/Berlin", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", true],
    ["Asia/Tokyo", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", true],
    ["Asia/Kolkata", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", false],
    ["Asia/Kolkata", "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z", false],
    ["Asia/Kathmandu", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", false],
    ["America/St_Johns", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", false],
    ["Australia/Lord_Howe", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", false],
    // Inside the southern summer Lord Howe is +11, a whole hour ...
    ["Australia/Lord_Howe", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", true],
    // ... and in winter +10:30.
    ["Australia/Lord_Howe", "2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z", false],
    // DST starts 2026-10-04 02:00 +10:30 = 2026-10-03T15:30Z; the range edges are exact.
    ["Australia/Lord_Howe", "2026-10-03T15:30:00Z", "2026-12-01T00:00:00Z", true],
    ["Australia/Lord_Howe", "2026-10-03T15:29:59Z", "2026-12-01T00:00:00Z", false],
    // DST ends 2026-04-05 02:00 +11 = 2026-04-04T15:00Z; end is exclusive.
    ["Australia/Lord_Howe", "2026-03-01T00:00:00Z", "2026-04-04T15:00:00Z", true],
    ["Australia/Lord_Howe", "2026-03-01T00:00:00Z", "2026-04-04T15:00:01Z", false],
    // Empty range is vacuously true.
    ["Asia/Kolkata", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", true],
  ])("%s over [%s, %s) -> %s", (tz, s, e, expected) => {
    expect(hasWholeHourOffsets(tz, at(s), at(e))).toBe(expected);
  });

  it("throws for an unknown zone even on an empty range", () => {
    expect(() => hasWholeHourOffsets("Nowhere/Land", at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"))).toThrow(RangeError);
  });
});
