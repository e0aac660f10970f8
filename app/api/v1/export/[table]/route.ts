import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { EXPORT_TABLES, exportTableCsv } from "@/lib/spend/export-service";

export const dynamic = "force-dynamic";

/** GET /api/v1/export/:table?<the page's parameters>: the table as CSV, amounts at full precision. */
export const GET = apiRoute(
  { auth: "session-or-key", scopes: ["read"], params: z.object({ table: z.enum(EXPORT_TABLES, { error: `must be one of ${EXPORT_TABLES.join(", ")}` }) }) },
  async ({ req, principal, params }) => {
    const sp: Record<string, string[]> = {};
    for (const [k, v] of new URL(req.url).searchParams) (sp[k] ??= []).push(v);
    const { filename, csv } = await exportTableCsv(principal, params.table, sp);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
