import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/alert-rules/:id/webhook-secret: rotates the webhook's signing secret and answers
 * `{ webhookSecret }` this once; the old secret stops signing at once. 409 when the rule has no webhook.
 */
export const POST = apiRoute({ auth: "session", params: z.object({ id: z.uuid("an alert rule id") }) }, ({ principal, params }) =>
  rotateWebhookSecret(principal, params.id),
);
