import { apiRoute } from "@/lib/api/route";
import type { KeyPrincipal } from "@/lib/auth/permissions";
import { handleUsagePost } from "@/lib/ingest/api";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage/validate: the same checks and pricing as POST /api/v1/usage, then nothing is stored. */
export const POST = apiRoute({ auth: "key", scopes: ["ingest"] }, ({ req, principal }) =>
  handleUsagePost(req, principal as KeyPrincipal, { dryRun: true }),
);
