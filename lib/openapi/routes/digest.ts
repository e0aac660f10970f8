import { z } from "zod";
import { digestPreviewQuerySchema, digestSettingsSchema } from "@/lib/digest/service";
import { AmountSchema } from "../common";
import { registerOperation } from "../registry";

/** Weekly team digests (issue #12 item 2): the signed-in user's opt-in and the preview. */

const SettingsSchema = z.object({
  timeZone: z.string().describe("The organization's zone; digests go out Monday 08:00 there"),
  nextSendAt: z.string().describe("ISO date-time of the next Monday 08:00"),
  teams: z.array(z.object({ slug: z.string(), name: z.string(), subscribed: z.boolean() })).describe("Teams you may receive (admins: all)"),
});

const MoverSchema = z.object({ name: z.string(), current: AmountSchema, previous: AmountSchema, change: AmountSchema, changePercent: z.string().nullable() });

const PreviewSchema = z.object({
  week: z.object({ weekStart: z.string(), weekEnd: z.string() }),
  content: z.object({
    spend: z.object({ current: AmountSchema, previous: AmountSchema, change: AmountSchema, changePercent: z.string().nullable() }),
    movers: z.object({ feature: z.array(MoverSchema), model: z.array(MoverSchema), quality: z.array(MoverSchema) }),
    budgets: z.array(z.object({ name: z.string(), period: z.string(), amount: AmountSchema, spent: AmountSchema, forecast: AmountSchema.nullable(), hard: z.boolean(), percent: z.string().nullable(), forecastPercent: z.string().nullable(), overBudget: z.boolean() })),
    events: z.object({ total: z.number().int(), previousTotal: z.number().int(), unpriced: z.number().int(), warnings: z.number().int(), estimated: z.number().int() }),
    costPerAccepted: z.object({ current: AmountSchema.nullable(), previous: AmountSchema.nullable(), changePercent: z.string().nullable(), accepted: z.number().int(), previousAccepted: z.number().int() }),
  }),
  mail: z.object({ subject: z.string(), text: z.string(), html: z.string() }).describe("Exactly what is mailed"),
});

registerOperation({
  method: "get",
  path: "/api/v1/me/digest",
  operationId: "getDigestSettings",
  summary: "Your weekly digest teams",
  tag: "Digest",
  auth: "session",
  access: "Any signed-in user, for themselves.",
  responses: { 200: { description: "Your settings", schema: SettingsSchema } },
  errors: { 403: "Not a user session" },
});

registerOperation({
  method: "put",
  path: "/api/v1/me/digest",
  operationId: "putDigestSettings",
  summary: "Choose your weekly digest teams",
  description: "Replaces the teams whose weekly digest you receive. Admins may choose any team, everyone else only their own teams.",
  tag: "Digest",
  auth: "session",
  access: "Any signed-in user, for themselves.",
  body: { schema: digestSettingsSchema, example: { teams: ["creative-studio"] } },
  responses: { 200: { description: "Saved settings", schema: SettingsSchema } },
  errors: { 400: "A team that is not yours (invalidFields names teams[i])", 403: "Not a user session" },
});

registerOperation({
  method: "get",
  path: "/api/v1/me/digest/preview",
  operationId: "previewDigest",
  summary: "Preview a team's weekly digest",
  description: "The most recent week whose digest is due (Monday 08:00 passed), rendered with the mail's template.",
  tag: "Digest",
  auth: "session",
  access: "Any signed-in user, for teams whose digest they may receive.",
  query: digestPreviewQuerySchema,
  responses: { 200: { description: "Figures and the rendered mail", schema: PreviewSchema } },
  errors: { 400: "Missing team", 403: "Not a user session", 404: "Not one of your teams" },
});
