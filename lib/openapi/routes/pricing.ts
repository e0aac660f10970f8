import { z } from "zod";
import { BUCKETS, QUALITIES } from "@/lib/cost/types";
import { registerOperation } from "../registry";

/** Pricing routes (pricing issue #3). Bodies that the service validates itself are described by their format. */

const Rate = z.string().nullable().describe("USD per 1M tokens as a decimal string; null = not listed on the rate card");
const Rates = z.object(Object.fromEntries(BUCKETS.map((b) => [b, Rate])) as Record<(typeof BUCKETS)[number], typeof Rate>);
const TokenTable = z
  .record(z.string(), z.object(Object.fromEntries(QUALITIES.map((q) => [q, z.int().optional()])) as Record<(typeof QUALITIES)[number], z.ZodOptional<z.ZodInt>>))
  .describe('Output tokens per generated image: size -> quality -> tokens, e.g. {"1024x1024": {"low": 196, "medium": 1756, "high": 7024}}');

export const PricingRowSchema = z.object({
  model: z.string(),
  aliases: z.array(z.string()).describe('Other ids this row prices, e.g. "openai/gpt-image-2"'),
  rates: Rates,
  imageOutputTokens: TokenTable,
  imagePrices: z
    .record(z.string(), z.record(z.string(), z.string()))
    .optional()
    .describe(
      'USD per generated image: size ("1024x1024", "auto" or "*" = any) -> quality ("standard", "hd", ... or "*") -> decimal string. ' +
        "Prices events that report only an image count, exactly; lookup order (size, quality), (size, *), (*, quality), (*, *). Omitted = none.",
    ),
  megapixelPrice: z
    .string()
    .optional()
    .describe("USD per output megapixel (W×H/1,000,000, exact) for image-count-only events the per-image table does not cover. Omitted = none."),
});

/** The import/export JSON document. */
export const SnapshotDocumentSchema = z.object({
  name: z.string(),
  provider: z.string().describe('Provider route, e.g. "openai" or "flatkey"'),
  effectiveFrom: z.string().describe("ISO-8601; events at or after this instant use this snapshot (until a later one)"),
  source: z.string(),
  notes: z.string(),
  currency: z.literal("USD"),
  batchMultiplier: z.string().describe('Decimal string, e.g. "0.5"'),
  rows: z.array(PricingRowSchema),
});

export const SnapshotSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  version: z.int(),
  status: z.enum(["draft", "published"]),
  effectiveFrom: z.string(),
  rowCount: z.int(),
  inForce: z.boolean().describe("The published snapshot that prices this provider's events now"),
  clonedFromId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});

export const SnapshotSchema = z.object({
  ...SnapshotSummarySchema.omit({ name: true, provider: true, effectiveFrom: true }).shape,
  ...SnapshotDocumentSchema.shape,
});

export const RepriceJobSchema = z.object({
  id: z.string(),
  snapshotId: z.string(),
  snapshotName: z.string().nullable(),
  snapshotVersion: z.int().nullable(),
  provider: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  total: z.int(),
  processed: z.int(),
  percent: z.int().describe("0-100 (100 only when done)"),
  error: z.string().nullable(),
  rangeStart: z.string(),
  rangeEnd: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  impactUrl: z.string().describe("The repricing impact of the job's snapshot by team and month (GET)"),
});

const RateChange = z.object({
  bucket: z.enum(BUCKETS),
  from: z.string().nullable(),
  to: z.string().nullable(),
  deltaUsd: z.string().nullable().describe("to - from, USD per 1M tokens"),
  deltaPct: z.string().nullable().describe("(to - from) / from x 100, 2 decimals"),
});

export const SnapshotDiffSchema = z.object({
  added: z.array(PricingRowSchema),
  removed: z.array(PricingRowSchema),
  changed: z.array(
    z.object({
      model: z.string(),
      previousModel: z.string().optional(),
      rates: z.array(RateChange),
      aliases: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }).nullable(),
      imageOutputTokens: z.array(z.object({ size: z.string(), quality: z.enum(QUALITIES), from: z.int().nullable(), to: z.int().nullable() })),
      imagePrices: z
        .array(z.object({ size: z.string(), quality: z.string(), from: z.string().nullable(), to: z.string().nullable() }))
        .optional()
        .describe("Per-image price entries that changed (USD per image; null = no entry); present only when some did"),
      megapixelPrice: z.object({ from: z.string().nullable(), to: z.string().nullable() }).optional(),
    }),
  ),
  unchanged: z.int(),
  batchMultiplier: z.object({ from: z.string(), to: z.string() }).nullable(),
});

const ImportIssue = z.object({ line: z.int().optional(), row: z.int().optional(), model: z.string().optional(), path: z.string(), message: z.string() });

const Id = z.object({ id: z.uuid().describe("Snapshot id") });
const ADMIN = "Admins.";

