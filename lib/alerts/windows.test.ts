import { describe, expect, it } from "vitest";
import { floorHour, hoursBefore, lastHours } from "./windows";

describe("rolling windows", () => {
  it.each([
    ["2026-11-25T12:34:56.789Z", 1, "2026-11-25T12:00:00.000Z", "2026-11-25T13:00:00.000Z"],
    ["2026-11-25T12:00:00.000Z", 1, "2026-11-25T12:00:00.000Z", "2026-11-25T13:00:00.000Z"],
    ["2026-11-25T12:34:56.789Z", 24, "2026-11-24T13:00:00.000Z", "2026-11-25T13:00:00.000Z"],
    ["2028-03-01T00:10:00.000Z", 2, "2028-02-29T23:00:00.000Z", "2028-03-01T01:00:00.000Z"],
  ])("last hours at %s (N=%i) -> [%s, %s)", (now, n, from, to) => {
    const w = lastHours(new Date(now), n);
    expect(w.from.toISOString()).toBe(from);
    expect(w.to.toISOString()).toBe(to);
  });

  it("puts the lookback right before the window", () => {
    const w = lastHours(new Date("2026-11-25T12:30:00Z"), 2);
    const l = hoursBefore(w.from, 168);
    expect(l.to.toISOString()).toBe("2026-11-25T11:00:00.000Z");
    expect(l.from.toISOString()).toBe("2026-11-18T11:00:00.000Z");
    expect(floorHour(new Date("2026-11-25T11:59:59.999Z")).toISOString()).toBe("2026-11-25T11:00:00.000Z");
  });

  it("refuses a window of no hours", () => {
    expect(() => lastHours(new Date(), 0)).toThrow(RangeError);
  });
});
