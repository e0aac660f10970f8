import { apiRoute, readText } from "@/lib/api/route";
import { canUploadUsage } from "@/lib/ingest/permissions";
import { CsvQuerySchema } from "@/lib/ingest/api-schemas";
import { MAX_CSV_BYTES, validateCsvUpload } from "@/lib/ingest/csv-upload";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage/csv/validate: check a whole usage CSV (every row) without storing anything. */
export const POST = apiRoute(
  { auth: "session-or-key", scopes: ["ingest"], authorize: canUploadUsage, query: CsvQuerySchema },
  async ({ req, principal, query }) => {
    const text = await readText(req, MAX_CSV_BYTES);
    return validateCsvUpload(text, { orgId: principal.orgId, principal, defaultTeam: query.team ?? null });
  },
);
