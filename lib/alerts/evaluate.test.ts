import { describe, expect, it } from "vitest";
import { claimKey, evaluateRule, isMuted } from "./evaluate";
import { nextPeriod, periodFor, type Period } from "./periods";
import type {
  AlertFiring,
  EvaluateInput,
  ForecastRule,
  RetriesRule,
  RetriesValues,
  SpendRule,
  SpikeRule,
  UnpricedRule,
} from "./types";

const NOW = new Date("2026-11-25T12:00:00Z");
const MONTH = periodFor("month", NOW, "UTC");
const DAY = periodFor("day", NOW, "UTC");
const LATER = new Date(NOW.getTime() + 3_600_000);
const EARLIER = new Date(NOW.getTime() - 3_600_000);

const keys = (fs: AlertFiring[]) => fs.map((f) => f.thresholdKey);

const pctRule: SpendRule = {
  id: "rule-1",
  metric: "spend",
  periodKind: "month",
  unit: "percent_of_budget",
  thresholds: ["100", "50", "80"], // unordered on purpose
  budget: { amountUsd: "1000", version: 1 },
};

function spend(spentSoFar: string, opts: Partial<Omit<EvaluateInput, "rule" | "values">> & { rule?: SpendRule } = {}) {
  return evaluateRule({
    rule: opts.rule ?? pctRule,
    values: { metric: "spend", spentSoFar },
    period: opts.period ?? MONTH,
    firedClaimKeys: opts.firedClaimKeys ?? [],
    mutedUntil: opts.mutedUntil,
    now: opts.now ?? NOW,
  });
}

describe("claimKey", () => {
  it("is deterministic and carries rule, period, threshold and budget", () => {
    expect(
      claimKey({ ruleId: "rule-1", periodKind: "month", periodKey: "2026-11", thresholdKey: "pct:80", budget: { amountUsd: "1000.00", version: 3 } }),
    ).toBe("alert|v1|rule-1|month=2026-11|pct:80|budget=1000@v3");
    expect(claimKey({ ruleId: "a|b", periodKind: "day", periodKey: "2026-11-25", thresholdKey: "unpriced:gt:0" })).toBe(
      "alert|v1|a%7Cb|day=2026-11-25|unpriced:gt:0|budget=none",
    );
  });
});

describe("isMuted", () => {
  it.each([
    [null, false],
    [undefined, false],
    [EARLIER, false],
    [NOW, false], // the mute has just ended
    [LATER, true],
  ])("mutedUntil %s -> %s", (until, muted) => {
    expect(isMuted(until, NOW)).toBe(muted);
  });
});

