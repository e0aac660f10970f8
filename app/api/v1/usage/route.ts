import { apiRoute } from "@/lib/api/route";
import type { KeyPrincipal } from "@/lib/auth/permissions";
import { handleUsagePost } from "@/lib/ingest/api";
import { countIngest } from "@/lib/ops-metrics/ingest-counters";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage: record a batch of 1..5,000 usage events (key with the `ingest` scope). */
export const POST = apiRoute({ auth: "key", scopes: ["ingest"] }, ({ req, principal }) =>
  countIngest(() => handleUsagePost(req, principal as KeyPrincipal)),
);
