import { apiRoute } from "@/lib/api/route";
import type { KeyPrincipal } from "@/lib/auth/permissions";
import { handleUsagePost } from "@/lib/ingest/api";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage: record a batch of 1..5,000 usage events (key with the `ingest` scope). */
export const POST = apiRoute({ auth: "key", scopes: ["ingest"] }, ({ req, principal }) =>
  handleUsagePost(req, principal as KeyPrincipal),
);