describe("spend: percent of budget", () => {
  it.each([
    ["0", []],
    ["499.999999999999", []],
    ["500", ["pct:50"]], // reaching a threshold exactly fires
    ["850", ["pct:50", "pct:80"]],
    ["1200", ["pct:50", "pct:80", "pct:100"]], // all crossed at once, ascending
  ])("spent %s fires %j", (spent, expected) => {
    expect(keys(spend(spent))).toEqual(expected);
  });

  it("reports amounts, budget and a readable message", () => {
    const [, f80] = spend("850");
    expect(f80).toEqual({
      ruleId: "rule-1",
      metric: "spend",
      periodKind: "month",
      periodKey: "2026-11",
      thresholdKey: "pct:80",
      claimKey: "alert|v1|rule-1|month=2026-11|pct:80|budget=1000@v1",
      value: "850.000000000",
      threshold: "80",
      thresholdUnit: "percent_of_budget",
      thresholdAmountUsd: "800.000000000",
      budgetAmount: "1000.000000000",
      budgetVersion: 1,
      message: "Spend $850.00 in month 2026-11 reached 80% of the $1,000.00 budget (85% used).",
    });
  });

  it("fires each threshold at most once per period", () => {
    const first = spend("850");
    const claimed = first.map((f) => f.claimKey);
    expect(spend("850", { firedClaimKeys: claimed })).toEqual([]);
    expect(keys(spend("1000", { firedClaimKeys: claimed }))).toEqual(["pct:100"]);
    expect(spend("1000", { firedClaimKeys: new Set([...claimed, ...spend("1000").map((f) => f.claimKey)]) })).toEqual([]);
  });

  it("re-arms when the period rolls over", () => {
    const claimed = spend("850").map((f) => f.claimKey);
    const december = nextPeriod(MONTH);
    const fs = spend("850", { period: december, firedClaimKeys: claimed, now: december.start });
    expect(keys(fs)).toEqual(["pct:50", "pct:80"]);
    expect(fs[0].periodKey).toBe("2026-12");
  });

  it("re-arms when the budget changes, measuring against the new amount", () => {
    const claimed = spend("850").map((f) => f.claimKey);
    const raised: SpendRule = { ...pctRule, budget: { amountUsd: "1500", version: 2 } };
    const fs = spend("850", { rule: raised, firedClaimKeys: claimed });
    expect(keys(fs)).toEqual(["pct:50"]); // 80% of 1500 = 1200 not reached
    expect(fs[0]).toMatchObject({ thresholdAmountUsd: "750.000000000", budgetAmount: "1500.000000000", budgetVersion: 2 });
  });

  it("re-arms when the budget returns to an earlier amount under a new version", () => {
    const claimed = spend("850").map((f) => f.claimKey);
    const back: SpendRule = { ...pctRule, budget: { amountUsd: "1000.00", version: 3 } };
    expect(keys(spend("850", { rule: back, firedClaimKeys: claimed }))).toEqual(["pct:50", "pct:80"]);
    // Same version, same amount written differently: still the same claims.
    const same: SpendRule = { ...pctRule, budget: { amountUsd: "1000.00", version: 1 }, thresholds: ["50.0", "80.00", "100"] };
    expect(spend("850", { rule: same, firedClaimKeys: claimed })).toEqual([]);
  });

  it.each([
    ["muted until later", { mutedUntil: LATER }, 0],
    ["mute expired", { mutedUntil: EARLIER }, 2],
    ["mute ends exactly now", { mutedUntil: NOW }, 2],
    ["disabled", { rule: { ...pctRule, enabled: false } }, 0],
    ["explicitly enabled", { rule: { ...pctRule, enabled: true } }, 2],
  ] as const)("%s -> %i firings", (_name, opts, n) => {
    expect(spend("850", opts)).toHaveLength(n);
  });
});

describe("spend: absolute USD", () => {
  const usdRule: SpendRule = { id: "usd", metric: "spend", periodKind: "month", unit: "usd", thresholds: ["250.5", "100"] };
  it.each([
    ["99.99", []],
    ["100", ["usd:100"]],
    ["250.5", ["usd:100", "usd:250.5"]],
  ])("spent %s fires %j", (spent, expected) => {
    expect(keys(spend(spent, { rule: usdRule }))).toEqual(expected);
  });

  it("does not depend on a budget", () => {
    const [f] = spend("100", { rule: usdRule });
    expect(f.claimKey).toBe("alert|v1|usd|month=2026-11|usd:100|budget=none");
    expect(f.budgetAmount).toBeUndefined();
    expect(f.message).toBe("Spend $100.00 in month 2026-11 reached the $100.00 threshold.");
  });
});

describe("forecast", () => {
  const rule: ForecastRule = { id: "fc", metric: "forecast", periodKind: "month", budget: { amountUsd: "1000", version: 1 } };
  function run(projected: string, opts: Partial<Omit<EvaluateInput, "rule" | "values">> & { rule?: ForecastRule } = {}) {
    return evaluateRule({
      rule: opts.rule ?? rule,
      values: { metric: "forecast", projected, spentSoFar: "400" },
      period: opts.period ?? MONTH,
      firedClaimKeys: opts.firedClaimKeys ?? [],
      mutedUntil: opts.mutedUntil,
      now: NOW,
    });
  }

  it.each([
    ["999.999999999999", rule, []],
    ["1000", rule, ["forecast:pct:100"]],
    ["850", { ...rule, percentOfBudget: "90" }, []],
    ["900", { ...rule, percentOfBudget: "90" }, ["forecast:pct:90"]],
  ] as const)("projected %s fires %j", (projected, r, expected) => {
    expect(keys(run(projected, { rule: r }))).toEqual(expected);
  });

  it("reports the forecast against the budget", () => {
    expect(run("1240.5")[0]).toMatchObject({
      value: "1240.500000000",
      forecast: "1240.500000000",
      threshold: "100",
      thresholdAmountUsd: "1000.000000000",
      budgetAmount: "1000.000000000",
      budgetVersion: 1,
      claimKey: "alert|v1|fc|month=2026-11|forecast:pct:100|budget=1000@v1",
      message: "Projected spend $1,240.50 for month 2026-11 reaches 100% of the $1,000.00 budget ($400.00 spent so far).",
    });
  });

  it("fires once per period and budget version, and not while muted", () => {
    const claimed = run("1200").map((f) => f.claimKey);
    expect(run("1300", { firedClaimKeys: claimed })).toEqual([]);
    expect(run("1300", { firedClaimKeys: claimed, rule: { ...rule, budget: { amountUsd: "1100", version: 2 } } })).toHaveLength(1);
    expect(run("1300", { firedClaimKeys: claimed, period: nextPeriod(MONTH) })).toHaveLength(1);
    expect(run("1300", { mutedUntil: LATER })).toEqual([]);
  });
});

