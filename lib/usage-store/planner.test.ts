import { describe, expect, it } from "vitest";
import { dayRangeToInstants } from "@/lib/time/tz";
import { planName, planQuery, rawShortfall, type QueryDim } from "./planner";

const days = (from: string, to: string, tz: string) => dayRangeToInstants(from, to, tz);

describe("planQuery: the coarsest grain that answers exactly", () => {
  it.each<[string, { tz: string; org: string; from: string; to: string; dims: QueryDim[] }, string]>([
    ["org-zone days, team x model", { tz: "UTC", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["team", "model", "day"] }, "daily_team_model"],
    ["org-zone days, feature x provider x batch", { tz: "UTC", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["feature", "provider", "batch"] }, "daily_team_feature"],
    ["org-zone days, feature and model together", { tz: "UTC", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["feature", "model"] }, "daily_outcome"],
    ["org-zone days, model x outcome (a model's detail page)", { tz: "UTC", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["model", "outcome"] }, "daily_outcome"],
    ["org-zone days, feature x day (the feature list)", { tz: "UTC", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["team", "feature", "day"] }, "daily_feature"],
    ["org-zone days, outcome x stage: only the full grain", { tz: "UTC", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["outcome", "stage"] }, "daily"],
    ["org-zone days, quality x size", { tz: "UTC", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["quality", "size"] }, "daily"],
    ["half-hour org zone: daily grain is exact", { tz: "Asia/Kolkata", org: "Asia/Kolkata", from: "2026-11-01", to: "2026-11-01", dims: [] }, "daily_feature"],
    ["DST change inside the range", { tz: "America/New_York", org: "America/New_York", from: "2026-10-31", to: "2026-11-02", dims: ["day"] }, "daily_feature"],
    ["another whole-hour zone: hourly", { tz: "Asia/Tokyo", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["day", "model"] }, "hourly"],
    ["another half-hour zone with days: raw", { tz: "Asia/Kolkata", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: ["day"] }, "raw"],
    ["another half-hour zone, no day dimension, window not on whole hours: raw", { tz: "Asia/Kolkata", org: "UTC", from: "2026-11-01", to: "2026-11-30", dims: [] }, "raw"],
    ["Lord Howe summer (+11) in a UTC org: hourly", { tz: "Australia/Lord_Howe", org: "UTC", from: "2026-12-01", to: "2026-12-31", dims: ["day"] }, "hourly"],
  ])("%s", (_, q, expected) => {
    const { start, endExclusive } = days(q.from, q.to, q.tz);
    expect(planName(planQuery({ tz: q.tz, orgTimeZone: q.org, start, endExclusive, dims: q.dims }))).toBe(expected);
  });

  it.each<[string, string, string, string]>([
    ["whole hours inside a day", "2026-11-01T03:00:00Z", "2026-11-01T07:00:00Z", "hourly"],
    ["a window ending at :30", "2026-11-01T03:00:00Z", "2026-11-01T07:30:00Z", "raw"],
    ["a window starting mid-hour", "2026-11-01T03:00:00.001Z", "2026-11-01T07:00:00Z", "raw"],
  ])("instant windows: %s", (_, from, to, expected) => {
    const plan = planQuery({ tz: "UTC", orgTimeZone: "UTC", start: new Date(from), endExclusive: new Date(to), dims: ["team"] });
    expect(planName(plan)).toBe(expected);
  });

  it("daily plans carry the local date range [from, to)", () => {
    const { start, endExclusive } = days("2026-03-28", "2026-03-29", "Europe/Berlin");
    expect(planQuery({ tz: "Europe/Berlin", orgTimeZone: "Europe/Berlin", start, endExclusive, dims: [] })).toMatchObject({
      fromDay: "2026-03-28",
      toDayExclusive: "2026-03-30",
    });
  });
});

describe("planQuery after raw retention: a raw plan says what it cannot answer", () => {
  const rawFrom = new Date("2026-10-01T00:00:00Z");
  it.each<[string, { tz: string; from: string; to: string }, string, boolean]>([
    ["org-zone days over dropped months: from the daily grain, complete", { tz: "UTC", from: "2026-09-01", to: "2026-09-30" }, "daily_feature", false],
    ["another whole-hour zone over dropped months: hourly, complete", { tz: "Asia/Tokyo", from: "2026-09-01", to: "2026-09-30" }, "hourly", false],
    ["half-hour zone days over dropped months: raw, incomplete", { tz: "Asia/Kolkata", from: "2026-09-01", to: "2026-10-31" }, "raw", true],
    ["half-hour zone days after the horizon: raw, complete", { tz: "Asia/Kolkata", from: "2026-10-02", to: "2026-10-31" }, "raw", false],
  ])("%s", (_, q, expected, incomplete) => {
    const { start, endExclusive } = days(q.from, q.to, q.tz);
    const plan = planQuery({ tz: q.tz, orgTimeZone: "UTC", start, endExclusive, dims: ["day"], rawFrom });
    expect(planName(plan)).toBe(expected);
    expect(rawShortfall(plan) !== null).toBe(incomplete);
  });
});
