import { describe, expect, it } from "vitest";
import { BudgetInput, RuleInput, describeRuleConfig, toEvaluableRule, type BudgetLike, type RuleRowLike } from "./rule-config";

const TEAM = "11111111-1111-4111-8111-111111111111";
const BUDGET_ID = "22222222-2222-4222-8222-222222222222";

const row = (metric: string, config: unknown, over: Partial<RuleRowLike> = {}): RuleRowLike => ({
  id: "r1", name: "rule", metric, config, enabled: true, teamId: null, feature: null, model: null, workflow: null, ...over,
});
const budget: BudgetLike = { id: BUDGET_ID, name: "Team month", period: "month", amount: "500.000000", revision: 3, hard: false, teamId: TEAM, feature: "hero", model: null, workflow: null };

function paths(input: unknown): string[] {
  const r = RuleInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join(".")).sort();
}

describe("RuleInput", () => {
  const ok = { name: "r", recipients: ["a@b.test"] };
  it.each([
    ["percent rule with a budget", { ...ok, metric: "spend", budgetId: BUDGET_ID, config: { unit: "percent_of_budget", thresholds: ["50", "80"] } }, []],
    ["percent rule without a budget", { ...ok, metric: "spend", config: { unit: "percent_of_budget", thresholds: ["50"] } }, ["budgetId"]],
    ["usd rule needs a period without a budget", { ...ok, metric: "spend", config: { unit: "usd", thresholds: ["100"] } }, ["config.periodKind"]],
    ["usd rule with a period", { ...ok, metric: "spend", config: { unit: "usd", thresholds: ["100"], periodKind: "week" } }, []],
    ["duplicate thresholds (80 = 80.0)", { ...ok, metric: "spend", budgetId: BUDGET_ID, config: { unit: "percent_of_budget", thresholds: ["80", "80.0"] } }, ["config.thresholds"]],
    ["zero and negative thresholds", { ...ok, metric: "spend", budgetId: BUDGET_ID, config: { unit: "percent_of_budget", thresholds: ["0", "-5"] } }, ["config.thresholds.0", "config.thresholds.1"]],
    ["forecast without a budget", { ...ok, metric: "forecast", config: {} }, ["budgetId"]],
    ["spike with fractional hours", { ...ok, metric: "spike", config: { windowHours: 1.5, lookbackHours: 24, multiplier: "2", minWindowSpendUsd: "1" } }, ["config.windowHours"]],
    ["retries measure typo", { ...ok, metric: "retries", config: { measure: "retry_rate", threshold: "1", windowHours: 6, minAttempts: 5 } }, ["config.measure"]],
    ["unknown config key", { ...ok, metric: "unpriced", config: { windowHours: 6, colour: "red" } }, ["config"]],
    ["no recipient and no webhook", { name: "r", metric: "unpriced", config: { windowHours: 6 }, recipients: [] }, ["recipients"]],
    ["webhook only", { name: "r", metric: "unpriced", config: { windowHours: 6 }, webhookUrl: "https://hooks.example.com/x" }, []],
    ["non-http webhook", { ...ok, metric: "unpriced", config: { windowHours: 6 }, webhookUrl: "ftp://x.example" }, ["webhookUrl"]],
    ["bad email", { ...ok, recipients: ["nope"], metric: "unpriced", config: { windowHours: 6 } }, ["recipients.0"]],
    ["unknown metric", { ...ok, metric: "latency", config: {} }, ["metric"]],
  ])("%s", (_label, input, expected) => {
    expect(paths(input)).toEqual(expected);
  });

  it("normalizes recipients and defaults the cadence of window rules to a day", () => {
    const r = RuleInput.parse({ name: " r ", metric: "unpriced", config: { windowHours: 6 }, recipients: [" Ops@Example.COM "] });
    expect(r).toMatchObject({ name: "r", recipients: ["ops@example.com"], config: { windowHours: 6, periodKind: "day" }, enabled: true, budgetId: null, team: null });
  });
});

