import { apiRoute, readText } from "@/lib/api/route";
import { canImportOpenAI } from "@/lib/ingest/permissions";
import { MAX_EXPORT_BYTES, importOpenAICosts } from "@/lib/ingest/imports";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage/imports/openai-costs: store an OpenAI Costs API export as billed cost (admins). */
export const POST = apiRoute({ auth: "session", authorize: canImportOpenAI }, async ({ req, principal }) =>
  importOpenAICosts(principal.orgId, await readText(req, MAX_EXPORT_BYTES), principal),
);
