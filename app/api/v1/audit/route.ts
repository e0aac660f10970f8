import { apiRoute } from "@/lib/api/route";
import { canAdminister } from "@/lib/auth/permissions";
import { auditQuerySchema, listAudit } from "@/lib/audit/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/audit: the audit log, newest first, filtered and keyset-paged (admins). */
export const GET = apiRoute(
  { auth: "session", authorize: canAdminister, query: auditQuerySchema },
  ({ principal, query }) => listAudit(principal, query),
);
