import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend, canEditPricing } from "@/lib/auth/permissions";
import { deleteDraft, getSnapshot, pricingActorOf, snapshotJson, updateDraft } from "@/lib/pricing/service";
import { IdParams } from "../../_shared/schemas";

export const dynamic = "force-dynamic";

/** The snapshot in the import/export JSON format, plus id, status and version. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend, params: IdParams }, async ({ principal, params }) =>
  snapshotJson(await getSnapshot(principal.orgId, params.id)),
);

/** Admins: change a draft (any metadata field and/or the whole rows array). Published snapshots: 409. */
export const PATCH = apiRoute(
  { auth: "session-or-key", authorize: canEditPricing, params: IdParams, body: z.unknown() },
  async ({ principal, params, body }) => snapshotJson(await updateDraft(principal.orgId, params.id, body, pricingActorOf(principal))),
);

/** Admins: delete a draft. Published snapshots: 409. */
export const DELETE = apiRoute({ auth: "session-or-key", authorize: canEditPricing, params: IdParams }, async ({ principal, params }) => {
  await deleteDraft(principal.orgId, params.id, pricingActorOf(principal));
  return new Response(null, { status: 204 });
});
