import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { BudgetPatch } from "@/lib/alerts/rule-config";
import { deleteBudget, getBudgetView, updateBudget } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

const Params = z.object({ id: z.uuid("a budget id") });

/** GET /api/v1/budgets/:id */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], params: Params }, ({ principal, params }) => getBudgetView(principal, params.id));

/** PATCH /api/v1/budgets/:id: any budget fields; a change of amount, period or scope re-arms its alert thresholds. */
export const PATCH = apiRoute({ auth: "session", params: Params, body: BudgetPatch, maxBodyBytes: 16_384 }, async ({ principal, params, body }) => {
  await updateBudget(principal, params.id, body);
  return getBudgetView(principal, params.id);
});

/** DELETE /api/v1/budgets/:id: refused (409) while alert rules use the budget. */
export const DELETE = apiRoute({ auth: "session", params: Params }, async ({ principal, params }) => {
  await deleteBudget(principal, params.id);
  return new Response(null, { status: 204 });
});
