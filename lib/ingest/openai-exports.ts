import { createHash } from "node:crypto";
import { z } from "zod";
import { dec, toAmountString, type Decimal } from "@/lib/money/decimal";
import { emptyTokens } from "@/lib/cost/types";
import { MAX_TOKENS, type NormalizedEvent, type Workflow } from "./event-schema";
import { parseStorableJson, storableText, UnstorableJsonError } from "@/lib/api/zod-fields";

/**
 * Parsers for OpenAI organization exports (admin API pages saved as files):
 * - Costs API `GET /v1/organization/costs` -> billed cost rows (reconciled against our tracked cost);
 * - Usage API `GET /v1/organization/usage/images` -> image counts, turned into usage events.
 *
 * Input may be one page object, a JSON array of pages, or JSONL (one page per line). Each page is
 * { object: "page", data: [bucket], has_more, next_page }, each bucket { object: "bucket", start_time, end_time,
 * results: [...] } (unix seconds; older spec versions call the list `result`, accepted too).
 */

export class OpenAIExportError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid OpenAI export: ${issues.slice(0, 10).join("; ")}${issues.length > 10 ? ` (+${issues.length - 10} more)` : ""}`);
    this.name = "OpenAIExportError";
  }
}

/** Up to 9999-12-31T23:59:59Z, so every bucket time is a valid date. */
const unixSeconds = z.int().min(0).max(253_402_300_799);
/** Export labels end up in indexed columns (model, size, project): bounded like the event fields. */
const label = (max: number) => storableText(z.string().max(max, `must be at most ${max} characters`));
const nullableString = (max = 200) => label(max).nullish().transform((v) => v ?? null);
/** billed_costs.amount is numeric(30,12): at most 18 integer digits; real bills are far below 1e15. */
const MAX_BILLED_AMOUNT = 1e15;

function pageSchema<R extends z.ZodType>(result: R) {
  const bucket = z
    .looseObject({
      object: z.literal("bucket").optional(),
      start_time: unixSeconds,
      end_time: unixSeconds,
      results: z.array(result).optional(),
      result: z.array(result).optional(),
    })
    .transform((b) => ({ start: b.start_time, end: b.end_time, results: b.results ?? b.result ?? [] }));
  return z.looseObject({
    object: z.literal("page").optional(),
    data: z.array(bucket),
    has_more: z.boolean().optional(),
    next_page: z.string().nullish(),
  });
}

/** Splits the input into page values: a parsed value, a JSON document (page or array of pages) or JSONL. */
function pagesOf(input: unknown): { page: unknown; label: string }[] {
  if (typeof input !== "string") {
    return Array.isArray(input) ? input.map((p, i) => ({ page: p, label: `page ${i + 1}` })) : [{ page: input, label: "page 1" }];
  }
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  try {
    return pagesOf(parseStorableJson(text));
  } catch (e) {
    if (e instanceof UnstorableJsonError) throw new OpenAIExportError([e.message]);
    // Not one JSON document: JSONL.
  }
  const pages: { page: unknown; label: string }[] = [];
  const issues: string[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      pages.push({ page: parseStorableJson(line), label: `line ${i + 1}` });
    } catch (e) {
      issues.push(`line ${i + 1}: ${e instanceof UnstorableJsonError ? e.message : "not valid JSON"}`);
    }
  });
  if (issues.length > 0) throw new OpenAIExportError(issues);
  if (pages.length === 0) throw new OpenAIExportError(["the export is empty"]);
  return pages;
}

function parsePages<R extends z.ZodType>(input: unknown, result: R) {
  const schema = pageSchema(result);
  const issues: string[] = [];
  const pages: z.output<typeof schema>[] = [];
  for (const { page, label } of pagesOf(input)) {
    const r = schema.safeParse(page);
    if (r.success) pages.push(r.data);
    else for (const i of r.error.issues) issues.push(`${label}${i.path.length ? ` ${i.path.join(".")}` : ""}: ${i.message}`);
  }
  if (issues.length > 0) throw new OpenAIExportError(issues);
  return pages;
}

const utcDate = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------- Costs API

const CostsResultSchema = z.looseObject({
  object: z.literal("organization.costs.result"),
  amount: z.looseObject({
    // A JSON number (what the API returns) or a decimal string (hand-edited exports).
    value: z.union([
      z.number().refine((n) => Number.isFinite(n) && Math.abs(n) < MAX_BILLED_AMOUNT, `must be below ${MAX_BILLED_AMOUNT}`),
      z
        .string()
        .regex(/^-?\d{1,15}(\.\d{1,12})?$/, "must be a decimal with at most 15 integer and 12 fractional digits"),
    ]),
    currency: label(10).min(1),
  }),
  line_item: nullableString(),
  project_id: nullableString(),
});

export interface CostRow {
  /** UTC day of the bucket's start_time, "YYYY-MM-DD". */
  date: string;
  lineItem: string | null;
  projectId: string | null;
  /** Decimal string, at least 9 decimals (toAmountString). */
  amount: string;
  /** Uppercased ISO-4217 code ("usd" -> "USD"). */
  currency: string;
}

/**
 * The amount's exact decimal: the number's shortest round-trip string (what JS prints, e.g. "0.06"), parsed by
 * decimal.js. No float arithmetic ever touches it; digits beyond double precision are already gone in JSON.parse.
 */
function amountOf(value: number | string): Decimal {
  return dec(typeof value === "number" ? String(value) : value);
}

/**
 * Parses a Costs API export into one row per (UTC date, line item, project, currency).
 * The same result repeated in another page with the same bucket (overlapping exports) is counted once; a repeat
 * with a different amount is an error. Results from different buckets on the same UTC date are summed, so rows
 * match the billed_costs unique key.
 */
export function parseOpenAICostsExport(input: unknown): CostRow[] {
  const pages = parsePages(input, CostsResultSchema);
  const seen = new Map<string, string>();
  const totals = new Map<string, { row: Omit<CostRow, "amount">; amount: Decimal }>();
  const issues: string[] = [];
  for (const page of pages) {
    for (const bucket of page.data) {
      for (const r of bucket.results) {
        const row = {
          date: utcDate(bucket.start),
          lineItem: r.line_item,
          projectId: r.project_id,
          currency: r.amount.currency.toUpperCase(),
        };
        const amount = amountOf(r.amount.value);
        const key = JSON.stringify([row.date, row.lineItem, row.projectId, row.currency]);
        const bucketKey = JSON.stringify([bucket.start, bucket.end, key]);
        const prev = seen.get(bucketKey);
        if (prev !== undefined) {
          if (!dec(prev).eq(amount)) {
            issues.push(`bucket ${bucket.start} ${key}: appears twice with different amounts (${prev} and ${amount.toFixed()})`);
          }
          continue;
        }
        seen.set(bucketKey, amount.toFixed());
        const t = totals.get(key);
        if (t) t.amount = t.amount.plus(amount);
        else totals.set(key, { row, amount });
      }
    }
  }
  if (issues.length > 0) throw new OpenAIExportError(issues);
  return [...totals.values()]
    .map(({ row, amount }) => ({ ...row, amount: toAmountString(amount) as string }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------- Images usage API

const count = z.int().min(0).max(MAX_TOKENS);

const ImagesUsageResultSchema = z.looseObject({
  object: z.literal("organization.usage.images.result"),
  images: count,
  num_model_requests: count,
  model: nullableString(200),
  size: nullableString(32),
  source: nullableString(100),
  project_id: nullableString(200),
});

export interface ImagesUsageRow {
  start: Date;
  end: Date;
  /** null unless the export was grouped by that field (group_by=model,size,source,project_id). */
  model: string | null;
  size: string | null;
  /** "image.generation" | "image.edit" | "image.variation" */
  source: string | null;
  projectId: string | null;
  images: number;
  requests: number;
}

/** Parses a `/v1/organization/usage/images` export into one row per bucket result, in input order. */
export function parseOpenAIImagesUsageExport(input: unknown): ImagesUsageRow[] {
  const rows: ImagesUsageRow[] = [];
  for (const page of parsePages(input, ImagesUsageResultSchema)) {
    for (const bucket of page.data) {
      for (const r of bucket.results) {
        rows.push({
          start: new Date(bucket.start * 1000),
          end: new Date(bucket.end * 1000),
          model: r.model,
          size: r.size,
          source: r.source,
          projectId: r.project_id,
          images: r.images,
          requests: r.num_model_requests,
        });
      }
    }
  }
  return rows;
}

export interface ImagesUsageToEventsOptions {
  /** Team slug mapped to an OpenAI project (OpenAIProjectMapping), or null when unmapped. */
  teamForProject: (projectId: string | null) => string | null;
  /** Used when the project is unmapped. */
  defaultTeam: string | null;
  /** Feature name for imported events; "openai-import" by default. */
  feature?: string;
}

const WORKFLOW_BY_SOURCE: Record<string, Workflow> = {
  "image.generation": "text_to_image",
  "image.edit": "image_edit",
  "image.variation": "image_edit", // a new image made from an input image
};

/**
 * Deterministic event id, so re-importing the same export is idempotent:
 * "openai-images:<start unix seconds>:<project>:<model>:<size>:<source>" ("-" for an ungrouped field), or
 * "openai-images:sha256:<hex>" of that key when it would exceed the 128-character id limit.
 */
export function imagesUsageEventId(row: ImagesUsageRow): string {
  const part = (v: string | null) => v ?? "-";
  const key = `openai-images:${Math.floor(row.start.getTime() / 1000)}:${part(row.projectId)}:${part(row.model)}:${part(row.size)}:${part(row.source)}`;
  return key.length <= 128 ? key : `openai-images:sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/**
 * Turns images usage rows into usage events priced from per-image tables: tokens all zero (tokenSource "none"),
 * `images` set, timestamp = bucket start. Quality is not in the export, so it is null and the pricing service
 * decides (and marks) how to estimate it; we do not guess "medium" here.
 * Rules: rows with no images and no requests are skipped; rows mapping to the same id (e.g. an export also grouped
 * by api_key_id or user_id) are summed; a row without a model is an error (export with group_by=model).
 * Outcome is "unknown": the export says what was billed, not whether the output was used.
 */
