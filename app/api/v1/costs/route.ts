import { apiRoute, json } from "@/lib/api/route";
import { costsQuerySchema } from "@/lib/spend/filters";
import { getCosts } from "@/lib/spend/costs-service";

export const dynamic = "force-dynamic";

/** GET /api/v1/costs: spend totals and grouped rows; amounts are exact decimal strings. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], query: costsQuerySchema }, async ({ principal, query }) => {
  const { body, source } = await getCosts(principal, query);
  return json(body, { headers: { "cache-control": "private, no-store", "x-spendscope-source": source } });
});
