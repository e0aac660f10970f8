/**
 * How budgets and alert rules are stored and edited, and how a stored rule becomes the pure `AlertRule`
 * that evaluate.ts understands. Pure: no database, no framework.
 *
 * Stored shape: the `alert_rules` row carries metric, scope, recipients and a `config` JSON with the
 * metric's own settings. Budget-relative rules (spend in % of budget, forecast) take their budget amount,
 * revision and period from the linked budget at evaluation time, so editing the budget re-arms them.
 * A rule linked to a budget measures the budget's scope (the budget is the source of truth; the rule's
 * scope columns mirror it for listing and authorization).
 */
import { z } from "zod";
import { dec } from "@/lib/money/decimal";
import { WORKFLOWS, type Workflow } from "@/lib/ingest/event-schema";
import { BUDGET_UNITS, imageQuotaProblems } from "./image-quota";
import { PERIOD_KINDS, type PeriodKind } from "./periods";
import { ALERT_METRICS, alertRuleSchema, type AlertMetric, type AlertRule } from "./types";

export { WORKFLOWS, type Workflow };

/** What spend a budget or rule looks at; null = any. */
export interface AlertScope {
  teamId: string | null;
  feature: string | null;
  model: string | null;
  workflow: Workflow | null;
}

const DECIMAL_RE = /^(0|[1-9]\d*)(\.\d+)?$/;
const decimalString = z.string().trim().regex(DECIMAL_RE, "a non-negative decimal such as 12.50");
// Refinements re-test the shape so a malformed value reports one problem, not two.
const positiveDecimal = decimalString.refine((s) => !DECIMAL_RE.test(s) || dec(s).gt(0), "must be greater than zero");
const thresholds = z
  .array(positiveDecimal)
  .min(1, "at least one threshold")
  .max(10, "at most 10 thresholds")
  .refine((xs) => new Set(xs.map((s) => (DECIMAL_RE.test(s) ? dec(s).toFixed() : s))).size === xs.length, "thresholds must be distinct");
const windowHours = z.number().int("whole hours").min(1, "at least 1 hour").max(24 * 31, "at most 744 hours (31 days)");
const cadence = z.enum(PERIOD_KINDS).default("day");

/** `config` per metric, as stored and as accepted from the API. */
export const ruleConfigSchemas = {
  spend: z.strictObject({
    unit: z.enum(["usd", "percent_of_budget"]),
    thresholds,
    /** Only for USD thresholds without a budget; otherwise the budget's period. */
    periodKind: z.enum(PERIOD_KINDS).optional(),
  }),
  forecast: z.strictObject({ percentOfBudget: positiveDecimal.optional() }),
  spike: z.strictObject({
    windowHours,
    lookbackHours: z.number().int("whole hours").min(1).max(24 * 90, "at most 2160 hours (90 days)"),
    multiplier: positiveDecimal,
    minWindowSpendUsd: decimalString,
    periodKind: cadence,
  }),
  retries: z.strictObject({
    measure: z.enum(["retries_per_accepted_output", "failed_share_percent"]),
    threshold: positiveDecimal,
    windowHours,
    minAttempts: z.number().int().min(1, "at least 1 attempt"),
    periodKind: cadence,
  }),
  unpriced: z.strictObject({
    windowHours,
    threshold: z.number().int().nonnegative().optional(),
    periodKind: cadence,
  }),
  reconciliation: z.strictObject({
    thresholdPercent: positiveDecimal,
    minVarianceUsd: decimalString.default("0"),
    lookbackDays: z.number().int("whole days").min(1, "at least 1 day").max(31, "at most 31 days").default(7),
    periodKind: z.literal("day").default("day"),
  }),
} as const satisfies Record<AlertMetric, z.ZodType>;

export type RuleConfig<M extends AlertMetric = AlertMetric> = z.infer<(typeof ruleConfigSchemas)[M]>;

const optionalLabel = z
  .string()
  .trim()
  .max(200)
  .nullish()
  .transform((s) => (s ? s : null));
const teamSlug = z.string().trim().toLowerCase().min(1).max(64).nullish().transform((s) => s ?? null);
const scopeFields = {
  team: teamSlug,
  feature: optionalLabel,
  model: optionalLabel,
  workflow: z.enum(WORKFLOWS).nullish().transform((w) => w ?? null),
};

