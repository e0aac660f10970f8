import { apiRoute, readText } from "@/lib/api/route";
import { canUploadUsage } from "@/lib/ingest/permissions";
import { CsvQuerySchema } from "@/lib/ingest/api-schemas";
import { MAX_CSV_CHUNK_BYTES, importCsvChunk } from "@/lib/ingest/csv-upload";
import { enforceIngestRateLimit } from "@/lib/ingest/api";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage/csv: import one chunk (header + at most 5,000 rows) of a validated CSV file, atomically. */
export const POST = apiRoute(
  { auth: "session-or-key", scopes: ["ingest"], authorize: canUploadUsage, query: CsvQuerySchema },
  async ({ req, principal, query }) => {
    if (principal.kind === "key") await enforceIngestRateLimit(principal);
    const text = await readText(req, MAX_CSV_CHUNK_BYTES);
    return importCsvChunk(text, { orgId: principal.orgId, principal, defaultTeam: query.team ?? null, firstLine: query.firstLine, firstRow: query.firstRow });
  },
);
