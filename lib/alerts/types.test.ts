import { describe, expect, it } from "vitest";
import { alertRuleSchema } from "./types";

const base = { id: "r1", periodKind: "month" };

describe("alertRuleSchema", () => {
  it.each([
    ["percent spend", { ...base, metric: "spend", unit: "percent_of_budget", thresholds: ["50", "80", "100"], budget: { amountUsd: "1000", version: 1 } }],
    ["absolute spend", { ...base, metric: "spend", unit: "usd", thresholds: ["250.50"] }],
    ["forecast", { ...base, metric: "forecast", budget: { amountUsd: "0.5", version: 0 }, percentOfBudget: "90" }],
    ["spike", { ...base, periodKind: "day", metric: "spike", windowHours: 3, lookbackHours: 24, multiplier: "2.5", minWindowSpendUsd: "0" }],
    ["retries", { ...base, periodKind: "day", metric: "retries", measure: "failed_share_percent", threshold: "20", windowHours: 24, minAttempts: 20 }],
    ["unpriced", { ...base, periodKind: "day", metric: "unpriced", windowHours: 24 }],
  ])("accepts %s", (_name, rule) => {
    expect(alertRuleSchema.parse(rule)).toEqual(rule);
  });

  it.each([
    ["percent spend without a budget", { ...base, metric: "spend", unit: "percent_of_budget", thresholds: ["80"] }],
    ["duplicate thresholds", { ...base, metric: "spend", unit: "usd", thresholds: ["80", "80.0"] }],
    ["zero threshold", { ...base, metric: "spend", unit: "usd", thresholds: ["0"] }],
    ["negative threshold", { ...base, metric: "spend", unit: "usd", thresholds: ["-5"] }],
    ["malformed threshold", { ...base, metric: "spend", unit: "usd", thresholds: ["abc"] }],
    ["no thresholds", { ...base, metric: "spend", unit: "usd", thresholds: [] }],
    ["zero budget", { ...base, metric: "forecast", budget: { amountUsd: "0", version: 1 } }],
    ["hourly period", { ...base, periodKind: "hour", metric: "unpriced", windowHours: 24 }],
    ["zero-hour window", { ...base, metric: "unpriced", windowHours: 0 }],
    ["fractional attempts guard", { ...base, metric: "retries", measure: "failed_share_percent", threshold: "20", windowHours: 24, minAttempts: 1.5 }],
    ["unknown measure", { ...base, metric: "retries", measure: "vibes", threshold: "20", windowHours: 24, minAttempts: 1 }],
    ["unknown metric", { ...base, metric: "latency" }],
    ["missing id", { periodKind: "day", metric: "unpriced", windowHours: 24 }],
  ])("rejects %s", (_name, rule) => {
    expect(alertRuleSchema.safeParse(rule).success).toBe(false);
  });
});
