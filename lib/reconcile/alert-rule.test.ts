import { describe, expect, it } from "vitest";
import { evaluateRule } from "@/lib/alerts/evaluate";
import { periodFor } from "@/lib/alerts/periods";
import { RuleInput, toEvaluableRule } from "@/lib/alerts/rule-config";
import type { ReconciliationRule } from "@/lib/alerts/types";

const NOW = new Date("2026-11-25T12:00:00Z");
const DAY = periodFor("day", NOW, "UTC");
const rule: ReconciliationRule = { id: "r1", metric: "reconciliation", periodKind: "day", thresholdPercent: "10", minVarianceUsd: "1", lookbackDays: 7 };

function fire(days: Array<[string, string, string]>, fired: string[] = []) {
  return evaluateRule({ rule, values: { metric: "reconciliation", days: days.map(([date, billed, tracked]) => ({ date, billed, tracked })) }, period: DAY, firedClaimKeys: fired, now: NOW });
}

describe("reconciliation rule: one firing per (rule, billed day) above the threshold", () => {
  it.each([
    ["11% under-tracked fires", [["2026-11-20", "100", "89"]], [["2026-11-20", "11"]]],
    ["exactly 10% does not (strictly above)", [["2026-11-20", "100", "90"]], []],
    ["tracked above billed fires on the absolute variance", [["2026-11-20", "20", "23"]], [["2026-11-20", "15"]]],
    ["below the USD guard does not (12% but $0.60)", [["2026-11-20", "5", "4.4"]], []],
    ["no bill that day does not (no percent)", [["2026-11-20", "0", "40"]], []],
    ["several days, ascending", [["2026-11-21", "50", "30"], ["2026-11-19", "10", "0"], ["2026-11-20", "100", "100"]], [["2026-11-19", "100"], ["2026-11-21", "40"]]],
  ] as Array<[string, Array<[string, string, string]>, Array<[string, string]>]>)("%s", (_label, days, expected) => {
    expect(fire(days).map((f) => [f.periodKey, f.value])).toEqual(expected);
  });

  it("the claim key names the billed day, not today: an already fired day stays quiet on later passes", () => {
    const [f] = fire([["2026-11-20", "100", "80"]]);
    expect(f.claimKey).toBe("alert|v1|r1|day=2026-11-20|reconciliation:pct:10|budget=none");
    expect(f.message).toBe("On 2026-11-20 OpenAI billed $100.00 and Spendscope tracked $80.00: billed above tracked by $20.00 (20%, threshold 10%).");
    expect(fire([["2026-11-20", "100", "80"], ["2026-11-21", "100", "50"]], [f.claimKey]).map((x) => x.periodKey)).toEqual(["2026-11-21"]);
  });

  it("is stored and read back like the other metrics (defaults applied, bad config named by field)", () => {
    const ok = RuleInput.safeParse({ name: "Invoice drift", metric: "reconciliation", config: { thresholdPercent: "5" }, recipients: ["a@b.co"] });
    expect(ok.success && ok.data.config).toEqual({ thresholdPercent: "5", minVarianceUsd: "0", lookbackDays: 7, periodKind: "day" });
    const bad = RuleInput.safeParse({ name: "x", metric: "reconciliation", config: { thresholdPercent: "0", lookbackDays: 40 }, recipients: ["a@b.co"] });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join(".")).sort()).toEqual(["config.lookbackDays", "config.thresholdPercent"]);
    const ev = toEvaluableRule({ id: "r", name: "n", metric: "reconciliation", config: ok.success ? ok.data.config : {}, enabled: true, teamId: null, feature: null, model: null, workflow: null }, null);
    expect(ev.ok && ev.rule).toMatchObject({ metric: "reconciliation", periodKind: "day", thresholdPercent: "5", lookbackDays: 7 });
  });
});
