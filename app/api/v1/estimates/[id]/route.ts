import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { compareEstimate } from "@/lib/spend/estimates-service";
import { loadPageView } from "@/lib/spend/views-service";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/estimates/:id?from&to&tz: the saved estimate and its comparison with the actual cost of its
 * feature's events in the window (default the last 30 days).
 */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], params: z.object({ id: z.uuid("must be an estimate id") }) }, async ({ req, principal, params }) => {
  const sp = Object.fromEntries(new URL(req.url).searchParams);
  const pv = await loadPageView(principal, sp);
  const r = await compareEstimate(pv, params.id);
  return {
    estimate: r.estimate,
    window: { from: pv.view.range.from, to: pv.view.range.to, tz: pv.view.tz },
    actual: { cost: r.actual.cost, events: r.actual.events, images: r.actual.images, buckets: r.actual.buckets },
    comparison: r.comparison.rows.map((row) => ({ id: row.key, ...row.cells })),
  };
});
