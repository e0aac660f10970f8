import { describe, expect, it } from "vitest";
import { monthStart, monthsBetween, partitionName } from "./partitions";

describe("monthly partitions of usage_events", () => {
  it.each([
    // instant, shift, month start, partition
    ["2026-12-01T00:00:00.000Z", 0, "2026-12-01T00:00:00.000Z", "usage_events_p202612"],
    ["2026-11-30T23:59:59.999Z", 0, "2026-11-01T00:00:00.000Z", "usage_events_p202611"],
    ["2026-11-30T23:59:59.999Z", 1, "2026-12-01T00:00:00.000Z", "usage_events_p202612"],
    ["2026-12-15T12:00:00.000Z", 1, "2027-01-01T00:00:00.000Z", "usage_events_p202701"],
    ["2026-01-15T12:00:00.000Z", -1, "2025-12-01T00:00:00.000Z", "usage_events_p202512"],
    ["2026-03-31T23:30:00.000Z", -13, "2025-02-01T00:00:00.000Z", "usage_events_p202502"],
  ])("%s shifted %i months starts at %s (%s): UTC months, whatever the zone", (instant, shift, start, name) => {
    const m = monthStart(new Date(instant), shift);
    expect(m.toISOString()).toBe(start);
    expect(partitionName(m)).toBe(name);
  });

  it.each([
    ["2026-11-20T00:00:00Z", "2027-02-01T00:00:00Z", ["202611", "202612", "202701", "202702"]],
    ["2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", ["202611"]],
    ["2026-11-20T00:00:00Z", "2026-10-01T00:00:00Z", []],
  ])("months from %s to %s: %j", (from, to, months) => {
    expect(monthsBetween(new Date(from), new Date(to)).map((m) => partitionName(m).slice(-6))).toEqual(months);
  });
});
