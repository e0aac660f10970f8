import { apiRoute } from "@/lib/api/route";
import { digestPreviewQuerySchema, previewDigest } from "@/lib/digest/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/me/digest/preview?team=slug: the last due week's digest of a team, as it would be mailed. */
export const GET = apiRoute({ auth: "session", query: digestPreviewQuerySchema }, async ({ principal, query }) => previewDigest(principal, query.team));
