import { apiRoute } from "@/lib/api/route";
import { canImportOpenAI } from "@/lib/ingest/permissions";
import { SetProjectMappingSchema } from "@/lib/ingest/api-schemas";
import { listProjectMappingViews, setProjectMapping } from "@/lib/ingest/imports";

export const dynamic = "force-dynamic";

/** GET /api/v1/usage/openai-projects: OpenAI projects (from billed costs and mappings) and their teams. */
export const GET = apiRoute({ auth: "session" }, async ({ principal }) => ({ mappings: await listProjectMappingViews(principal.orgId) }));

/** PUT /api/v1/usage/openai-projects: map an OpenAI project to a team, or remove the mapping with team null (admins). */
export const PUT = apiRoute({ auth: "session", authorize: canImportOpenAI, body: SetProjectMappingSchema }, async ({ principal, body }) => ({
  mappings: await setProjectMapping(principal.orgId, body.projectId, body.team, principal),
}));