describe("spike", () => {
  const rule: SpikeRule = {
    id: "spike",
    metric: "spike",
    periodKind: "day",
    windowHours: 3,
    lookbackHours: 24,
    multiplier: "3",
    minWindowSpendUsd: "5",
  };
  function run(windowSpend: string, lookbackSpend: string, opts: Partial<Omit<EvaluateInput, "rule" | "values">> & { rule?: SpikeRule } = {}) {
    return evaluateRule({
      rule: opts.rule ?? rule,
      values: { metric: "spike", windowSpend, lookbackSpend },
      period: opts.period ?? DAY,
      firedClaimKeys: opts.firedClaimKeys ?? [],
      mutedUntil: opts.mutedUntil,
      now: NOW,
    });
  }

  it.each([
    // baseline 24/24h = $1/h; threshold 3 × $1/h over 3h = $9
    ["9", "24", 0], // exactly 3×: not above
    ["9.000000001", "24", 1],
    ["30", "24", 1],
    ["4.99", "0", 0], // guard: below minimum spend even with no baseline
    ["5", "0", 1], // no baseline and enough spend: a spike
    ["0", "0", 0],
    ["30", "240", 0], // baseline $10/h, window $10/h
  ])("window %s after lookback %s -> %i", (w, l, n) => {
    expect(run(w, l)).toHaveLength(n);
  });

  it("respects a higher minimum-spend guard", () => {
    expect(run("30", "24", { rule: { ...rule, minWindowSpendUsd: "50" } })).toEqual([]);
  });

  it("reports hourly rates", () => {
    expect(run("30", "24")[0]).toMatchObject({
      thresholdKey: "spike:x3",
      value: "10.000000000",
      threshold: "3",
      thresholdUnit: "multiplier",
      thresholdAmountUsd: "3.000000000",
      claimKey: "alert|v1|spike|day=2026-11-25|spike:x3|budget=none",
      message: "Spend spiked to $10.00/h over the last 3h, 10× the $1.00/h average of the previous 24h (threshold 3×).",
    });
    expect(run("6", "0")[0].message).toBe("Spend spiked to $2.00/h over the last 3h, with no spend in the 24h before (threshold 3×).");
  });

  it("fires at most once per day, again the next day, never while muted", () => {
    const claimed = run("30", "24").map((f) => f.claimKey);
    expect(run("60", "24", { firedClaimKeys: claimed })).toEqual([]);
    expect(run("60", "24", { firedClaimKeys: claimed, period: nextPeriod(DAY) })).toHaveLength(1);
    expect(run("60", "24", { mutedUntil: LATER })).toEqual([]);
  });
});

