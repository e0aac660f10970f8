import { z } from "zod";
import { BudgetCheckInput } from "@/lib/alerts/budget-check";
import { BudgetInput, BudgetPatch, RuleInput } from "@/lib/alerts/rule-config";
import { MuteInput } from "@/lib/alerts/service";
import { AmountSchema } from "../common";
import { registerOperation } from "../registry";

/** Budgets, alert rules and the budget check (alerts issue #6), with the schemas the routes validate with. */

const Scope = z.object({ team: z.string().nullable(), feature: z.string().nullable(), model: z.string().nullable(), workflow: z.string().nullable() });
const TeamBrief = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const BudgetCheckAnswerSchema = z.object({
  allow: z.boolean().describe("false when the estimate would take a hard budget that applies above its amount"),
  remaining: AmountSchema.nullable().describe("Smallest remaining amount over the matching budgets; null when none applies"),
  estimatedCost: AmountSchema,
  budgets: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      period: z.string(),
      periodKey: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      scope: Scope,
      limit: AmountSchema,
      spent: AmountSchema.describe("Spend already ingested this period"),
      remaining: AmountSchema,
      projected: AmountSchema.describe("spent + estimatedCost"),
      wouldExceed: z.boolean(),
      exceededBy: AmountSchema,
    }),
  ),
  exceeded: z.array(z.string()).describe("Ids of the budgets and image quotas this request would exceed"),
  images: z
    .object({
      requested: z.int().describe("Images this request asks for (the `images` field, default 1)"),
      remaining: z.string().nullable().describe("Smallest number of images left over the matching hard image quotas; null when none applies"),
      quotas: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          period: z.string(),
          periodKey: z.string(),
          periodStart: z.string(),
          periodEnd: z.string(),
          scope: Scope.extend({ size: z.string().nullable(), quality: z.string().nullable() }),
          limit: z.string().describe("Quota in images (integer string)"),
          used: z.string().describe("Images already ingested this period"),
          remaining: z.string(),
          projected: z.string().describe("used + requested"),
          wouldExceed: z.boolean(),
          exceededBy: z.string(),
        }),
      ),
      exceeded: z.array(z.string()),
    })
    .describe("Hard image quotas (budgets with unit images): used and remaining images; one that would be exceeded denies the request"),
});

export const BudgetViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  period: z.enum(["day", "week", "month", "quarter"]),
  amount: AmountSchema,
  hard: z.boolean(),
  revision: z.int().describe("Bumped when amount, period, scope, unit or image filter change (thresholds re-arm)"),
  unit: z.enum(["usd", "images"]).describe("images: an image quota; amount, spent, remaining and forecast then count images"),
  imageSize: z.string().nullable().describe("Image quotas: only images of this size count"),
  imageQuality: z.string().nullable().describe("Image quotas: only images of this quality count"),
  scope: z.object({ team: TeamBrief.nullable(), feature: z.string().nullable(), model: z.string().nullable(), workflow: z.string().nullable() }),
  current: z.object({
    periodKey: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    spent: AmountSchema,
    remaining: AmountSchema,
    percent: z.string().describe("Spent as % of the amount, one decimal"),
    forecast: AmountSchema,
  }),
  rules: z.int(),
});

export const RuleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  metric: z.enum(["spend", "forecast", "spike", "retries", "unpriced"]),
  description: z.string(),
  config: z.record(z.string(), z.unknown()),
  budget: z.object({ id: z.string(), name: z.string(), period: z.string(), amount: AmountSchema }).nullable(),
  scope: z.object({ team: TeamBrief.nullable(), feature: z.string().nullable(), model: z.string().nullable(), workflow: z.string().nullable() }),
  recipients: z.array(z.string()),
  webhookUrl: z
    .string()
    .nullable()
    .describe("Masked for everyone after creation (scheme://host/…last4). PATCH keeps the stored URL unless a new one (or null) is sent"),
  webhookFormat: z.enum(["json", "slack"]).describe("json: Spendscope's payload; slack: Slack incoming-webhook text + blocks"),
  webhookSigned: z.boolean().describe("Whether deliveries carry Spendscope-Signature: t=<unix>,v1=<HMAC-SHA256 hex of `t.body`> (docs/webhooks.md)"),
  mutedUntil: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastFiredAt: z.string().nullable(),
  firings: z.int(),
  canManage: z.boolean().describe("Whether the caller may edit, mute, test and delete it"),
});

