import { z } from "zod";
import { MAX_BATCH_EVENTS, UsageEventObjectSchema } from "@/lib/ingest/event-schema";
import {
  CostsImportResponseSchema,
  CsvImportResponseSchema,
  CsvQuerySchema,
  CsvValidationSchema,
  EventsQuerySchema,
  EventsResponseSchema,
  ImagesImportQuerySchema,
  ImagesImportResponseSchema,
  IngestResponseSchema,
  ProjectMappingsResponseSchema,
  SetProjectMappingSchema,
} from "@/lib/ingest/api-schemas";
import { registerOperation } from "../registry";

/** The ingestion routes (app/api/v1/usage/**), documented with the schemas those routes validate with. */

const FIELD_DOCS: Record<string, string> = {
  id: "Your idempotency key (1-128 chars), unique per organization. Resending the same id with the same content is a duplicate (not counted again); with different content, a conflict (409).",
  timestamp: "When the API call happened: ISO-8601 with a UTC offset; from 2000-01-01 to at most 5 minutes in the future.",
  team: "Team slug. Required with organization-wide keys; a team key may omit it and may not name another team (403).",
  feature: "The product feature that spent the money (1-100 chars). Created on first use.",
  workflow: "text_to_image, image_edit, vision_analysis or analysis_then_generate.",
  stage: "analysis or generation; required when workflow is analysis_then_generate.",
  traceId: "Groups the calls (stages, retries) behind one user action.",
  model: "The model as the application called it. Aliases, dated variants and vendor prefixes are resolved by pricing and counted under the canonical model in every view, filter, budget and rule; the name as called stays in the event (modelAsCalled).",
  provider: 'Selects the pricing snapshot\'s provider route. Default "openai".',
  usage: "Six disjoint token buckets (non-negative integers, default 0). Cached tokens are not also counted in the uncached bucket.",
  openaiUsage:
    "Instead of usage: the `usage` object an OpenAI response returned. input_tokens_details.text_tokens / image_tokens split the input; cached tokens move to the cached buckets; output_tokens_details.text_tokens / image_tokens split the output, and image models without details count all output as image output.",
  images:
    "Outputs produced (0-100,000 per event). With neither usage nor openaiUsage, the cost is priced exactly from the snapshot row's per-image prices (by size and quality) or per-megapixel price (by size) when it lists any (unpriced if they do not cover the size/quality), else estimated from its output-token table (size and quality needed) and marked estimated.",
  size: "e.g. 1024x1024, 1024x1536, 1536x1024.",
  quality: "low, medium, high or auto (auto is estimated as medium).",
  inputImages: "Reference images and masks attached.",
  batch: "Sent through the Batch API: priced at the snapshot's batch multiplier (0.5).",
  attempt: "1 for a first try, 2+ for retries.",
  outcome: "accepted, rejected, failed or unknown (default).",
  metadata: "Any JSON object: at most 4 KB serialized, nested at most 16 levels, finite numbers only (1e400 is refused).",
};

const shape = UsageEventObjectSchema.shape as Record<string, z.ZodType>;
const DocumentedEvent = z.strictObject(
  Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, FIELD_DOCS[k] ? s.describe(FIELD_DOCS[k]) : s])),
);
const DocumentedBatch = z.strictObject({
  events: z.array(DocumentedEvent).min(1).max(MAX_BATCH_EVENTS).describe(`1 to ${MAX_BATCH_EVENTS} events; the whole body at most 5 MB`),
});

const EXAMPLE = {
  events: [
    {
      id: "req-8f2c-gen-1",
      timestamp: "2026-11-01T09:30:00Z",
      team: "creative-studio",
      feature: "hero-image-generator",
      workflow: "text_to_image",
      model: "gpt-image-2",
      usage: { textInputTokens: 120, imageOutputTokens: 1756 },
      images: 1,
      size: "1024x1024",
      quality: "medium",
      outcome: "accepted",
    },
    {
      id: "req-8f2d-gen-1",
      timestamp: "2026-11-01T09:31:00Z",
      team: "creative-studio",
      feature: "hero-image-generator",
      workflow: "text_to_image",
      model: "gpt-image-1",
      openaiUsage: { input_tokens: 50, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens: 4160, total_tokens: 4210 },
      images: 1,
      size: "1024x1024",
      quality: "high",
    },
  ],
};

