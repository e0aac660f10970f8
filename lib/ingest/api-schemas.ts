import { z } from "zod";
import { BUCKETS } from "@/lib/cost/types";
import { QUALITIES } from "@/lib/cost/types";
import { TEAM_SLUG_RE } from "./event-schema";

/**
 * Request and response schemas of the ingestion routes other than the event itself (event-schema.ts). Routes
 * validate with them and lib/openapi documents them, so the reference cannot drift from the code.
 */

const amount = z.string().regex(/^-?\d+\.\d{9,}$/).describe("Decimal string with at least 9 decimals, e.g. \"0.052680000\"");

export const WarningSchema = z.object({
  code: z.string().describe("e.g. rate_not_listed, estimated_from_image_count, openai_usage_mapping, model_not_priced"),
  message: z.string(),
  bucket: z.enum(BUCKETS).nullish().describe("The token bucket concerned, when there is one"),
});

export const IngestedEventSchema = z.object({
  id: z.string(),
  status: z.enum(["inserted", "duplicate"]),
  cost: amount.nullable().describe("null when the event could not be priced (stored as unpriced)"),
  priced: z.boolean(),
  snapshotId: z.string().nullable().describe("The pricing snapshot that applied at the event's time"),
  warnings: z.array(WarningSchema),
});

export const IngestResponseSchema = z.object({
  received: z.int().describe("Events in the request"),
  inserted: z.int().describe("Events stored by this request"),
  duplicates: z.int().describe("Events already stored with the same content (or repeated in the request); not counted again"),
  events: z.array(IngestedEventSchema).describe("One entry per request event, in request order"),
});

const commaList = (max: number) =>
  z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(1).max(128)).max(max, `at most ${max} ids`));

export const EventsQuerySchema = z.strictObject({
  ids: commaList(100).optional().describe("Comma-separated event ids (at most 100)"),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe("Latest first (by timestamp); default 50"),
});

export const StoredEventSchema = z.object({
  id: z.string(),
  occurredAt: z.string().describe("ISO-8601 UTC"),
  team: z.string(),
  feature: z.string(),
  workflow: z.string(),
  stage: z.string().describe('"" when none'),
  model: z.string().describe("The canonical model the event counts under (its priced row's id without a vendor prefix; an unpriced model keeps its own name)"),
  modelAsCalled: z.string().describe('The model name exactly as the application sent it, e.g. "openai/gpt-image-2" or "gpt-image-1.5-2026-05-01"'),
  provider: z.string(),
  images: z.int().nullable(),
  size: z.string(),
  quality: z.string(),
  batch: z.boolean(),
  attempt: z.int(),
  outcome: z.string(),
  priced: z.boolean(),
  estimated: z.boolean().describe("Cost estimated from per-image tables (the event reported no tokens)"),
  cost: amount.nullable(),
  snapshotId: z.string().nullable(),
  unpricedReason: z.string().nullable(),
  warnings: z.array(WarningSchema),
  source: z.enum(["api", "csv", "openai_import", "seed"]),
  ingestedAt: z.string(),
});

export const EventsResponseSchema = z.object({ events: z.array(StoredEventSchema) });

const slug = z.string().trim().toLowerCase().regex(TEAM_SLUG_RE, "must be a team slug");

export const CsvQuerySchema = z.strictObject({
  team: slug.optional().describe("Default team for rows without a team column value"),
  firstLine: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000_000)
    .optional()
    .describe("Physical line of this chunk's first data row in the original file (error reports); omitted: the chunk's own lines"),
  firstRow: z.coerce.number().int().min(1).max(1_000_000_000).default(1).describe("Data row number of this chunk's first row in the original file"),
});

export const CsvErrorSchema = z.object({
  line: z.int().describe("Physical line in the file where the row starts"),
  row: z.int().describe("Data row number (0 = the header)"),
  id: z.string().nullable(),
  column: z.string().nullable(),
  path: z.string(),
  message: z.string(),
});

export const CsvValidationSchema = z.object({
  ok: z.boolean().describe("true when the whole file can be imported"),
  rowCount: z.int(),
  validRows: z.int(),
  duplicatesCollapsed: z.int(),
  alreadyStored: z.int().describe("Rows whose id is already stored with the same content (imported again as duplicates)"),
  errors: z.array(CsvErrorSchema),
  warnings: z.array(CsvErrorSchema),
  errorReport: z.string().nullable().describe("CSV text: one line per error with the original row (download it)"),
});

export const CsvImportResponseSchema = z.object({
  received: z.int(),
  inserted: z.int(),
  duplicates: z.int(),
  unpriced: z.int(),
  cost: amount.describe("Total cost of the events inserted by this request"),
});

export const ImagesImportQuerySchema = z.strictObject({
  team: slug.optional().describe("Team for projects with no mapping"),
  quality: z.enum(QUALITIES).default("medium").describe("The export has no quality: images are estimated at this one"),
  feature: z.string().trim().min(1).max(100).default("openai-import"),
});

export const ImagesImportResponseSchema = z.object({
  rows: z.int().describe("Result rows in the export"),
  events: z.int(),
  inserted: z.int(),
  duplicates: z.int(),
  unpriced: z.int(),
  cost: amount.describe("Estimated cost of the events inserted by this request"),
  quality: z.enum(QUALITIES),
});

export const CostsImportResponseSchema = z.object({
  rows: z.int().describe("(date, project, line item) rows stored or replaced"),
  from: z.string().nullable(),
  to: z.string().nullable(),
  total: amount,
  currency: z.string(),
  projects: z.array(z.string()).describe('OpenAI project ids in the export ("" = no project)'),
  unmappedProjects: z.array(z.string()),
});

export const ProjectMappingSchema = z.object({
  projectId: z.string(),
  team: z.string().nullable().describe("Team slug, or null when unmapped"),
  billedTotal: amount.nullable(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
});

export const ProjectMappingsResponseSchema = z.object({ mappings: z.array(ProjectMappingSchema) });

export const SetProjectMappingSchema = z.strictObject({
  projectId: z.string().trim().min(1, "is required").max(200),
  team: slug.nullable().describe("Team slug; null removes the mapping"),
});
