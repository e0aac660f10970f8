import { describe, expect, it } from "vitest";
import { periodFor } from "./periods";
import { previewFirings } from "./preview";
import type { AlertRule, MetricValues, RuleWithValues } from "./types";

const NOW = new Date("2026-11-25T12:00:00Z");
const month = periodFor("month", NOW, "UTC");
const day = periodFor("day", NOW, "UTC");

function preview(rule: AlertRule, values: MetricValues) {
  return previewFirings({ rule, values, period: rule.periodKind === "day" ? day : month, now: NOW } as RuleWithValues & { period: typeof month; now: Date });
}

describe("previewFirings", () => {
  it("shows thresholds already crossed as the evaluation reports them, ignoring claims and mutes", () => {
    const out = preview({ id: "r", metric: "spend", periodKind: "month", unit: "percent_of_budget", thresholds: ["50", "80"], budget: { amountUsd: "100", version: 1 }, enabled: false }, { metric: "spend", spentSoFar: "90" });
    expect(out.map((f) => f.threshold)).toEqual(["50", "80"]);
  });

  it.each<[string, AlertRule, MetricValues, string, string]>([
    ["percent", { id: "r", metric: "spend", periodKind: "month", unit: "percent_of_budget", thresholds: ["80", "50"], budget: { amountUsd: "100", version: 1 } }, { metric: "spend", spentSoFar: "20" }, "50", "Spend is $20.00 in month 2026-11: 20% of the $100.00 budget, below 50%."],
    ["usd", { id: "r", metric: "spend", periodKind: "month", unit: "usd", thresholds: ["1000"] }, { metric: "spend", spentSoFar: "12.5" }, "1000", "Spend is $12.50 in month 2026-11, below the $1,000.00 threshold."],
    ["forecast", { id: "r", metric: "forecast", periodKind: "month", budget: { amountUsd: "100", version: 1 } }, { metric: "forecast", projected: "60" }, "100", "Projected spend $60.00 for month 2026-11 stays below 100% of the $100.00 budget."],
    ["spike", { id: "r", metric: "spike", periodKind: "day", windowHours: 2, lookbackHours: 10, multiplier: "3", minWindowSpendUsd: "1" }, { metric: "spike", windowSpend: "4", lookbackSpend: "10" }, "3", "Spend is $2.00/h over the last 2h against $1.00/h before: no spike."],
    ["retries", { id: "r", metric: "retries", periodKind: "day", measure: "failed_share_percent", threshold: "50", windowHours: 6, minAttempts: 1 }, { metric: "retries", attempts: 10, acceptedOutputs: 8, retries: 1, failedOrRejected: 2 }, "50", "10 attempts in the last 6h (1 retries, 2 failed or rejected): below the threshold."],
    ["unpriced", { id: "r", metric: "unpriced", periodKind: "day", windowHours: 24 }, { metric: "unpriced", unpricedCount: 0 }, "0", "0 unpriced events in the last 24h: not above the threshold."],
    // The last billed day: |100 − 95.5| / 100 = 4.5 %.
    ["reconciliation", { id: "r", metric: "reconciliation", periodKind: "day", thresholdPercent: "10", minVarianceUsd: "0", lookbackDays: 7 }, { metric: "reconciliation", days: [{ date: "2026-11-24", billed: "100", tracked: "95.5" }, { date: "2026-11-23", billed: "50", tracked: "50" }] }, "10", "On 2026-11-24 OpenAI billed $100.00 and Spendscope tracked $95.50: 4.5% apart, not above 10%."],
    ["reconciliation without billed days", { id: "r", metric: "reconciliation", periodKind: "day", thresholdPercent: "10", minVarianceUsd: "0", lookbackDays: 7 }, { metric: "reconciliation", days: [] }, "10", "No billed costs imported in the last 7 billed days: nothing to reconcile yet."],
  ])("describes a %s rule below its threshold", (_k, rule, values, threshold, message) => {
    const [f] = preview(rule, values);
    expect(f.threshold).toBe(threshold);
    expect(f.message).toBe(message);
    expect(f.claimKey).toBe("preview");
  });
});
