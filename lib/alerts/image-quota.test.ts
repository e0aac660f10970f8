import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate";
import { decideImageQuotas, formatImages, imageQuotaProblems, type ApplicableQuota } from "./image-quota";
import { periodFor } from "./periods";
import { BudgetInput, describeRuleConfig } from "./rule-config";

const quota = (id: string, amount: string, used: string): ApplicableQuota => ({
  id,
  name: id,
  period: "month",
  periodKey: "2026-11",
  periodStart: "2026-11-01T00:00:00.000Z",
  periodEnd: "2026-12-01T00:00:00.000Z",
  amount,
  used,
  scope: { team: null, feature: null, model: null, workflow: null, size: "1024x1024", quality: "high" },
});

describe("decideImageQuotas", () => {
  it.each([
    // limit, used, requested -> remaining, projected, wouldExceed, exceededBy
    ["1000", "998", 2, "2", "1000", false, "0"], // landing exactly on the quota is allowed
    ["1000", "998", 3, "2", "1001", true, "1"], // one image above is not
    ["1000", "1000", 0, "0", "1000", false, "0"],
    ["1000", "1010", 1, "0", "1011", true, "11"], // already over: remaining never below 0
    ["5000.000000", "12", 4, "4988", "16", false, "0"], // stored as numeric(20,6)
  ] as const)("quota %s, used %s, asking %i: remaining %s, projected %s, exceeds %s by %s", (limit, used, n, remaining, projected, over, by) => {
    const a = decideImageQuotas([quota("q", limit, used)], n);
    expect(a.quotas[0]).toMatchObject({ limit: limit.split(".")[0], used, remaining, projected, wouldExceed: over, exceededBy: by });
    expect(a.exceeded).toEqual(over ? ["q"] : []);
    expect(a.remaining).toBe(remaining);
  });

  it("reports the smallest remaining; no quota means nothing to deny", () => {
    expect(decideImageQuotas([quota("a", "100", "40"), quota("b", "50", "45")], 1).remaining).toBe("5");
    expect(decideImageQuotas([], 3)).toEqual({ requested: 3, remaining: null, quotas: [], exceeded: [] });
    expect(() => decideImageQuotas([], -1)).toThrow(RangeError);
  });
});

describe("budget unit fields", () => {
  it.each([
    [{ unit: "images", amount: "1500", imageSize: "1024x1024", imageQuality: null }, []],
    [{ unit: "images", amount: "1500.5", imageSize: null, imageQuality: null }, ["amount"]],
    [{ unit: "usd", amount: "12.5", imageSize: "1024x1024", imageQuality: "high" }, ["imageSize", "imageQuality"]],
    [{ unit: "usd", amount: "12.5", imageSize: null, imageQuality: null }, []],
  ] as const)("%o has problems at %o", (b, paths) => {
    expect(imageQuotaProblems(b).map((p) => p.path)).toEqual(paths);
  });

  it("BudgetInput defaults to dollars and names the field of a bad quota", () => {
    expect(BudgetInput.parse({ name: "b", period: "month", amount: "10" })).toMatchObject({ unit: "usd", imageSize: null, imageQuality: null });
    const r = BudgetInput.safeParse({ name: "b", period: "month", amount: "10.5", unit: "images" });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join("."))).toEqual(["amount"]);
  });

  it.each([
    ["1", "1 image"],
    ["1200", "1,200 images"],
    ["1499.5", "1,500 images"], // half-even: 1499.5 -> 1500
    ["2.5", "2 images"],
  ])("%s reads %s", (v, text) => {
    expect(formatImages(v)).toBe(text);
  });
});

describe("alerts on an image quota", () => {
  const NOW = new Date("2026-11-25T12:00:00Z");
  const period = periodFor("month", NOW, "UTC");
  it("speaks in images and keeps the claim key of a budget", () => {
    const [f] = evaluateRule({
      rule: { id: "r", metric: "spend", periodKind: "month", unit: "percent_of_budget", thresholds: ["80"], budget: { amountUsd: "1500", version: 3, unit: "images" } },
      values: { metric: "spend", spentSoFar: "1290" },
      period,
      firedClaimKeys: [],
      now: NOW,
    });
    expect(f.quantityUnit).toBe("images");
    expect(f.thresholdAmountUsd).toBe("1200.000000000");
    expect(f.message).toBe("1,290 images in month 2026-11 reached 80% of the 1,500 images quota (86% used).");
    expect(f.claimKey).toBe("alert|v1|r|month=2026-11|pct:80|budget=1500@v3");
  });

  it("describes the rule in images", () => {
    expect(describeRuleConfig("spend", { unit: "percent_of_budget", thresholds: ["50", "80"] }, "HD images", "images")).toBe('Images reach 50 / 80 % of "HD images"');
    expect(describeRuleConfig("spend", { unit: "percent_of_budget", thresholds: ["80"] }, "Dollars", "usd")).toBe('Spend reaches 80 % of "Dollars"');
  });

  it("forecasts in images", () => {
    const [f] = evaluateRule({
      rule: { id: "r", metric: "forecast", periodKind: "month", budget: { amountUsd: "1500", version: 1, unit: "images" } },
      values: { metric: "forecast", projected: "1620.4", spentSoFar: "1100" },
      period,
      firedClaimKeys: [],
      now: NOW,
    });
    expect(f.message).toBe("Projected use 1,620 images for month 2026-11 reaches 100% of the 1,500 images quota (1,100 images used so far).");
  });
});