describe("BudgetInput", () => {
  it.each([
    [{ name: "b", period: "month", amount: "100" }, []],
    [{ name: "b", period: "year", amount: "100" }, ["period"]],
    [{ name: "b", period: "month", amount: "0" }, ["amount"]],
    [{ name: "b", period: "month", amount: 100 }, ["amount"]],
    [{ name: "b", period: "month", amount: "1e3" }, ["amount"]],
    [{ name: "", period: "month", amount: "1" }, ["name"]],
    [{ name: "b", period: "month", amount: "1", workflow: "video" }, ["workflow"]],
  ])("%j -> %j", (input, expected) => {
    const r = BudgetInput.safeParse(input);
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join("."))).toEqual(expected);
  });
});

describe("toEvaluableRule", () => {
  it("takes amount, revision, period and scope from the linked budget", () => {
    const r = toEvaluableRule(row("spend", { unit: "percent_of_budget", thresholds: ["80"] }, { teamId: "other" }), budget);
    expect(r).toEqual({
      ok: true,
      rule: { id: "r1", name: "rule", enabled: true, metric: "spend", unit: "percent_of_budget", thresholds: ["80"], periodKind: "month", budget: { amountUsd: "500", version: 3 } },
      scope: { teamId: TEAM, feature: "hero", model: null, workflow: null },
    });
  });

  it.each([
    ["spend", { unit: "usd", thresholds: ["10"], periodKind: "week" }, { periodKind: "week", unit: "usd" }],
    ["forecast", { percentOfBudget: "90" }, { periodKind: "month", percentOfBudget: "90", budget: { amountUsd: "500", version: 3 } }],
    ["spike", { windowHours: 2, lookbackHours: 24, multiplier: "3", minWindowSpendUsd: "5" }, { periodKind: "day", windowHours: 2 }],
    ["retries", { measure: "failed_share_percent", threshold: "20", windowHours: 6, minAttempts: 10 }, { periodKind: "day", measure: "failed_share_percent" }],
    ["unpriced", { windowHours: 24, periodKind: "week" }, { periodKind: "week", windowHours: 24 }],
  ])("builds a %s rule", (metric, config, expected) => {
    const r = toEvaluableRule(row(metric, config), metric === "forecast" ? budget : null);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.rule).toMatchObject({ metric, ...expected });
  });

  it.each([
    ["a percent rule whose budget was deleted", row("spend", { unit: "percent_of_budget", thresholds: ["80"] }), /needs a budget/],
    ["a forecast rule without budget", row("forecast", {}), /needs a budget/],
    ["an unknown metric", row("latency", {}), /unknown metric/],
    ["a corrupted config", row("spike", { windowHours: "two" }), /invalid config/],
  ])("refuses %s without throwing", (_label, r, message) => {
    const out = toEvaluableRule(r, null);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(message);
  });
});

describe("describeRuleConfig", () => {
  it.each([
    ["spend", { unit: "percent_of_budget", thresholds: ["50", "80", "100"] }, "Team month", 'Spend reaches 50 / 80 / 100 % of "Team month"'],
    ["spend", { unit: "usd", thresholds: ["500"], periodKind: "month" }, null, "Spend reaches $500"],
    ["forecast", {}, "Team month", 'Forecast reaches 100 % of "Team month"'],
    ["spike", { windowHours: 2, lookbackHours: 24, multiplier: "3", minWindowSpendUsd: "5" }, null, "Last 2h above 3× the previous 24h (min $5)"],
    ["retries", { measure: "retries_per_accepted_output", threshold: "0.5", windowHours: 6, minAttempts: 5 }, null, "Retries per accepted output above 0.5 over 6h"],
    ["unpriced", { windowHours: 24 }, null, "More than 0 unpriced events over 24h"],
    ["spike", { windowHours: "x" }, null, "invalid configuration"],
  ])("%s %j", (metric, config, budgetName, text) => {
    expect(describeRuleConfig(metric, config, budgetName)).toBe(text);
  });
});