registerOperation({
  method: "post",
  path: "/api/v1/usage",
  operationId: "recordUsage",
  summary: "Record usage events",
  description:
    "Records a batch of 1 to 5,000 usage events atomically: each is priced with the pricing snapshot in force at its timestamp, stored, and added to the spend rollups in the same transaction, so a 200 means durable and visible. " +
    "If any event is invalid or conflicts, nothing is stored. Retrying a request with the same ids never double counts.",
  tag: "Usage",
  auth: "key",
  scopes: ["ingest"],
  access: "Rate limited per key (INGEST_RATE_LIMIT_PER_MINUTE requests per minute).",
  body: { schema: DocumentedBatch, example: EXAMPLE },
  responses: { 200: { description: "Stored (or recognised as duplicates), one entry per event in request order", schema: IngestResponseSchema } },
  errors: {
    400: "Invalid batch; nothing stored. invalidFields (and errors) list every bad event by index and path, e.g. events[3].usage.imageOutputTokens",
    403: "The key lacks the ingest scope, or a team key named another team",
    409: "An id was already stored with different content; nothing stored; the conflicting events are listed by index",
    413: "Body larger than 5 MB",
    429: "Past the key's rate limit; retry after Retry-After seconds",
  },
});

registerOperation({
  method: "post",
  path: "/api/v1/usage/validate",
  operationId: "validateUsage",
  summary: "Dry-run a usage batch",
  description: "Exactly the checks and pricing of POST /api/v1/usage (including duplicate and conflict detection against stored events), then nothing is stored.",
  tag: "Usage",
  auth: "key",
  scopes: ["ingest"],
  body: { schema: DocumentedBatch, example: EXAMPLE },
  responses: { 200: { description: "What recording the batch would do", schema: IngestResponseSchema } },
  errors: { 400: "Invalid batch", 403: "Scope or team not allowed", 409: "Conflicts with stored events", 413: "Body larger than 5 MB", 429: "Rate limited" },
});

registerOperation({
  method: "get",
  path: "/api/v1/usage/events",
  operationId: "listUsageEvents",
  summary: "Read stored events",
  description: "Stored events by id (ids=a,b,c), or the latest ones by timestamp. Team keys see their team's events only.",
  tag: "Usage",
  auth: "session-or-key",
  scopes: ["read", "ingest"],
  query: EventsQuerySchema,
  responses: { 200: { description: "Events, latest first", schema: EventsResponseSchema } },
  errors: { 400: "Bad query parameter", 403: "Not allowed" },
});

const CSV_BODY = { contentType: "text/csv", description: "A usage CSV: header row, one event per row (columns documented on the Usage page and at GET /api/v1/usage/csv/sample)." };

registerOperation({
  method: "post",
  path: "/api/v1/usage/csv/validate",
  operationId: "validateUsageCsv",
  summary: "Check a usage CSV file",
  description: "Checks every row (fields, teams and permissions, ids already stored with other content) and returns every problem by line and row, with a downloadable error report. Stores nothing. Up to 50 MB.",
  tag: "Usage",
  auth: "session-or-key",
  scopes: ["ingest"],
  access: "Admins; members for their own teams; keys with the ingest scope.",
  query: CsvQuerySchema,
  body: CSV_BODY,
  responses: { 200: { description: "The validation result (ok = false lists the errors)", schema: CsvValidationSchema } },
  errors: { 400: "Bad query parameter or unknown default team", 403: "Viewers may not upload", 413: "File larger than 50 MB" },
});

