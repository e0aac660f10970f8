import { describe, expect, it } from "vitest";
import { metricKey, type MetricRequest } from "./metrics";
import { periodFor } from "./periods";

const NOW = new Date("2026-11-15T12:00:00Z");
const SCOPE = { teamId: "t1", feature: null, model: null, workflow: null };

function req(over: { rule?: Record<string, unknown>; scope?: Partial<MetricRequest["scope"]>; period?: "day" | "month"; tz?: string } = {}): MetricRequest {
  const tz = over.tz ?? "UTC";
  const rule = { id: "r1", metric: "spend", periodKind: "month", thresholds: ["50"], ...over.rule } as unknown as MetricRequest["rule"];
  return { orgId: "o1", rule, scope: { ...SCOPE, ...over.scope }, period: periodFor(over.period ?? "month", NOW, tz), now: NOW, tz };
}

describe("metricKey (one metric query per distinct key in an evaluation pass)", () => {
  it.each([
    ["another rule id and other thresholds on the same scope and period", req({ rule: { id: "r2", thresholds: ["80", "100"] } }), true],
    ["another team", req({ scope: { teamId: "t2" } }), false],
    ["a feature narrowing the scope", req({ scope: { feature: "search" } }), false],
    ["another period kind", req({ period: "day" }), false],
    ["another zone (other period bounds)", req({ tz: "Asia/Tokyo" }), false],
    ["another metric", req({ rule: { metric: "forecast" } }), false],
  ])("%s: same key = %s", (_label, other, same) => {
    expect(metricKey(other) === metricKey(req())).toBe(same);
  });

  it.each([
    [{ metric: "spike", windowHours: 1, lookbackHours: 24 }, { metric: "spike", windowHours: 2, lookbackHours: 24 }],
    [{ metric: "spike", windowHours: 1, lookbackHours: 24 }, { metric: "spike", windowHours: 1, lookbackHours: 48 }],
    [{ metric: "retries", windowHours: 6 }, { metric: "retries", windowHours: 12 }],
  ])("windowed metrics differ by window: %o vs %o", (a, b) => {
    expect(metricKey(req({ rule: a }))).not.toBe(metricKey(req({ rule: b })));
  });
});
