import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { deleteRule, getRuleView, updateRule } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

const Params = z.object({ id: z.uuid("an alert rule id") });

/** GET /api/v1/alert-rules/:id */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], params: Params }, ({ principal, params }) => getRuleView(principal, params.id));

/**
 * PATCH /api/v1/alert-rules/:id: the given fields over the stored rule, validated as a whole (see POST). A rule's
 * first webhook URL issues its signing secret, answered as `webhookSecret` this once.
 */
export const PATCH = apiRoute({ auth: "session", params: Params, body: z.record(z.string(), z.unknown()), maxBodyBytes: 32_768 }, async ({ principal, params, body }) => {
  const { webhookSecret } = await updateRule(principal, params.id, body);
  return { ...(await getRuleView(principal, params.id)), ...(webhookSecret ? { webhookSecret } : {}) };
});

/** DELETE /api/v1/alert-rules/:id (its firing history goes with it). */
export const DELETE = apiRoute({ auth: "session", params: Params }, async ({ principal, params }) => {
  await deleteRule(principal, params.id);
  return new Response(null, { status: 204 });
});
