import { apiRoute } from "@/lib/api/route";
import { BudgetCheckInput, checkBudget } from "@/lib/alerts/budget-check";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/budget-check (key with the `read` or `ingest` scope): may a request of `estimatedCost` go ahead
 * within the hard budgets that apply to its team / feature / model / workflow? Answers
 * { allow, remaining, estimatedCost, budgets: [...], exceeded: [ids] }; amounts are decimal strings.
 */
export const POST = apiRoute({ auth: "session-or-key", scopes: ["read", "ingest"], body: BudgetCheckInput, maxBodyBytes: 4096 }, ({ principal, body }) =>
  checkBudget(principal, body),
);
