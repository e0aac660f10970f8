import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend } from "@/lib/auth/permissions";
import { listRepriceJobs } from "@/lib/pricing/service";

export const dynamic = "force-dynamic";

const Query = z.object({
  snapshotId: z.uuid({ error: "must be a snapshot id (UUID)" }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Recent reprice jobs (newest first), optionally of one snapshot. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend, query: Query }, async ({ principal, query }) => ({
  jobs: await listRepriceJobs(principal.orgId, { snapshotId: query.snapshotId, limit: query.limit }),
}));
