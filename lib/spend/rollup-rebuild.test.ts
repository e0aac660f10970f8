import { describe, expect, it } from "vitest";
import { distinctHours, hourOf } from "./rollup-rebuild";

describe("rollup hours", () => {
  it.each([
    ["2026-06-11T00:00:00.000Z", "2026-06-11T00:00:00.000Z"],
    ["2026-06-11T00:59:59.999Z", "2026-06-11T00:00:00.000Z"],
    ["2026-06-11T13:30:00+02:00", "2026-06-11T11:00:00.000Z"],
    ["1969-12-31T23:30:00Z", "1969-12-31T23:00:00.000Z"],
  ])("%s is in the UTC hour %s", (at, hour) => {
    expect(hourOf(new Date(at)).toISOString()).toBe(hour);
  });

  it("distinct, sorted hours", () => {
    const dates = ["2026-06-11T05:10:00Z", "2026-06-11T01:00:00Z", "2026-06-11T05:59:00Z"].map((d) => new Date(d));
    expect(distinctHours(dates)).toEqual(["2026-06-11T01:00:00.000Z", "2026-06-11T05:00:00.000Z"]);
  });
});
