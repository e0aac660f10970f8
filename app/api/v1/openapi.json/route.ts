import { apiRoute, json } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of every /api/v1 route (public, like the docs it describes). */
export const GET = apiRoute({ auth: "public" }, async () =>
  json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
