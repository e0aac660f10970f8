import { apiRoute } from "@/lib/api/route";
import { sampleUsageCsv } from "@/lib/ingest/csv-docs";
import { sampleTeamFor } from "@/lib/ingest/upload-teams";

export const dynamic = "force-dynamic";

/** GET /api/v1/usage/csv/sample: a small valid usage CSV with every documented column. */
export const GET = apiRoute({ auth: "session-or-key" }, async ({ principal }) => {
  const team = await sampleTeamFor(principal);
  return new Response(sampleUsageCsv(team, new Date()), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="spendscope-usage-sample.csv"' },
  });
});