registerOperation({
  method: "get",
  path: "/api/v1/pricing/snapshots",
  operationId: "listPricingSnapshots",
  summary: "List pricing snapshots",
  tag: "Pricing",
  auth: "session-or-key",
  scopes: ["read"],
  responses: { 200: { description: "Every snapshot of the organization", schema: z.object({ snapshots: z.array(SnapshotSummarySchema) }) } },
  errors: { 403: "Key without the read scope" },
});

registerOperation({
  method: "post",
  path: "/api/v1/pricing/snapshots",
  operationId: "createPricingSnapshot",
  summary: "Create a draft from a snapshot JSON document",
  tag: "Pricing",
  auth: "session-or-key",
  access: ADMIN,
  body: { schema: SnapshotDocumentSchema, description: "Rates may also be JSON numbers; they are stored as exact decimals." },
  responses: { 201: { description: "The draft (Location header points at it)", schema: SnapshotSchema } },
  errors: { 400: "Invalid document (every problem by path)", 403: "Admins only" },
});

registerOperation({
  method: "get",
  path: "/api/v1/pricing/snapshots/{id}",
  operationId: "getPricingSnapshot",
  summary: "One pricing snapshot with its rows",
  tag: "Pricing",
  auth: "session-or-key",
  scopes: ["read"],
  params: Id,
  responses: { 200: { description: "The snapshot in the import/export format, with id, status and version", schema: SnapshotSchema } },
  errors: { 403: "Key without the read scope", 404: "No such snapshot" },
});

registerOperation({
  method: "patch",
  path: "/api/v1/pricing/snapshots/{id}",
  operationId: "updatePricingDraft",
  summary: "Change a draft",
  description: "Any metadata field and/or the whole rows array. Published snapshots are immutable (409).",
  tag: "Pricing",
  auth: "session-or-key",
  access: ADMIN,
  params: Id,
  body: { schema: SnapshotDocumentSchema.partial() },
  responses: { 200: { description: "The draft after the change", schema: SnapshotSchema } },
  errors: { 400: "Invalid fields", 403: "Admins only", 404: "No such snapshot", 409: "The snapshot is published" },
});

registerOperation({
  method: "delete",
  path: "/api/v1/pricing/snapshots/{id}",
  operationId: "deletePricingDraft",
  summary: "Delete a draft",
  tag: "Pricing",
  auth: "session-or-key",
  access: ADMIN,
  params: Id,
  responses: { 204: { description: "Deleted" } },
  errors: { 403: "Admins only", 404: "No such snapshot", 409: "The snapshot is published" },
});

registerOperation({
  method: "post",
  path: "/api/v1/pricing/snapshots/{id}/clone",
  operationId: "clonePricingSnapshot",
  summary: "Clone a snapshot into a new draft",
  tag: "Pricing",
  auth: "session-or-key",
  access: ADMIN,
  params: Id,
  body: { schema: z.object({ name: z.string().optional(), effectiveFrom: z.string().optional().describe("ISO-8601") }), required: false },
  responses: { 201: { description: "The new draft (next version for its provider)", schema: SnapshotSchema } },
  errors: { 400: "Invalid options", 403: "Admins only", 404: "No such snapshot" },
});

registerOperation({
  method: "post",
  path: "/api/v1/pricing/snapshots/{id}/publish",
  operationId: "publishPricingSnapshot",
  summary: "Publish a draft",
  description: "The snapshot becomes immutable. When its effectiveFrom lies in the past, a reprice job reprices the events it now governs (progress at /api/v1/pricing/reprice-jobs/{id}).",
  tag: "Pricing",
  auth: "session-or-key",
  access: ADMIN,
  params: Id,
  responses: { 200: { description: "Published", schema: z.object({ snapshot: SnapshotSchema, repriceJob: RepriceJobSchema.nullable() }) } },
  errors: { 403: "Admins only", 404: "No such snapshot", 409: "Already published" },
});

registerOperation({
  method: "get",
  path: "/api/v1/pricing/snapshots/{id}/export",
  operationId: "exportPricingSnapshot",
  summary: "Download a snapshot as JSON or CSV",
  tag: "Pricing",
  auth: "session-or-key",
  scopes: ["read"],
  params: Id,
  query: z.object({ format: z.enum(["json", "csv"]).default("json") }),
  responses: { 200: { description: "The file (CSV carries the metadata in leading comment lines)", contentType: "application/octet-stream" } },
  errors: { 400: "Unknown format", 403: "Key without the read scope", 404: "No such snapshot" },
});

