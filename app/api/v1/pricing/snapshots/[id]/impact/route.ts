import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend, readScopeOf } from "@/lib/auth/permissions";
import { snapshotImpact } from "@/lib/pricing/impact-service";
import { IdParams } from "../../../_shared/schemas";

export const dynamic = "force-dynamic";

/** What publishing this draft changes in stored events (or, published, what it changed), by team and month; never writes. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend, params: IdParams }, async ({ principal, params }) =>
  snapshotImpact(readScopeOf(principal), params.id),
);
