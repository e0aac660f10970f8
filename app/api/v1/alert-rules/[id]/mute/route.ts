import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { MuteInput, muteRule } from "@/lib/alerts/service";

export const dynamic = "force-dynamic";

/** POST /api/v1/alert-rules/:id/mute: { until: ISO date-time | null } (null unmutes). */
export const POST = apiRoute({ auth: "session", params: z.object({ id: z.uuid("an alert rule id") }), body: MuteInput, maxBodyBytes: 1024 }, ({ principal, params, body }) =>
  muteRule(principal, params.id, body),
);