const budgetFields = z.strictObject({
  name: z.string().trim().min(1, "required").max(120),
  period: z.enum(PERIOD_KINDS),
  /** Dollars, or a whole number of images when unit is "images". */
  amount: positiveDecimal.refine((s) => !DECIMAL_RE.test(s) || dec(s).lt("100000000000000"), "too large"),
  hard: z.boolean().default(false),
  ...scopeFields,
  /** "usd" (default) or "images": an image quota. */
  unit: z.enum(BUDGET_UNITS).default("usd"),
  /** Image quotas only: count only images of this size / quality, e.g. "1024x1024", "high". */
  imageSize: optionalLabel,
  imageQuality: optionalLabel,
});
export const BudgetInput = budgetFields.superRefine((b, ctx) => {
  if (!DECIMAL_RE.test(b.amount)) return;
  for (const i of imageQuotaProblems(b)) ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
});
export type BudgetInput = z.infer<typeof BudgetInput>;
/** A PATCH: absent fields stay as stored (no defaults); unit fields are checked on the merged budget (service). */
export const BudgetPatch = budgetFields.extend({ hard: z.boolean(), unit: z.enum(BUDGET_UNITS) }).partial();

export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const email = z.string().trim().toLowerCase().email("must be a valid email address");

export const RuleInput = z
  .strictObject({
    name: z.string().trim().min(1, "required").max(120),
    metric: z.enum(ALERT_METRICS),
    config: z.record(z.string(), z.unknown()),
    budgetId: z.uuid("a budget id").nullish().transform((s) => s ?? null),
    ...scopeFields,
    recipients: z.array(email).max(20, "at most 20 recipients").default([]),
    webhookUrl: z
      .url({ protocol: /^https?$/, error: "an http(s) URL" })
      .max(2000)
      .nullish()
      .transform((s) => s ?? null),
    /** The webhook body: Spendscope's JSON payload, or Slack's incoming-webhook text + blocks. Signed either way. */
    webhookFormat: z.enum(WEBHOOK_FORMATS).default("json"),
    enabled: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    const parsed = ruleConfigSchemas[r.metric].safeParse(r.config);
    if (!parsed.success) {
      for (const i of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["config", ...i.path], message: i.message });
    }
    // Judged on the raw config too, so every problem is reported in one answer.
    const unit = r.config.unit;
    const needsBudget = r.metric === "forecast" || (r.metric === "spend" && unit === "percent_of_budget");
    if (needsBudget && !r.budgetId) ctx.addIssue({ code: "custom", path: ["budgetId"], message: "choose the budget this rule measures against" });
    if (parsed.success && r.metric === "spend" && !r.budgetId && unit === "usd" && !(parsed.data as RuleConfig<"spend">).periodKind) {
      ctx.addIssue({ code: "custom", path: ["config", "periodKind"], message: "choose a period (or link a budget)" });
    }
    if (r.recipients.length === 0 && !r.webhookUrl) {
      ctx.addIssue({ code: "custom", path: ["recipients"], message: "add at least one recipient or a webhook" });
    }
    if (new Set(r.recipients).size !== r.recipients.length) ctx.addIssue({ code: "custom", path: ["recipients"], message: "duplicate recipient" });
  })
  .transform((r) => ({ ...r, config: ruleConfigSchemas[r.metric].parse(r.config) as RuleConfig }));
export type RuleInput = z.infer<typeof RuleInput>;

/** The budget fields evaluation needs. */
export interface BudgetLike extends AlertScope {
  id: string;
  name: string;
  period: PeriodKind;
  /** Decimal string. */
  amount: string;
  revision: number;
  hard: boolean;
  /** Absent means "usd". */
  unit?: "usd" | "images";
  imageSize?: string | null;
  imageQuality?: string | null;
}

/** The rule fields evaluation needs. */
export interface RuleRowLike extends AlertScope {
  id: string;
  name: string;
  metric: string;
  config: unknown;
  enabled: boolean;
}

export type EvaluableRule = { ok: true; rule: AlertRule; scope: AlertScope } | { ok: false; error: string };

/**
 * The pure rule for a stored row (with its budget, when linked). Returns an error instead of throwing so
 * one broken rule (say, its budget was deleted) cannot stop a pass over the others.
 */