describe("retries", () => {
  const perOutput: RetriesRule = {
    id: "retries",
    metric: "retries",
    periodKind: "day",
    measure: "retries_per_accepted_output",
    threshold: "0.5",
    windowHours: 24,
    minAttempts: 20,
  };
  const failedShare: RetriesRule = { ...perOutput, id: "failed", measure: "failed_share_percent", threshold: "20" };
  const vals = (attempts: number, acceptedOutputs: number, retries: number, failedOrRejected: number): RetriesValues => ({
    metric: "retries",
    attempts,
    acceptedOutputs,
    retries,
    failedOrRejected,
  });
  function run(rule: RetriesRule, values: RetriesValues, opts: Partial<Omit<EvaluateInput, "rule" | "values">> = {}) {
    return evaluateRule({ rule, values, period: DAY, firedClaimKeys: [], now: NOW, ...opts });
  }

  it.each<[string, RetriesRule, RetriesValues, string | null]>([
    ["ratio at threshold", perOutput, vals(150, 100, 50, 50), null],
    ["ratio above threshold", perOutput, vals(151, 100, 51, 51), "0.51"],
    ["volume guard", perOutput, vals(19, 1, 18, 18), null],
    ["zero accepted outputs count as one", perOutput, vals(30, 0, 30, 30), "30"],
    ["share at threshold", failedShare, vals(100, 80, 0, 20), null],
    ["share above threshold", failedShare, vals(100, 79, 0, 21), "21"],
    ["share volume guard", failedShare, vals(10, 0, 0, 10), null],
    ["share with a non-terminating percentage", failedShare, vals(30, 23, 0, 7), "23.333333"],
  ])("%s", (_name, rule, values, value) => {
    const fs = run(rule, values);
    if (value === null) expect(fs).toEqual([]);
    else expect(fs.map((f) => f.value)).toEqual([value]);
  });

  it("describes the firing", () => {
    expect(run(perOutput, vals(151, 100, 51, 51))[0]).toMatchObject({
      thresholdKey: "retries_per_accepted_output:0.5",
      threshold: "0.5",
      thresholdUnit: "ratio",
      message: "0.51 retries per accepted output (51 retries, 100 accepted) in the last 24h, above 0.5.",
    });
    expect(run(failedShare, vals(100, 79, 0, 21))[0]).toMatchObject({
      thresholdKey: "failed_share_percent:20",
      thresholdUnit: "percent",
      message: "21% of attempts failed or were rejected (21 of 100) in the last 24h, above 20%.",
    });
  });

  it("dedupes per day and honours the mute", () => {
    const claimed = run(perOutput, vals(151, 100, 51, 51)).map((f) => f.claimKey);
    expect(run(perOutput, vals(200, 100, 100, 100), { firedClaimKeys: claimed })).toEqual([]);
    expect(run(perOutput, vals(200, 100, 100, 100), { firedClaimKeys: claimed, period: nextPeriod(DAY) })).toHaveLength(1);
    expect(run(perOutput, vals(200, 100, 100, 100), { mutedUntil: LATER })).toEqual([]);
  });

  it.each([vals(-1, 0, 0, 0), vals(10.5, 0, 0, 0), vals(30, 0, Number.NaN, 0)])("rejects invalid counts %j", (values) => {
    expect(() => run(perOutput, values)).toThrow(RangeError);
  });
});

describe("unpriced", () => {
  const rule: UnpricedRule = { id: "unpriced", metric: "unpriced", periodKind: "day", windowHours: 24 };
  function run(unpricedCount: number, opts: Partial<Omit<EvaluateInput, "rule" | "values">> & { rule?: UnpricedRule } = {}) {
    return evaluateRule({
      rule: opts.rule ?? rule,
      values: { metric: "unpriced", unpricedCount },
      period: opts.period ?? DAY,
      firedClaimKeys: opts.firedClaimKeys ?? [],
      mutedUntil: opts.mutedUntil,
      now: NOW,
    });
  }

  it.each([
    [0, rule, 0],
    [1, rule, 1], // default threshold: any unpriced event
    [5, { ...rule, threshold: 5 }, 0],
    [6, { ...rule, threshold: 5 }, 1],
  ] as const)("%i unpriced events -> %i firings", (count, r, n) => {
    expect(run(count, { rule: r })).toHaveLength(n);
  });

  it("describes the firing", () => {
    expect(run(1)[0]).toMatchObject({
      thresholdKey: "unpriced:gt:0",
      value: "1",
      threshold: "0",
      thresholdUnit: "count",
      claimKey: "alert|v1|unpriced|day=2026-11-25|unpriced:gt:0|budget=none",
      message: "1 unpriced event in the last 24h (threshold > 0): their cost is missing from spend totals until a price is added.",
    });
  });

  it("dedupes per day and honours the mute", () => {
    const claimed = run(3).map((f) => f.claimKey);
    expect(run(9, { firedClaimKeys: claimed })).toEqual([]);
    expect(run(9, { firedClaimKeys: claimed, period: nextPeriod(DAY) })).toHaveLength(1);
    expect(run(9, { mutedUntil: LATER })).toEqual([]);
  });
});

describe("input checks", () => {
  it("rejects values for another metric", () => {
    expect(() =>
      evaluateRule({
        rule: pctRule,
        values: { metric: "unpriced", unpricedCount: 1 },
        period: MONTH,
        firedClaimKeys: [],
        now: NOW,
      } as unknown as EvaluateInput),
    ).toThrow(TypeError);
  });

  it("rejects a period of another kind", () => {
    const week: Period = periodFor("week", NOW, "UTC");
    expect(() => spend("850", { period: week })).toThrow(RangeError);
  });

  it("returns nothing for a muted rule even with mismatched input", () => {
    expect(spend("850", { period: periodFor("week", NOW, "UTC"), mutedUntil: LATER })).toEqual([]);
  });
});
