import { describe, expect, it } from "vitest";
import { budgetSpentPercent, decideBudgetCheck, type ApplicableBudget } from "./budget-decision";

const budget = (id: string, amount: string, spent: string): ApplicableBudget => ({
  id,
  name: id,
  period: "month",
  periodKey: "2026-11",
  periodStart: "2026-11-01T00:00:00.000Z",
  periodEnd: "2026-12-01T00:00:00.000Z",
  amount,
  spent,
  scope: { team: null, feature: null, model: null, workflow: null },
});

describe("decideBudgetCheck", () => {
  it.each([
    // amount, spent, estimate, allow, remaining, exceededBy
    ["10", "9.5", "0.499999999999", true, "0.500000000", "0.000000000"],
    ["10", "9.5", "0.5", true, "0.500000000", "0.000000000"], // landing exactly on the limit is allowed
    ["10", "9.5", "0.500000000001", false, "0.500000000", "0.000000000001"],
    ["10", "10", "0", true, "0.000000000", "0.000000000"],
    ["10", "10", "0.000000000001", false, "0.000000000", "0.000000000001"],
    ["10", "12.25", "0", false, "0.000000000", "2.250000000"], // already over (ingestion is never blocked)
    ["0.01", "0", "0.01", true, "0.010000000", "0.000000000"],
  ] as const)("limit %s, spent %s, estimate %s -> allow %s", (amount, spent, estimate, allow, remaining, exceededBy) => {
    const r = decideBudgetCheck([budget("b", amount, spent)], estimate);
    expect(r.allow).toBe(allow);
    expect(r.remaining).toBe(remaining);
    expect(r.budgets[0].exceededBy).toBe(exceededBy);
    expect(r.budgets[0].wouldExceed).toBe(!allow);
    expect(r.exceeded).toEqual(allow ? [] : ["b"]);
  });

  it("takes the smallest remaining over all budgets and names only those exceeded", () => {
    const r = decideBudgetCheck([budget("org", "1000", "400"), budget("team", "50", "45"), budget("feature", "20", "1")], "6");
    expect(r).toMatchObject({ allow: false, remaining: "5.000000000", estimatedCost: "6.000000000", exceeded: ["team"] });
    expect(r.budgets.map((b) => b.projected)).toEqual(["406.000000000", "51.000000000", "7.000000000"]);
  });

  it("allows anything when no hard budget applies", () => {
    expect(decideBudgetCheck([], "1000000")).toEqual({ allow: true, remaining: null, estimatedCost: "1000000.000000000", budgets: [], exceeded: [] });
  });
});

describe("budgetSpentPercent", () => {
  it.each([
    ["0", "100", "0.0"],
    ["80", "100", "80.0"],
    ["123.45", "1000", "12.3"],
    // one rounding only, half-even: 12.345 -> 12.3 (not 12.35 -> 12.4 through 2 places); 12.25 -> 12.2; 12.35 -> 12.4
    ["12.345", "100", "12.3"],
    ["12.25", "100", "12.2"],
    ["12.35", "100", "12.4"],
    ["1", "3", "33.3"],
    ["150", "100", "150.0"],
    // image quotas: whole images
    ["7", "8", "87.5"],
    ["5", "0", null],
  ])("%s of %s is %s %%", (spent, amount, pct) => {
    expect(budgetSpentPercent(spent, amount)).toBe(pct);
  });
});
