import { apiRoute } from "@/lib/api/route";
import { BudgetInput } from "@/lib/alerts/rule-config";
import { createBudget, getBudgetView, listBudgetViews } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/budgets: budgets with their current period's spend, remaining and forecast (session, or key with `read`). */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"] }, async ({ principal }) => ({ budgets: await listBudgetViews(principal) }));

/** POST /api/v1/budgets: { name, period, amount, hard?, team?, feature?, model?, workflow? } (members for their teams, admins). */
export const POST = apiRoute({ auth: "session", body: BudgetInput, maxBodyBytes: 16_384 }, async ({ principal, body }) => {
  const { id } = await createBudget(principal, body);
  return Response.json(await getBudgetView(principal, id), { status: 201 });
});
