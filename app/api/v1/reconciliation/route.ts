import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend, readScopeOf } from "@/lib/auth/permissions";
import { reconciliationCsv, ReconcileQuery, loadReconciliation } from "@/lib/reconcile/service";

export const dynamic = "force-dynamic";

const Query = ReconcileQuery.extend({ format: z.enum(["json", "csv"], { error: "must be json or csv" }).default("json") });

/** Billed (OpenAI Costs API imports) against tracked per UTC day and OpenAI project, the gap explained; CSV with format=csv. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend, query: Query }, async ({ principal, query }) => {
  const r = await loadReconciliation(readScopeOf(principal), query);
  if (query.format === "json") return r;
  const { filename, csv } = reconciliationCsv(r);
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "private, no-store" },
  });
});
