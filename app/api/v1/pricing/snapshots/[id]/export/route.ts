import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { canBrowseSpend } from "@/lib/auth/permissions";
import { exportSnapshot } from "@/lib/pricing/service";
import { IdParams } from "../../../_shared/schemas";

export const dynamic = "force-dynamic";

const Query = z.object({ format: z.enum(["json", "csv"], { error: 'must be "json" or "csv"' }).default("json") });

/** The snapshot as a file to download (JSON, or CSV with the metadata in leading comment lines). */
export const GET = apiRoute(
  { auth: "session-or-key", scopes: ["read"], authorize: canBrowseSpend, params: IdParams, query: Query },
  async ({ principal, params, query }) => {
    const file = await exportSnapshot(principal.orgId, params.id, query.format);
    return new Response(file.body, {
      headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"` },
    });
  },
);
