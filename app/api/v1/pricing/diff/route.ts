import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend } from "@/lib/auth/permissions";
import { diffSnapshotsById } from "@/lib/pricing/service";

export const dynamic = "force-dynamic";

const Query = z.object({
  a: z.uuid({ error: "must be a snapshot id (UUID)" }),
  b: z.uuid({ error: "must be a snapshot id (UUID)" }),
});

/** What changes from snapshot a to snapshot b: rows added/removed, each changed rate in $ (per 1M tokens) and %. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend, query: Query }, async ({ principal, query }) => {
  const { a, b, diff } = await diffSnapshotsById(principal.orgId, query.a, query.b);
  return { a: a.summary, b: b.summary, diff };
});