const WebhookSecret = z.string().describe("whsec_…: the webhook signing secret. Shown only in this answer; store it in the receiver");
const RuleViewWithSecret = RuleViewSchema.extend({ webhookSecret: WebhookSecret.optional() });

/** Every field of an object shape made optional (for PATCH bodies whose create schema has refinements). */
function optionalFields(shape: Record<string, z.ZodType>) {
  return z.strictObject(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])));
}

const BudgetId = z.object({ id: z.uuid().describe("Budget id") });
const RuleId = z.object({ id: z.uuid().describe("Alert rule id") });
const MANAGE = "Members for their teams' budgets and rules; admins for all (organization-wide ones: admins).";

registerOperation({
  method: "post",
  path: "/api/v1/budget-check",
  operationId: "checkBudget",
  summary: "May this request be made within budget?",
  description:
    "Counts spend already ingested in the current period plus the estimate against every budget that applies to the scope, and images used plus `images` against every hard image quota, and says which budget would be exceeded. Fast enough to call before every expensive request (the SDK's check()). model may be the name as called (an alias, dated variant or vendor-prefixed name): it is folded to its canonical model, which budgets and spend are kept under.",
  tag: "Budgets",
  auth: "session-or-key",
  scopes: ["read", "ingest"],
  access: "A team key checks its own team.",
  body: { schema: BudgetCheckInput, example: { team: "creative-studio", feature: "hero-image-generator", model: "gpt-image-2", estimatedCost: "0.211", images: 1, size: "1024x1024", quality: "high" } },
  responses: { 200: { description: "The decision", schema: BudgetCheckAnswerSchema } },
  errors: { 400: "Invalid body", 403: "Key without read or ingest scope, or another team" },
});

registerOperation({
  method: "get",
  path: "/api/v1/budgets",
  operationId: "listBudgets",
  summary: "Budgets with their current period",
  tag: "Budgets",
  auth: "session-or-key",
  scopes: ["read"],
  responses: { 200: { description: "Spend, remaining and forecast of the current period", schema: z.object({ budgets: z.array(BudgetViewSchema) }) } },
  errors: { 403: "Key without the read scope" },
});

registerOperation({
  method: "post",
  path: "/api/v1/budgets",
  operationId: "createBudget",
  summary: "Create a budget",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  body: { schema: BudgetInput },
  responses: { 201: { description: "Created", schema: BudgetViewSchema } },
  errors: { 400: "Invalid fields", 403: "Not allowed for this scope" },
});

registerOperation({
  method: "get",
  path: "/api/v1/budgets/{id}",
  operationId: "getBudget",
  summary: "One budget",
  tag: "Budgets",
  auth: "session-or-key",
  scopes: ["read"],
  params: BudgetId,
  responses: { 200: { description: "The budget", schema: BudgetViewSchema } },
  errors: { 403: "Key without the read scope", 404: "No such budget" },
});

registerOperation({
  method: "patch",
  path: "/api/v1/budgets/{id}",
  operationId: "updateBudget",
  summary: "Change a budget",
  description: "A change of amount, period or scope re-arms its alert thresholds.",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  params: BudgetId,
  body: { schema: BudgetPatch },
  responses: { 200: { description: "The budget after the change", schema: BudgetViewSchema } },
  errors: { 400: "Invalid fields", 403: "Not allowed", 404: "No such budget" },
});

registerOperation({
  method: "delete",
  path: "/api/v1/budgets/{id}",
  operationId: "deleteBudget",
  summary: "Delete a budget",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  params: BudgetId,
  responses: { 204: { description: "Deleted" } },
  errors: { 403: "Not allowed", 404: "No such budget", 409: "Alert rules still use it" },
});

registerOperation({
  method: "get",
  path: "/api/v1/alert-rules",
  operationId: "listAlertRules",
  summary: "Alert rules",
  tag: "Budgets",
  auth: "session-or-key",
  scopes: ["read"],
  responses: { 200: { description: "Every rule with its last firing", schema: z.object({ rules: z.array(RuleViewSchema) }) } },
  errors: { 403: "Key without the read scope" },
});

