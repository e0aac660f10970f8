import { apiRoute, readText } from "@/lib/api/route";
import { canImportOpenAI } from "@/lib/ingest/permissions";
import { ImagesImportQuerySchema } from "@/lib/ingest/api-schemas";
import { MAX_EXPORT_BYTES, importOpenAIImagesUsage } from "@/lib/ingest/imports";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage/imports/openai-images: turn an OpenAI images usage export into estimated events (admins). */
export const POST = apiRoute({ auth: "session", authorize: canImportOpenAI, query: ImagesImportQuerySchema }, async ({ req, principal, query }) =>
  importOpenAIImagesUsage(
    principal.orgId,
    await readText(req, MAX_EXPORT_BYTES),
    { defaultTeam: query.team ?? null, quality: query.quality, feature: query.feature },
    principal,
  ),
);
