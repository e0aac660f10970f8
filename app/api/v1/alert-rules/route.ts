import { apiRoute } from "@/lib/api/route";
import { RuleInput } from "@/lib/alerts/rule-config";
import { createRule, getRuleView, listRuleViews } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/alert-rules (session, or key with `read`). */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"] }, async ({ principal }) => ({ rules: await listRuleViews(principal) }));

/**
 * POST /api/v1/alert-rules: { name, metric, config, budgetId?, team?, feature?, model?, workflow?, recipients, webhookUrl?, webhookFormat?, enabled? }.
 * With a webhook, the answer carries `webhookSecret` (its signing secret) this once; no later read shows it.
 * `config` per metric: spend { unit: "usd" | "percent_of_budget", thresholds: ["50","80","100"], periodKind? };
 * forecast { percentOfBudget? }; spike { windowHours, lookbackHours, multiplier, minWindowSpendUsd, periodKind? };
 * retries { measure, threshold, windowHours, minAttempts, periodKind? }; unpriced { windowHours, threshold?, periodKind? }.
 */
export const POST = apiRoute({ auth: "session", body: RuleInput, maxBodyBytes: 32_768 }, async ({ principal, body }) => {
  const { id, webhookSecret } = await createRule(principal, body);
  return Response.json({ ...(await getRuleView(principal, id)), ...(webhookSecret ? { webhookSecret } : {}) }, { status: 201 });
});
