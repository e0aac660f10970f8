import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend } from "@/lib/auth/permissions";
import { getRepriceJob } from "@/lib/pricing/service";
import { IdParams } from "../../_shared/schemas";

export const dynamic = "force-dynamic";

/** One reprice job's progress: status, total, processed, percent. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend, params: IdParams }, async ({ principal, params }) =>
  getRepriceJob(principal.orgId, params.id),
);
