import { z } from "zod";
import type { PricingRow, PricingSnapshotData } from "@/lib/cost/types";
import { normalizeModelId } from "@/lib/pricing/match-model";
import { storableText } from "@/lib/api/zod-fields";
import { parseBatchMultiplier, parseRate } from "@/lib/pricing/formats/rate";
import type { ImportIssue, ImportOptions, ImportResult } from "@/lib/pricing/formats/result";
import { SIZE_KEY, SIZE_KEY_HINT, canonicalTokenTable } from "@/lib/pricing/formats/token-table";
import { ImagePricesSchema, withUnitPrices } from "@/lib/pricing/formats/image-prices";

/**
 * The pricing snapshot JSON format (import, export, and the create/update body for drafts):
 *
 * { "name", "provider", "effectiveFrom": ISO-8601, "source", "notes", "currency": "USD",
 *   "batchMultiplier": "0.5",
 *   "rows": [ { "model": "gpt-image-2", "aliases": ["openai/gpt-image-2"],
 *               "rates": { "textInput": "5", "cachedTextInput": "1.25", "textOutput": null,
 *                          "imageInput": "8", "cachedImageInput": "2", "imageOutput": "30" },
 *               "imageOutputTokens": { "1024x1024": { "low": 196, "medium": 1756, "high": 7024 } } } ] }
 *
 * Rows priced per image or per megapixel add (both optional, see lib/cost/image-prices.ts):
 *   "imagePrices": { "1024x1024": { "standard": "0.04", "hd": "0.08" }, "*": { "*": "0.05" } },
 *   "megapixelPrice": "0.03"          (USD per output megapixel)
 *
 * Rules: rates are USD per 1M tokens, as decimal strings or JSON numbers (read via their shortest
 * round-trip text, see formats/rate.ts), null or missing = not listed, normalized to canonical strings.
 * Unknown keys are rejected (typos like "textinput" must not silently become "not listed").
 * Model ids and aliases are unique across the snapshot, compared case-insensitively.
 */

export const PROVIDER_SLUG = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const MODEL_ID = /^[^\s|]*$/; // emptiness is reported by .min(1) alone

function fromParsed(result: { ok: true; value: string | null } | { ok: false; message: string }, ctx: z.RefinementCtx) {
  if (result.ok) return result.value;
  ctx.addIssue({ code: "custom", message: result.message });
  return z.NEVER;
}

/** null/missing -> null; "1.250" / 1.25 -> "1.25"; negative or non-numeric -> issue. */
export const RateSchema = z.optional(z.unknown()).transform((v, ctx): string | null => fromParsed(parseRate(v), ctx));

export const RateCardSchema = z.strictObject({
  textInput: RateSchema,
  cachedTextInput: RateSchema,
  textOutput: RateSchema,
  imageInput: RateSchema,
  cachedImageInput: RateSchema,
  imageOutput: RateSchema,
});

/** Largest output tokens per image a rate card may list (the largest published table is ~7,000). See MAX_IMAGES_PER_EVENT. */
export const MAX_TOKENS_PER_IMAGE = 20_000;
const TOKENS_MESSAGE = "tokens must be a positive integer";
const Tokens = z
  .int({ error: TOKENS_MESSAGE })
  .positive({ error: TOKENS_MESSAGE })
  .max(MAX_TOKENS_PER_IMAGE, { error: `tokens per image must be at most ${MAX_TOKENS_PER_IMAGE}` });

const QualityTokens = z
  .strictObject(
    { low: Tokens.optional(), medium: Tokens.optional(), high: Tokens.optional() },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys" ? `unknown quality ${iss.keys.map((k) => `"${k}"`).join(", ")} (use low, medium, high)` : undefined,
    },
  )
  .refine((q) => q.low !== undefined || q.medium !== undefined || q.high !== undefined, "lists no qualities");

export const ImageOutputTokensSchema = z
  .record(z.string().regex(SIZE_KEY), QualityTokens, {
    error: (iss) => (iss.code === "invalid_key" ? `size key must be ${SIZE_KEY_HINT}` : undefined),
  })
  .transform((t) => canonicalTokenTable(t));

