import { apiRoute } from "@/lib/api/route";
import { digestSettingsSchema, getDigestSettings, saveDigestSettings } from "@/lib/digest/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/me/digest: the signed-in user's weekly digest teams and the next send time. */
export const GET = apiRoute({ auth: "session" }, async ({ principal }) => getDigestSettings(principal));

/** PUT /api/v1/me/digest: replace the teams whose weekly digest the signed-in user receives. */
export const PUT = apiRoute({ auth: "session", body: digestSettingsSchema }, async ({ principal, body }) => saveDigestSettings(principal, body));