registerOperation({
  method: "post",
  path: "/api/v1/usage/csv",
  operationId: "importUsageCsv",
  summary: "Import a usage CSV chunk",
  description: `Imports a header plus at most ${MAX_BATCH_EVENTS} rows atomically. Validate the whole file first, then send it in chunks; ids make a re-sent chunk a no-op. firstLine/firstRow make error reports refer to the original file.`,
  tag: "Usage",
  auth: "session-or-key",
  scopes: ["ingest"],
  access: "Admins; members for their own teams; keys with the ingest scope.",
  query: CsvQuerySchema,
  body: CSV_BODY,
  responses: { 200: { description: "Imported", schema: CsvImportResponseSchema } },
  errors: { 400: "Invalid rows; nothing stored (rows and errorReport in the problem)", 403: "Not allowed", 409: "A row's id was stored with other content meanwhile", 413: "Chunk larger than 10 MB" },
});

registerOperation({
  method: "get",
  path: "/api/v1/usage/csv/sample",
  operationId: "usageCsvSample",
  summary: "Download a sample usage CSV",
  tag: "Usage",
  auth: "session-or-key",
  responses: { 200: { description: "A small valid file with every documented column", contentType: "text/csv" } },
});

registerOperation({
  method: "post",
  path: "/api/v1/usage/imports/openai-costs",
  operationId: "importOpenAICosts",
  summary: "Import an OpenAI Costs API export",
  description:
    "Body: pages of GET /v1/organization/costs as saved (one page object, a JSON array of pages, or JSONL). Stored as billed cost per UTC day, project and line item, to reconcile against tracked cost; re-importing a day replaces it.",
  tag: "Usage",
  auth: "session",
  access: "Admins.",
  body: { contentType: "application/json", description: "The export file", schema: z.unknown() },
  responses: { 200: { description: "Imported", schema: CostsImportResponseSchema } },
  errors: { 400: "Not a valid Costs export (every problem listed)", 403: "Admins only", 413: "File larger than 50 MB" },
});

registerOperation({
  method: "post",
  path: "/api/v1/usage/imports/openai-images",
  operationId: "importOpenAIImagesUsage",
  summary: "Import an OpenAI images usage export",
  description:
    "Body: pages of GET /v1/organization/usage/images (grouped by model, size, source, project_id). Each result becomes a usage event with an image count, priced from the snapshot's per-image table at the chosen quality and marked estimated. Projects map to teams through the OpenAI project mappings; ids are deterministic, so re-importing is idempotent.",
  tag: "Usage",
  auth: "session",
  access: "Admins.",
  query: ImagesImportQuerySchema,
  body: { contentType: "application/json", description: "The export file", schema: z.unknown() },
  responses: { 200: { description: "Imported", schema: ImagesImportResponseSchema } },
  errors: { 400: "Not a valid export, or rows of unmapped projects without a default team", 403: "Admins only", 409: "Re-imported with different settings (team or quality)", 413: "File larger than 50 MB" },
});

registerOperation({
  method: "get",
  path: "/api/v1/usage/openai-projects",
  operationId: "listOpenAIProjectMappings",
  summary: "List OpenAI project to team mappings",
  tag: "Usage",
  auth: "session",
  responses: { 200: { description: "Projects seen in billed costs or mapped, with their team", schema: ProjectMappingsResponseSchema } },
});

registerOperation({
  method: "put",
  path: "/api/v1/usage/openai-projects",
  operationId: "setOpenAIProjectMapping",
  summary: "Map an OpenAI project to a team",
  description: "team null removes the mapping. Audited.",
  tag: "Usage",
  auth: "session",
  access: "Admins.",
  body: { schema: SetProjectMappingSchema },
  responses: { 200: { description: "All mappings after the change", schema: ProjectMappingsResponseSchema } },
  errors: { 400: "Invalid body or unknown team", 403: "Admins only", 404: "Removing a mapping that does not exist" },
});
