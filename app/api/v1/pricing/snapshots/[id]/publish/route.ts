import { apiRoute } from "@/lib/api/route";
import { canEditPricing } from "@/lib/auth/permissions";
import { pricingActorOf, publishSnapshot, snapshotJson } from "@/lib/pricing/service";
import { IdParams } from "../../../_shared/schemas";

export const dynamic = "force-dynamic";

/** Admins: publish a draft (immutable afterwards). Starts a reprice job when it governs existing usage. */
export const POST = apiRoute({ auth: "session-or-key", authorize: canEditPricing, params: IdParams }, async ({ principal, params }) => {
  const r = await publishSnapshot(principal.orgId, params.id, pricingActorOf(principal));
  return { snapshot: snapshotJson(r.snapshot), repriceJob: r.repriceJob };
});
