import { apiRoute, json } from "@/lib/api/route";
import { canEditPricing } from "@/lib/auth/permissions";
import { cloneSnapshot, pricingActorOf, snapshotJson } from "@/lib/pricing/service";
import { IdParams, optionalJsonBody } from "../../../_shared/schemas";

export const dynamic = "force-dynamic";

/** Admins: copy a snapshot into a new draft (next version of its provider). Optional body: { name?, effectiveFrom? }. */
export const POST = apiRoute({ auth: "session-or-key", authorize: canEditPricing, params: IdParams }, async ({ req, principal, params }) => {
  const created = await cloneSnapshot(principal.orgId, params.id, pricingActorOf(principal), await optionalJsonBody(req));
  return json(snapshotJson(created), { status: 201, headers: { location: `/api/v1/pricing/snapshots/${created.summary.id}` } });
});
