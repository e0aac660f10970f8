import { apiRoute, json } from "@/lib/api/route";
import { readScopeOf } from "@/lib/auth/permissions";
import { saveEstimateSchema } from "@/lib/spend/estimates";
import { canSaveEstimates, listEstimates, saveEstimate } from "@/lib/spend/estimates-service";

export const dynamic = "force-dynamic";

/** GET /api/v1/estimates: saved estimates, newest first. */
export const GET = apiRoute({ auth: "session-or-key", scopes: ["read"] }, async ({ principal }) => ({ estimates: await listEstimates(readScopeOf(principal)) }));

/** POST /api/v1/estimates { name, feature, inputs }: prices the worksheet with the current snapshot and saves it. */
export const POST = apiRoute({ auth: "session", authorize: canSaveEstimates, body: saveEstimateSchema }, async ({ principal, body }) =>
  json(await saveEstimate(principal, body), { status: 201 }),
);
