/**
 * Alert rules (a discriminated union on `metric`), the metric values they are evaluated against, and
 * the firings evaluation produces. Rules are validated with `alertRuleSchema` where they enter the
 * system; the TS types are inferred from it so the two cannot drift.
 *
 * Every rule fires each of its thresholds at most once per budget period (`periodKind`, in the
 * organization's time zone); window metrics (spike, retries, unpriced) use the period as their
 * "at most once per" cadence, typically "day".
 */
import { z } from "zod";
import { dec } from "@/lib/money/decimal";
import { PERIOD_KINDS, type Period, type PeriodKind } from "./periods";

export const ALERT_METRICS = ["spend", "forecast", "spike", "retries", "unpriced", "reconciliation"] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

const DECIMAL_RE = /^(0|[1-9]\d*)(\.\d+)?$/;
const decimalString = z.string().regex(DECIMAL_RE, "expected a non-negative decimal string");
// Zod runs every check even after one fails, so refinements re-test the shape before parsing.
const positiveDecimal = decimalString.refine((s) => DECIMAL_RE.test(s) && dec(s).gt(0), "must be greater than zero");
const canonical = (s: string): string => (DECIMAL_RE.test(s) ? dec(s).toFixed() : s);

const thresholdList = z
  .array(positiveDecimal)
  .min(1)
  .max(10)
  .refine((xs) => new Set(xs.map(canonical)).size === xs.length, "thresholds must be distinct");

/** The budget a rule measures against. Bump `version` whenever the amount changes: claims re-arm. */
export const budgetRefSchema = z.object({
  /** Dollars; for an image quota (unit "images") a number of images. */
  amountUsd: positiveDecimal,
  version: z.number().int().nonnegative(),
  /** Absent means "usd". */
  unit: z.enum(["usd", "images"]).optional(),
});
export type BudgetRef = z.infer<typeof budgetRefSchema>;

const common = {
  id: z.string().min(1),
  name: z.string().optional(),
  /** Absent means enabled. */
  enabled: z.boolean().optional(),
  periodKind: z.enum(PERIOD_KINDS),
};
const windowHours = z.number().int().min(1).max(24 * 31);

export const spendRuleSchema = z.discriminatedUnion("unit", [
  /** Thresholds are USD amounts of period-to-date spend, e.g. ["500", "1000"]. */
  z.object({ ...common, metric: z.literal("spend"), unit: z.literal("usd"), thresholds: thresholdList }),
  /** Thresholds are percentages of the budget, e.g. ["50", "80", "100"]. */
  z.object({
    ...common,
    metric: z.literal("spend"),
    unit: z.literal("percent_of_budget"),
    thresholds: thresholdList,
    budget: budgetRefSchema,
  }),
]);

export const forecastRuleSchema = z.object({
  ...common,
  metric: z.literal("forecast"),
  budget: budgetRefSchema,
  /** Fires when projected period-end spend >= this percent of the budget; default "100". */
  percentOfBudget: positiveDecimal.optional(),
});

export const spikeRuleSchema = z.object({
  ...common,
  metric: z.literal("spike"),
  /** N: the recent window whose spend is tested. */
  windowHours,
  /** Baseline: the `lookbackHours` immediately before the window (the window is excluded from it). */
  lookbackHours: z.number().int().min(1).max(24 * 90),
  /** K: fires when the window's average hourly spend > K × the baseline's average hourly spend. */
  multiplier: positiveDecimal,
  /** Guard: the window must have spent at least this much (USD), so $0.02 after $0.00 is not a spike. */
  minWindowSpendUsd: decimalString,
});

export const retriesRuleSchema = z.object({
  ...common,
  metric: z.literal("retries"),
  /**
   * retries_per_accepted_output: retries / accepted outputs (threshold e.g. "0.5");
   * failed_share_percent: failed or rejected attempts / all attempts × 100 (threshold e.g. "20").
   */
  measure: z.enum(["retries_per_accepted_output", "failed_share_percent"]),
  /** Fires when the measure is strictly above this. */
  threshold: positiveDecimal,
  windowHours,
  /** Guard: no firing below this many attempts in the window. */
  minAttempts: z.number().int().min(1),
});

export const unpricedRuleSchema = z.object({
  ...common,
  metric: z.literal("unpriced"),
  windowHours,
  /** Fires when the count of unpriced events in the window is strictly above this; default 0. */
  threshold: z.number().int().nonnegative().optional(),
});

