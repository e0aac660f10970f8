import { describe, expect, it } from "vitest";
import { periodFor } from "@/lib/alerts/periods";
import { planName, planQuery } from "@/lib/usage-store/planner";

// /api/metrics reads the current local month by team and model: that must come from the narrow daily rollup in
// every zone (whole local days), never from raw events.
describe("the metrics month query plan", () => {
  it.each([
    ["UTC", "2026-12-01T23:00:00Z"],
    ["America/New_York", "2026-12-01T03:00:00Z"],
    ["Pacific/Auckland", "2026-11-30T12:00:00Z"],
    ["Asia/Kolkata", "2026-03-31T19:00:00Z"],
    ["Australia/Lord_Howe", "2026-04-05T12:00:00Z"],
  ])("%s at %s → daily_team_model", (tz, at) => {
    const month = periodFor("month", new Date(at), tz);
    const plan = planQuery({ tz, orgTimeZone: tz, start: month.start, endExclusive: month.endExclusive, dims: ["team", "model"] });
    expect(planName(plan)).toBe("daily_team_model");
  });
});