registerOperation({
  method: "post",
  path: "/api/v1/pricing/snapshots/import",
  operationId: "importPricingSnapshot",
  summary: "Import a rate card file",
  description: "JSON (the snapshot format), CSV (one row per model) or LiteLLM's model_prices_and_context_window.json. dryRun previews the diff against the snapshot in force without saving. Files with errors are refused with every problem by line unless skipInvalid.",
  tag: "Pricing",
  auth: "session-or-key",
  access: ADMIN,
  body: {
    schema: z.object({
      format: z.enum(["json", "csv", "litellm"]),
      content: z.string().describe("The file's text"),
      provider: z.string().optional(),
      name: z.string().optional(),
      effectiveFrom: z.string().optional().describe("ISO-8601"),
      skipInvalid: z.boolean().optional(),
      publish: z.boolean().optional(),
      dryRun: z.boolean().optional(),
    }),
  },
  responses: {
    200: {
      description: "Preview (dryRun)",
      schema: z.object({
        dryRun: z.boolean(),
        document: SnapshotDocumentSchema,
        against: SnapshotSummarySchema.nullable(),
        diff: SnapshotDiffSchema,
        skipped: z.array(ImportIssue),
        warnings: z.array(ImportIssue),
        created: SnapshotSummarySchema.nullable(),
        repriceJob: RepriceJobSchema.nullable(),
      }),
    },
    201: { description: "Imported: same shape with created set" },
  },
  errors: { 400: "The file has errors (errors: line, path, message)", 403: "Admins only", 413: "File larger than 25 MB" },
});

registerOperation({
  method: "get",
  path: "/api/v1/pricing/diff",
  operationId: "diffPricingSnapshots",
  summary: "What changes from one snapshot to another",
  tag: "Pricing",
  auth: "session-or-key",
  scopes: ["read"],
  query: z.object({ a: z.uuid().describe("From snapshot"), b: z.uuid().describe("To snapshot") }),
  responses: { 200: { description: "Rows added, removed and changed (each rate in $ and %)", schema: z.object({ a: SnapshotSummarySchema, b: SnapshotSummarySchema, diff: SnapshotDiffSchema }) } },
  errors: { 400: "Bad snapshot ids", 403: "Key without the read scope", 404: "No such snapshot" },
});

registerOperation({
  method: "get",
  path: "/api/v1/pricing/reprice-jobs",
  operationId: "listRepriceJobs",
  summary: "Recent reprice jobs",
  tag: "Pricing",
  auth: "session-or-key",
  scopes: ["read"],
  query: z.object({ snapshotId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
  responses: { 200: { description: "Newest first", schema: z.object({ jobs: z.array(RepriceJobSchema) }) } },
  errors: { 400: "Bad parameter", 403: "Key without the read scope" },
});

registerOperation({
  method: "get",
  path: "/api/v1/pricing/reprice-jobs/{id}",
  operationId: "getRepriceJob",
  summary: "One reprice job's progress",
  tag: "Pricing",
  auth: "session-or-key",
  scopes: ["read"],
  params: z.object({ id: z.uuid().describe("Job id") }),
  responses: { 200: { description: "Status, total, processed, percent", schema: RepriceJobSchema } },
  errors: { 403: "Key without the read scope", 404: "No such job" },
});

const ImpactFiguresSchema = z.object({
  events: z.int().describe("Events of the snapshot's provider in its repricing range"),
  changedEvents: z.int().describe("Events whose cost or priced state changes"),
  becomePriced: z.int(),
  becomeUnpriced: z.int(),
  currentCost: z.string().describe("Decimal string (unpriced events count as 0)"),
  newCost: z.string(),
  delta: z.string().describe("newCost − currentCost"),
  deltaPercent: z.string().nullable().describe("delta / currentCost × 100, 2 decimals; null when currentCost is 0"),
});

registerOperation({
  method: "get",
  path: "/api/v1/pricing/snapshots/{id}/impact",
  operationId: "getPricingSnapshotImpact",
  summary: "Repricing impact of a snapshot, by team and month",
  description:
    "Computed without writing over the events the snapshot's reprice job covers (its provider, from its effectiveFrom to the next published snapshot's), by team and month (organization time zone). Draft: stored cost against the cost under the draft as if published now. Published: recomputed, the cost under the published snapshots without it against with it. Team keys and team-scoped users see only their teams.",
  tag: "Pricing",
  auth: "session-or-key",
  scopes: ["read"],
  params: Id,
  responses: {
    200: {
      description: "The breakdown and its total",
      schema: z.object({
        snapshot: z.object({ id: z.string(), name: z.string(), provider: z.string(), version: z.int(), status: z.enum(["draft", "published"]) }),
        basis: z.enum(["stored", "previous_snapshots"]).describe("What currentCost is: stored event cost (drafts) or the previous snapshots (published)"),
        range: z.object({ from: z.string(), to: z.string().nullable() }),
        rows: z.array(ImpactFiguresSchema.extend({ teamId: z.string(), team: z.string(), teamName: z.string(), month: z.string().describe("YYYY-MM") })),
        total: ImpactFiguresSchema,
      }),
    },
  },
  errors: { 403: "Key without the read scope", 404: "No such snapshot" },
});
