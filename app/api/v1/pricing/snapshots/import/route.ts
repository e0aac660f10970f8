import { z } from "zod";
import { apiRoute, json } from "@/lib/api/route";
import { canEditPricing } from "@/lib/auth/permissions";
import { importSnapshot, pricingActorOf } from "@/lib/pricing/service";

export const dynamic = "force-dynamic";

/**
 * Admins: import a file. Body { format: json|csv|litellm, content, provider?, name?, effectiveFrom?, skipInvalid?,
 * publish?, dryRun? }. dryRun answers the preview (diff against the published snapshot in force) without saving;
 * otherwise 201 with the created snapshot. Files with errors: 400 with `errors` (line, path, message).
 */
export const POST = apiRoute(
  { auth: "session-or-key", authorize: canEditPricing, body: z.unknown(), maxBodyBytes: 25 * 1024 * 1024 },
  async ({ principal, body }) => {
    const r = await importSnapshot(principal.orgId, body, pricingActorOf(principal));
    return json(r, r.created ? { status: 201, headers: { location: `/api/v1/pricing/snapshots/${r.created.id}` } } : {});
  },
);
