import { z } from "zod";
import { apiRoute, json } from "@/lib/api/route";
import { canBrowseSpend, canEditPricing } from "@/lib/auth/permissions";
import { createDraft, listSnapshots, pricingActorOf, snapshotJson } from "@/lib/pricing/service";

export const dynamic = "force-dynamic";

/** Every pricing snapshot of the organization (provider, version, status, effective date, row count). */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend }, async ({ principal }) => ({
  snapshots: await listSnapshots(principal.orgId),
}));

/** Admins: create a draft from a snapshot JSON document. */
export const POST = apiRoute(
  { auth: "session-or-key", authorize: canEditPricing, body: z.unknown() },
  async ({ principal, body }) => {
    const created = await createDraft(principal.orgId, body, pricingActorOf(principal));
    return json(snapshotJson(created), { status: 201, headers: { location: `/api/v1/pricing/snapshots/${created.summary.id}` } });
  },
);