export function toEvaluableRule(row: RuleRowLike, budget: BudgetLike | null): EvaluableRule {
  if (!(ALERT_METRICS as readonly string[]).includes(row.metric)) return { ok: false, error: `unknown metric "${row.metric}"` };
  const metric = row.metric as AlertMetric;
  const cfg = ruleConfigSchemas[metric].safeParse(row.config);
  if (!cfg.success) return { ok: false, error: `invalid config: ${cfg.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}` };
  const config = cfg.data as Record<string, unknown>;
  const budgetRef = budget ? { amountUsd: dec(budget.amount).toFixed(), version: budget.revision, ...(budget.unit === "images" ? { unit: "images" as const } : {}) } : undefined;
  const base = { id: row.id, name: row.name, enabled: row.enabled };
  let candidate: Record<string, unknown>;
  switch (metric) {
    case "spend": {
      const c = config as RuleConfig<"spend">;
      const periodKind = budget?.period ?? c.periodKind;
      candidate = c.unit === "usd"
        ? { ...base, metric, unit: "usd", thresholds: c.thresholds, periodKind }
        : { ...base, metric, unit: "percent_of_budget", thresholds: c.thresholds, periodKind, budget: budgetRef };
      break;
    }
    case "forecast":
      candidate = { ...base, metric, periodKind: budget?.period, budget: budgetRef, ...config };
      break;
    default:
      candidate = { ...base, metric, ...config };
  }
  const parsed = alertRuleSchema.safeParse(candidate);
  if (!parsed.success) {
    const missingBudget = parsed.error.issues.some((i) => i.path[0] === "budget" || i.path[0] === "periodKind");
    return { ok: false, error: missingBudget ? "the rule needs a budget (it was deleted?)" : parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ") };
  }
  const scope: AlertScope = budget
    ? { teamId: budget.teamId, feature: budget.feature, model: budget.model, workflow: budget.workflow }
    : { teamId: row.teamId, feature: row.feature, model: row.model, workflow: row.workflow };
  return { ok: true, rule: parsed.data, scope };
}

/** One line that says what a rule watches, for lists and emails. */
export function describeRuleConfig(metric: string, config: unknown, budgetName?: string | null, budgetUnit?: "usd" | "images"): string {
  const m = metric as AlertMetric;
  const parsed = (ALERT_METRICS as readonly string[]).includes(m) ? ruleConfigSchemas[m].safeParse(config) : null;
  if (!parsed?.success) return "invalid configuration";
  const budget = budgetName ? `"${budgetName}"` : "the budget";
  switch (m) {
    case "spend": {
      const c = parsed.data as RuleConfig<"spend">;
      return c.unit === "usd"
        ? `Spend reaches ${c.thresholds.map((t) => `$${t}`).join(" / ")}`
        : `${budgetUnit === "images" ? "Images reach" : "Spend reaches"} ${c.thresholds.join(" / ")} % of ${budget}`;
    }
    case "forecast": {
      const c = parsed.data as RuleConfig<"forecast">;
      return `Forecast reaches ${c.percentOfBudget ?? "100"} % of ${budget}`;
    }
    case "spike": {
      const c = parsed.data as RuleConfig<"spike">;
      return `Last ${c.windowHours}h above ${c.multiplier}× the previous ${c.lookbackHours}h (min $${c.minWindowSpendUsd})`;
    }
    case "retries": {
      const c = parsed.data as RuleConfig<"retries">;
      return c.measure === "retries_per_accepted_output"
        ? `Retries per accepted output above ${c.threshold} over ${c.windowHours}h`
        : `Failed or rejected above ${c.threshold} % over ${c.windowHours}h`;
    }
    case "unpriced": {
      const c = parsed.data as RuleConfig<"unpriced">;
      return `More than ${c.threshold ?? 0} unpriced events over ${c.windowHours}h`;
    }
    case "reconciliation": {
      const c = parsed.data as RuleConfig<"reconciliation">;
      return `Billed vs tracked off by more than ${c.thresholdPercent} % on a day (min $${c.minVarianceUsd}, last ${c.lookbackDays} billed days)`;
    }
  }
}

export function scopeEquals(a: AlertScope, b: AlertScope): boolean {
  return a.teamId === b.teamId && a.feature === b.feature && a.model === b.model && a.workflow === b.workflow;
}