/** Billed vs tracked (lib/reconcile): fires once per (rule, billed UTC day) whose variance passes the threshold. */
export const reconciliationRuleSchema = z.object({
  ...common,
  metric: z.literal("reconciliation"),
  /** Fires when |billed − tracked| / billed × 100 is strictly above this for a day. */
  thresholdPercent: positiveDecimal,
  /** Guard: the day's |billed − tracked| must be at least this (USD). */
  minVarianceUsd: decimalString,
  /** Billed days looked at, ending at the last imported billed day. */
  lookbackDays: z.number().int().min(1).max(31),
});

export const alertRuleSchema = z.discriminatedUnion("metric", [
  spendRuleSchema,
  forecastRuleSchema,
  spikeRuleSchema,
  retriesRuleSchema,
  unpricedRuleSchema,
  reconciliationRuleSchema,
]);

export type SpendRule = z.infer<typeof spendRuleSchema>;
export type ForecastRule = z.infer<typeof forecastRuleSchema>;
export type SpikeRule = z.infer<typeof spikeRuleSchema>;
export type RetriesRule = z.infer<typeof retriesRuleSchema>;
export type UnpricedRule = z.infer<typeof unpricedRuleSchema>;
export type ReconciliationRule = z.infer<typeof reconciliationRuleSchema>;
export type AlertRule = z.infer<typeof alertRuleSchema>;

/** Current metric values; amounts are decimal strings, counts are integers. */
export interface SpendValues {
  metric: "spend";
  /** Spend in the current period so far. */
  spentSoFar: string;
}
export interface ForecastValues {
  metric: "forecast";
  /** Projected period-end spend (see lib/spend/forecast.ts). */
  projected: string;
  spentSoFar?: string;
}
export interface SpikeValues {
  metric: "spike";
  /** Spend in the last `windowHours`. */
  windowSpend: string;
  /** Spend in the `lookbackHours` before the window. */
  lookbackSpend: string;
}
export interface RetriesValues {
  metric: "retries";
  attempts: number;
  acceptedOutputs: number;
  retries: number;
  failedOrRejected: number;
}
export interface UnpricedValues {
  metric: "unpriced";
  unpricedCount: number;
}
export interface ReconciliationValues {
  metric: "reconciliation";
  /** Per billed UTC day in the rule's scope: amounts as decimal strings. */
  days: { date: string; billed: string; tracked: string }[];
}
export type MetricValues = SpendValues | ForecastValues | SpikeValues | RetriesValues | UnpricedValues | ReconciliationValues;

/** A rule paired with the values for its metric. */
export type RuleWithValues =
  | { rule: SpendRule; values: SpendValues }
  | { rule: ForecastRule; values: ForecastValues }
  | { rule: SpikeRule; values: SpikeValues }
  | { rule: RetriesRule; values: RetriesValues }
  | { rule: UnpricedRule; values: UnpricedValues }
  | { rule: ReconciliationRule; values: ReconciliationValues };

export type PeriodRef = Pick<Period, "kind" | "key">;

export type EvaluateInput = RuleWithValues & {
  /** The rule's current period (periodFor(rule.periodKind, now, orgTz)). */
  period: PeriodRef;
  /** Claim keys already recorded as fired (any period; only matching keys matter). */
  firedClaimKeys: Iterable<string>;
  /** While now < mutedUntil the rule produces nothing. */
  mutedUntil?: Date | null;
  now: Date;
};

export type ThresholdUnit = "usd" | "percent_of_budget" | "multiplier" | "ratio" | "percent" | "count";

export interface AlertFiring {
  ruleId: string;
  metric: AlertMetric;
  periodKind: PeriodKind;
  periodKey: string;
  /** Identifies the threshold within the rule, e.g. "pct:80", "usd:1000", "forecast:pct:100". */
  thresholdKey: string;
  /** Deterministic idempotency key: store it under a unique constraint before notifying. */
  claimKey: string;
  /** Observed value in the threshold's unit's base (USD for spend/forecast/spike, ratio/percent/count otherwise). */
  value: string;
  /** The threshold as configured (e.g. "80" for 80%). */
  threshold: string;
  thresholdUnit: ThresholdUnit;
  /** The threshold converted to USD, for budget-relative and spike thresholds. */
  thresholdAmountUsd?: string;
  budgetAmount?: string;
  budgetVersion?: number;
  forecast?: string;
  /** Set when value, amounts and forecast count images (an image quota), not dollars. */
  quantityUnit?: "images";
  message: string;
}
