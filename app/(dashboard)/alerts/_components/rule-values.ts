/** Form state of the rule editor and its conversion from a stored rule (server-safe: no "use client"). */
import type { RuleView } from "@/lib/alerts/service";

export type Metric = "spend" | "forecast" | "spike" | "retries" | "unpriced" | "reconciliation";
export type Period = "day" | "week" | "month" | "quarter";

/** Every field of every metric, as text: the form keeps them all so switching metric loses nothing. */
export interface RuleFormValues {
  name: string;
  metric: Metric;
  budgetId: string;
  unit: "percent_of_budget" | "usd";
  thresholds: string;
  periodKind: Period;
  percentOfBudget: string;
  windowHours: string;
  lookbackHours: string;
  multiplier: string;
  minWindowSpendUsd: string;
  measure: "retries_per_accepted_output" | "failed_share_percent";
  threshold: string;
  minAttempts: string;
  unpricedThreshold: string;
  /** Reconciliation: variance % of billed, USD guard, billed days looked at. */
  recPercent: string;
  recMinUsd: string;
  recLookbackDays: string;
  team: string;
  feature: string;
  model: string;
  workflow: string;
  recipients: string;
  /** A new webhook URL (the stored one is never sent to the browser). */
  webhookUrl: string;
  /** The stored webhook, masked; "" when the rule has none. */
  currentWebhook: string;
  removeWebhook: boolean;
  webhookFormat: "json" | "slack";
  enabled: boolean;
}

export const EMPTY_RULE: RuleFormValues = {
  name: "",
  metric: "spend",
  budgetId: "",
  unit: "percent_of_budget",
  thresholds: "50, 80, 100",
  periodKind: "day",
  percentOfBudget: "100",
  windowHours: "24",
  lookbackHours: "168",
  multiplier: "2",
  minWindowSpendUsd: "5",
  measure: "retries_per_accepted_output",
  threshold: "0.5",
  minAttempts: "20",
  unpricedThreshold: "0",
  recPercent: "10",
  recMinUsd: "1",
  recLookbackDays: "7",
  team: "",
  feature: "",
  model: "",
  workflow: "",
  recipients: "",
  webhookUrl: "",
  currentWebhook: "",
  removeWebhook: false,
  webhookFormat: "json",
  enabled: true,
};


/** Stored rule -> form values (fields of other metrics keep their defaults). */
export function ruleFormValues(r: RuleView): RuleFormValues {
  const c = (r.config ?? {}) as Record<string, unknown>;
  const str = (k: string, fallback: string) => (c[k] === undefined || c[k] === null ? fallback : String(c[k]));
  return {
    ...EMPTY_RULE,
    name: r.name,
    metric: r.metric as Metric,
    budgetId: r.budget?.id ?? "",
    unit: c.unit === "usd" ? "usd" : "percent_of_budget",
    thresholds: Array.isArray(c.thresholds) ? c.thresholds.join(", ") : EMPTY_RULE.thresholds,
    periodKind: (str("periodKind", "day") as Period),
    percentOfBudget: str("percentOfBudget", "100"),
    windowHours: str("windowHours", EMPTY_RULE.windowHours),
    lookbackHours: str("lookbackHours", EMPTY_RULE.lookbackHours),
    multiplier: str("multiplier", EMPTY_RULE.multiplier),
    minWindowSpendUsd: str("minWindowSpendUsd", EMPTY_RULE.minWindowSpendUsd),
    measure: c.measure === "failed_share_percent" ? "failed_share_percent" : "retries_per_accepted_output",
    threshold: r.metric === "retries" ? str("threshold", EMPTY_RULE.threshold) : EMPTY_RULE.threshold,
    minAttempts: str("minAttempts", EMPTY_RULE.minAttempts),
    unpricedThreshold: r.metric === "unpriced" ? str("threshold", "0") : "0",
    recPercent: str("thresholdPercent", EMPTY_RULE.recPercent),
    recMinUsd: str("minVarianceUsd", EMPTY_RULE.recMinUsd),
    recLookbackDays: str("lookbackDays", EMPTY_RULE.recLookbackDays),
    team: r.scope.team?.slug ?? "",
    feature: r.scope.feature ?? "",
    model: r.scope.model ?? "",
    workflow: r.scope.workflow ?? "",
    recipients: r.recipients.join(", "),
    webhookUrl: "",
    currentWebhook: r.webhookUrl ?? "",
    webhookFormat: r.webhookFormat === "slack" ? "slack" : "json",
    enabled: r.enabled,
  };
}