export function imagesUsageToEvents(rows: readonly ImagesUsageRow[], opts: ImagesUsageToEventsOptions): NormalizedEvent[] {
  const missingModel = rows.filter((r) => r.model === null && (r.images > 0 || r.requests > 0));
  if (missingModel.length > 0) {
    throw new OpenAIExportError([
      `${missingModel.length} row(s) have no model; export the images usage with group_by=model (and size, source, project_id)`,
    ]);
  }
  const byId = new Map<string, NormalizedEvent>();
  for (const r of rows) {
    if (r.images === 0 && r.requests === 0) continue;
    const id = imagesUsageEventId(r);
    const prev = byId.get(id);
    if (prev) {
      prev.images = (prev.images ?? 0) + r.images;
      const meta = prev.metadata as { requests: number };
      meta.requests += r.requests;
      continue;
    }
    byId.set(id, {
      id,
      timestamp: r.start,
      team: opts.teamForProject(r.projectId) ?? opts.defaultTeam,
      feature: opts.feature ?? "openai-import",
      workflow: (r.source && WORKFLOW_BY_SOURCE[r.source]) || "text_to_image",
      stage: null,
      traceId: null,
      model: r.model as string,
      provider: "openai",
      tokens: emptyTokens(),
      tokenSource: "none",
      images: r.images,
      size: r.size,
      quality: null,
      inputImages: null,
      batch: false,
      attempt: 1,
      outcome: "unknown",
      metadata: {
        importedFrom: "openai.usage.images",
        requests: r.requests,
        projectId: r.projectId,
        source: r.source,
        bucketEnd: r.end.toISOString(),
      },
    });
  }
  return [...byId.values()];
}