const ModelId = storableText(
  z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(200, "must be at most 200 characters")
    .regex(MODEL_ID, 'must not contain whitespace or "|"'),
);

export const PricingRowSchema = z
  .strictObject({
    model: ModelId,
    aliases: z.array(ModelId).default([]),
    rates: RateCardSchema,
    imageOutputTokens: ImageOutputTokensSchema.default({}),
    /** USD per generated image by size and quality (formats/image-prices.ts); optional. */
    imagePrices: ImagePricesSchema.default({}),
    /** USD per output megapixel; null or missing = none. */
    megapixelPrice: RateSchema,
  })
  .transform((row): PricingRow => withUnitPrices(row));

const EffectiveFrom = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "must be an ISO-8601 date or date-time with offset, e.g. 2026-06-11 or 2026-06-11T00:00:00Z",
  })
  .transform((v) => (v instanceof Date ? v : new Date(v)))
  // PostgreSQL refuses year 0 (and an invalid Date); no rate card predates 2000.
  .refine((d) => d.getTime() >= Date.UTC(2000, 0, 1), "must be on or after 2000-01-01");

/** Everything but the rows. CSV and LiteLLM imports pass their metadata options through this. */
export const SnapshotMetaSchema = z.strictObject({
  name: storableText(z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(200, "must be at most 200 characters")),
  provider: z
    .string({ error: "must be a string" })
    .trim()
    .regex(PROVIDER_SLUG, 'must be a lowercase slug like "openai" or "azure_ai"'),
  effectiveFrom: EffectiveFrom,
  source: storableText(z.string({ error: "must be a string" }).trim().max(2000)).default(""),
  notes: storableText(z.string({ error: "must be a string" }).trim().max(20000)).default(""),
  currency: z.literal("USD", { error: 'must be "USD"' }).default("USD"),
  batchMultiplier: z
    .optional(z.unknown())
    .transform((v, ctx): string => fromParsed(parseBatchMultiplier(v), ctx) as string)
    .default("0.5"),
});

/**
 * Registers a row's model id and aliases in `owners` (normalized id -> owning model) unless one
 * collides with an id already there or inside the row; returns the collision messages.
 */
export function claimModelIds(row: Pick<PricingRow, "model" | "aliases">, owners: Map<string, string>): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const mine = new Map<string, string>();
  const ids: [string, (string | number)[]][] = [[row.model, ["model"]], ...row.aliases.map((a, i): [string, (string | number)[]] => [a, ["aliases", i]])];
  for (const [id, path] of ids) {
    const key = normalizeModelId(id);
    const owner = owners.get(key);
    if (owner !== undefined) problems.push({ path, message: `"${id}" is already used by model "${owner}"` });
    else if (mine.has(key)) problems.push({ path, message: `"${id}" repeats "${mine.get(key)}" in the same row` });
    else mine.set(key, id);
  }
  if (problems.length === 0) for (const key of mine.keys()) owners.set(key, row.model);
  return problems;
}

/** Create/update body for drafts (route handlers) and the full-file JSON schema. */
export const SnapshotInput = SnapshotMetaSchema.extend({ rows: z.array(PricingRowSchema) }).superRefine((s, ctx) => {
  const owners = new Map<string, string>();
  s.rows.forEach((row, i) => {
    for (const p of claimModelIds(row, owners)) ctx.addIssue({ code: "custom", path: ["rows", i, ...p.path], message: p.message });
  });
});
export type SnapshotInput = z.input<typeof SnapshotInput>;

// Compile-time guarantee that the schema's output is the shared type.
const _outputIsSnapshot = (s: z.output<typeof SnapshotInput>): PricingSnapshotData => s;
void _outputIsSnapshot;

/** "rows[2].rates.textInput" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** A row as an importer read it, before validation. */
export interface RowInput {
  /** Object in the JSON row shape, validated with PricingRowSchema. */
  raw: unknown;
  /** Where the row came from, copied onto every issue about it. */
  where: { line?: number; row?: number; model?: string };
  /** Maps a schema path inside the row (["rates", "textInput"]) to the path users see. */
  path: (inRow: readonly PropertyKey[]) => string;
  /** Problems found before schema validation (e.g. CSV cell syntax); the row is invalid if any. */
  errors?: ImportIssue[];
}