registerOperation({
  method: "post",
  path: "/api/v1/alert-rules",
  operationId: "createAlertRule",
  summary: "Create an alert rule",
  description:
    "config per metric: spend { unit: usd | percent_of_budget, thresholds, periodKind? }; forecast { percentOfBudget? }; spike { windowHours, lookbackHours, multiplier, minWindowSpendUsd, periodKind? }; retries { measure, threshold, windowHours, minAttempts, periodKind? }; unpriced { windowHours, threshold?, periodKind? }.",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  body: { schema: RuleInput },
  responses: { 201: { description: "Created; with a webhook, `webhookSecret` is its signing secret, shown this once", schema: RuleViewWithSecret } },
  errors: { 400: "Invalid fields (config validated per metric)", 403: "Not allowed for this scope" },
});

registerOperation({
  method: "get",
  path: "/api/v1/alert-rules/{id}",
  operationId: "getAlertRule",
  summary: "One alert rule",
  tag: "Budgets",
  auth: "session-or-key",
  scopes: ["read"],
  params: RuleId,
  responses: { 200: { description: "The rule", schema: RuleViewSchema } },
  errors: { 403: "Key without the read scope", 404: "No such rule" },
});

registerOperation({
  method: "patch",
  path: "/api/v1/alert-rules/{id}",
  operationId: "updateAlertRule",
  summary: "Change an alert rule",
  description: "The given fields over the stored rule, validated as a whole (see create).",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  params: RuleId,
  body: { schema: optionalFields(RuleInput.in.shape), description: "Any of the create fields; the merged rule is validated as a whole." },
  responses: { 200: { description: "The rule after the change; `webhookSecret` only when this change gave the rule its first webhook", schema: RuleViewWithSecret } },
  errors: { 400: "Invalid fields", 403: "Not allowed", 404: "No such rule" },
});

registerOperation({
  method: "delete",
  path: "/api/v1/alert-rules/{id}",
  operationId: "deleteAlertRule",
  summary: "Delete an alert rule (and its firing history)",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  params: RuleId,
  responses: { 204: { description: "Deleted" } },
  errors: { 403: "Not allowed", 404: "No such rule" },
});

registerOperation({
  method: "post",
  path: "/api/v1/alert-rules/{id}/mute",
  operationId: "muteAlertRule",
  summary: "Mute (or unmute) an alert rule",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  params: RuleId,
  body: { schema: MuteInput, description: "until: when the mute ends (future); null unmutes" },
  responses: { 200: { description: "The new mute", schema: z.object({ mutedUntil: z.string().nullable() }) } },
  errors: { 400: "until is not a future date-time", 403: "Not allowed", 404: "No such rule" },
});

registerOperation({
  method: "post",
  path: "/api/v1/alert-rules/{id}/test",
  operationId: "testAlertRule",
  summary: "Send the rule's message now, marked [Test]",
  description: "Uses current values; records no firing.",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  params: RuleId,
  responses: {
    200: {
      description: "What was queued for delivery",
      schema: z.object({
        queued: z.int(),
        sent: z.int(),
        pending: z.int(),
        webhook: z
          .enum(["delivered", "refused_by_policy", "failed"])
          .optional()
          .describe("Only when the rule has a webhook. Internal-network addresses are refused before any connection"),
      }),
    },
  },
  errors: { 403: "Not allowed", 404: "No such rule" },
});

registerOperation({
  method: "post",
  path: "/api/v1/alert-rules/{id}/webhook-secret",
  operationId: "rotateAlertRuleWebhookSecret",
  summary: "Rotate the rule's webhook signing secret",
  description: "Issues a new secret, answered this once; deliveries are signed with it from now on and the old one stops working at once.",
  tag: "Budgets",
  auth: "session",
  access: MANAGE,
  params: RuleId,
  responses: { 200: { description: "The new secret", schema: z.object({ webhookSecret: WebhookSecret }) } },
  errors: { 403: "Not allowed", 404: "No such rule", 409: "The rule has no webhook" },
});
