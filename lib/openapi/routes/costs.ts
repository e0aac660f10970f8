import { z } from "zod";
import { COST_BUCKETS } from "@/lib/cost/types";
import { DIMENSIONS, costsQuerySchema } from "@/lib/spend/filters";
import { saveEstimateSchema } from "@/lib/spend/estimates";
import { EXPORT_TABLES } from "@/lib/spend/links";
import { AmountSchema } from "../common";
import { registerOperation } from "../registry";

/** Spend routes (cost-views issue #5): requests documented with the schemas the routes validate with. */

// The six token buckets plus perImage (per-image / per-megapixel prices); they add up to cost.
const Buckets = z.object(Object.fromEntries(COST_BUCKETS.map((b) => [b, AmountSchema])) as Record<(typeof COST_BUCKETS)[number], typeof AmountSchema>);

const CostsFigures = {
  cost: AmountSchema,
  events: z.int(),
  images: z.int(),
  acceptedOutputs: z.int(),
  unpricedEvents: z.int().describe("Counted in events, not in cost"),
  buckets: Buckets.describe("Cost per bucket: the six token buckets plus perImage (per-image and per-megapixel prices)"),
};

export const CostsResponseSchema = z.object({
  currency: z.literal("USD"),
  from: z.string().describe("YYYY-MM-DD"),
  to: z.string().describe("YYYY-MM-DD"),
  tz: z.string(),
  groupBy: z.array(z.enum(DIMENSIONS)),
  total: z.object(CostsFigures).describe("Exactly the sum of the rows"),
  rows: z.array(
    z
      .object({ ...CostsFigures })
      .catchall(z.string().nullable())
      .describe("One key per groupBy dimension (team slug, feature, model, workflow, provider, day YYYY-MM-DD, stage, outcome), then the figures"),
  ),
});

const FILTER_DOC = "Comma-separated values to keep";

registerOperation({
  method: "get",
  path: "/api/v1/costs",
  operationId: "getCosts",
  summary: "Spend, grouped and filtered",
  description: "Every amount is an exact decimal string; the rows sum exactly to the total. Day boundaries follow tz. Unknown parameters are refused (400).",
  tag: "Costs",
  auth: "session-or-key",
  scopes: ["read"],
  access: "A team key sees only its team's spend.",
  query: costsQuerySchema,
  paramDocs: {
    from: "First day, inclusive (YYYY-MM-DD in tz); default the first of to's month",
    to: "Last day, inclusive (YYYY-MM-DD in tz); default today",
    tz: "IANA time zone for day boundaries; default the organization's reporting time zone",
    groupBy: `Comma-separated dimensions: ${DIMENSIONS.join(", ")}; may be empty`,
    team: `${FILTER_DOC} (team slugs)`,
    feature: `${FILTER_DOC} (feature names)`,
    model: `${FILTER_DOC} (models; an alias, dated variant or vendor-prefixed name means its canonical model, and rows group by canonical model)`,
    workflow: `${FILTER_DOC} (workflows)`,
    provider: `${FILTER_DOC} (providers)`,
    outcome: `${FILTER_DOC} (accepted, rejected, failed, unknown)`,
    size: `${FILTER_DOC} (image sizes, e.g. 1024x1024)`,
    quality: `${FILTER_DOC} (image qualities, e.g. high)`,
  },
  responses: { 200: { description: "Totals and rows", schema: CostsResponseSchema } },
  errors: { 400: "Bad parameter (named in invalidFields)", 403: "Key without the read scope" },
});

const SavedEstimate = z.object({
  id: z.string(),
  name: z.string(),
  feature: z.string(),
  count: z.int(),
  perImageCost: AmountSchema,
  totalCost: AmountSchema,
  snapshotId: z.string().nullable(),
  createdAt: z.string(),
  inputs: saveEstimateSchema.shape.inputs,
});

registerOperation({
  method: "get",
  path: "/api/v1/estimates",
  operationId: "listEstimates",
  summary: "Saved estimates",
  tag: "Costs",
  auth: "session-or-key",
  scopes: ["read"],
  responses: { 200: { description: "Newest first", schema: z.object({ estimates: z.array(SavedEstimate) }) } },
  errors: { 403: "Key without the read scope" },
});

registerOperation({
  method: "post",
  path: "/api/v1/estimates",
  operationId: "saveEstimate",
  summary: "Save a budget-worksheet estimate",
  description: "Prices the worksheet with the snapshot in force now and saves it against a feature, to compare later with that feature's actual cost.",
  tag: "Costs",
  auth: "session",
  access: "Members and admins.",
  body: { schema: saveEstimateSchema },
  responses: { 201: { description: "Saved", schema: SavedEstimate } },
  errors: { 400: "Invalid worksheet, or a model the snapshot does not price", 403: "Viewers may not save estimates" },
});

registerOperation({
  method: "get",
  path: "/api/v1/estimates/{id}",
  operationId: "compareEstimate",
  summary: "An estimate against actual cost",
  description: "The saved estimate and the actual cost of its feature's events in the window (query from, to, tz and the usual filters; default the last 30 days).",
  tag: "Costs",
  auth: "session-or-key",
  scopes: ["read"],
  params: z.object({ id: z.uuid().describe("Estimate id") }),
  responses: {
    200: {
      description: "Estimate, window, actual figures and the comparison rows",
      schema: z.object({
        estimate: SavedEstimate,
        window: z.object({ from: z.string(), to: z.string(), tz: z.string() }),
        actual: z.object({ cost: AmountSchema, events: z.int(), images: z.int(), buckets: Buckets }),
        comparison: z.array(z.object({ id: z.string() }).catchall(z.unknown())).describe("One row per compared figure (estimated, actual, difference)"),
      }),
    },
  },
  errors: { 403: "Key without the read scope", 404: "No such estimate" },
});

registerOperation({
  method: "get",
  path: "/api/v1/export/{table}",
  operationId: "exportTable",
  summary: "Download a table as CSV",
  description: "Any table shown on the spend pages, with the page's query parameters (range, tz, filters), at full precision: the CSV's figures are exactly those shown.",
  tag: "Costs",
  auth: "session-or-key",
  scopes: ["read"],
  params: z.object({ table: z.enum(EXPORT_TABLES) }),
  responses: { 200: { description: "The table", contentType: "text/csv" } },
  errors: { 400: "Unknown table or bad parameter", 403: "Key without the read scope" },
});