export interface Carry {
  errors?: ImportIssue[];
  skipped?: ImportIssue[];
  warnings?: ImportIssue[];
}

function issuesFromZod(error: z.ZodError, where: RowInput["where"], toPath: RowInput["path"]): ImportIssue[] {
  return error.issues.map((iss) => ({ ...where, path: toPath(iss.path), message: iss.message }));
}

/**
 * Shared tail of every importer: validates metadata and rows, enforces id uniqueness (first row
 * wins), and applies skipInvalid. Metadata errors always fail; row errors fail unless skipInvalid,
 * in which case each bad row becomes one `skipped` entry. A file whose rows are all invalid fails.
 */
export function assembleSnapshot(meta: unknown, rows: RowInput[], opts: ImportOptions = {}, carry: Carry = {}): ImportResult {
  const metaParsed = SnapshotMetaSchema.safeParse(meta);
  const metaErrors = metaParsed.success ? [] : issuesFromZod(metaParsed.error, {}, formatPath);

  const valid: PricingRow[] = [];
  const rowProblems: ImportIssue[][] = [];
  const owners = new Map<string, string>();
  for (const input of rows) {
    let problems = input.errors ?? [];
    if (problems.length === 0) {
      const parsed = PricingRowSchema.safeParse(input.raw);
      if (!parsed.success) problems = issuesFromZod(parsed.error, input.where, input.path);
      else {
        const where = { model: parsed.data.model, ...input.where };
        problems = claimModelIds(parsed.data, owners).map((p) => ({ ...where, path: input.path(p.path), message: p.message }));
        if (problems.length === 0) valid.push(parsed.data);
      }
    }
    if (problems.length > 0) rowProblems.push(problems);
  }

  const snapshot = metaParsed.success ? { ...metaParsed.data, rows: valid } : undefined;
  const rowErrors = rowProblems.flat();
  const allRowsBad = rows.length > 0 && valid.length === 0;
  const fail = metaErrors.length > 0 || (carry.errors?.length ?? 0) > 0 || (rowErrors.length > 0 && (!opts.skipInvalid || allRowsBad));
  if (fail || !snapshot) {
    const errors = [...(carry.errors ?? []), ...metaErrors, ...rowErrors];
    if (allRowsBad && opts.skipInvalid) errors.push({ path: "rows", message: "no valid rows to import" });
    return { ok: false, errors, ...(snapshot && valid.length > 0 ? { partial: snapshot } : {}) };
  }
  const skipped = rowProblems.map((problems) => ({
    ...problems[0],
    message: problems.length === 1 ? problems[0].message : problems.map((p) => `${p.path}: ${p.message}`).join("; "),
  }));
  return { ok: true, snapshot, skipped: [...(carry.skipped ?? []), ...skipped], warnings: carry.warnings ?? [] };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates an already-parsed snapshot JSON document (see the format at the top of this file). */
export function parseSnapshotJson(input: unknown, opts: ImportOptions = {}): ImportResult {
  if (!isPlainObject(input)) return { ok: false, errors: [{ path: "", message: "expected a JSON object with name, provider, effectiveFrom and rows" }] };
  const { rows, ...meta } = input;
  if (!Array.isArray(rows)) {
    const metaParsed = SnapshotMetaSchema.safeParse(meta);
    const metaErrors = metaParsed.success ? [] : issuesFromZod(metaParsed.error, {}, formatPath);
    const message = rows === undefined ? "is required (use [] for a snapshot without rows)" : "must be an array";
    return { ok: false, errors: [...metaErrors, { path: "rows", message }] };
  }
  const inputs: RowInput[] = rows.map((raw, i) => ({
    raw,
    where: { row: i, ...(isPlainObject(raw) && typeof raw.model === "string" ? { model: raw.model.trim() } : {}) },
    path: (p) => formatPath(["rows", i, ...p]),
  }));
  return assembleSnapshot(meta, inputs, opts);
}
