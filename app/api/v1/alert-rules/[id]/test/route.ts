import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { sendTestMessage } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

/** POST /api/v1/alert-rules/:id/test: sends the rule's message with current values now, marked [Test]; records no firing. */
export const POST = apiRoute({ auth: "session", params: z.object({ id: z.uuid("an alert rule id") }) }, ({ principal, params }) =>
  sendTestMessage(principal, params.id),
);
