/**
 * Import from LiteLLM's community price map (BerriAI/litellm, model_prices_and_context_window.json):
 * a JSON object keyed by model name, e.g.
 *
 *   "gpt-image-1": { "cache_read_input_token_cost": 1.25e-06, "input_cost_per_image_token": 1e-05,
 *                    "input_cost_per_token": 5e-06, "litellm_provider": "openai",
 *                    "mode": "image_generation", "output_cost_per_image_token": 4e-05, ... }
 *
 * Prices there are USD per ONE token; Spendscope rates are USD per 1M tokens. The conversion is a
 * decimal shift done with Decimal on the number's shortest round-trip text (5e-06 -> "0.000005" ->
 * "5"), which is exactly the decimal the author wrote whenever it has at most 15 significant digits
 * (see formats/rate.ts); longer values are imported but flagged in `warnings`.
 *
 * Selection: entries whose litellm_provider equals the chosen provider (default "openai") and that
 * are image-generation rows (mode "image_generation", a key containing "gpt-image", or an
 * output_cost_per_image_token). Vision-only chat models (image INPUT price only) are not selected.
 * Rows priced per image or per pixel become unit prices (lib/pricing/formats/litellm-units.ts): a key
 * "<quality>/<W>-x-<H>/<model>" ("hd/1024-x-1024/dall-e-3") is one (size, quality) entry of <model>'s per-image
 * table; an unsized key with output_cost_per_image is a ("*", "*") entry; an unsized per-pixel key is a
 * per-megapixel price. A provider prefix is stripped from the key ("azure/gpt-image-1" ->
 * model "gpt-image-1") and "<provider>/<model>" becomes an alias.
 * LiteLLM has no output-tokens-per-image tables, so imported rows have none (see `warnings`).
 */
import { BUCKETS, type Bucket } from "@/lib/cost/types";
import { Decimal } from "@/lib/money/decimal";
import { canonicalDecimal, checkRate, parseDecimalText, significantDigits } from "@/lib/pricing/formats/rate";
import type { ImportIssue, ImportOptions, ImportResult } from "@/lib/pricing/formats/result";
import { assembleSnapshot, type RowInput } from "@/lib/pricing/snapshot-schema";
import { parseStorableJson } from "@/lib/api/zod-fields";
import { addUnitPrices, importUnitEntries, PER_IMAGE_FIELDS, type RawRow } from "@/lib/pricing/formats/litellm-units";

/** LiteLLM field -> Spendscope bucket (checked against the real file, 2026). */
export const LITELLM_FIELDS: Record<Bucket, string> = {
  textInput: "input_cost_per_token",
  cachedTextInput: "cache_read_input_token_cost",
  textOutput: "output_cost_per_token",
  imageInput: "input_cost_per_image_token",
  cachedImageInput: "cache_read_input_image_token_cost",
  imageOutput: "output_cost_per_image_token",
};
const IMAGE_TOKEN_FIELDS = [LITELLM_FIELDS.imageInput, LITELLM_FIELDS.cachedImageInput, LITELLM_FIELDS.imageOutput];
/** Batch API prices sit next to the standard ones with this suffix (input_cost_per_token_batches). */
export const BATCH_SUFFIX = "_batches";
const TOKENS_PER_RATE_UNIT = 1_000_000;
const DEFAULT_BATCH_MULTIPLIER = "0.5";

export interface LiteLlmImportOptions extends ImportOptions {
  /** Which litellm_provider's rows to import; default "openai". */
  litellmProvider?: string;
  meta: {
    effectiveFrom: Date | string;
    /** Default: `LiteLLM <litellmProvider> image rates`. */
    name?: string;
    /** Snapshot provider slug; default: the litellm provider. */
    provider?: string;
    source?: string;
    notes?: string;
    /** Overrides the multiplier derived from `_batches` prices. */
    batchMultiplier?: string | number;
  };
}

export type Entry = Record<string, unknown>;

function isObject(v: unknown): v is Entry {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isImageRow(key: string, entry: Entry): boolean {
  return entry.mode === "image_generation" || key.toLowerCase().includes("gpt-image") || LITELLM_FIELDS.imageOutput in entry;
}

type PerMillion = { ok: true; value: string; perToken: Decimal } | { ok: false; message: string };

/** USD per token (JSON number or decimal string) -> canonical USD per 1M tokens, exactly. */
export function perTokenToPerMillion(value: unknown): PerMillion {
  if (typeof value !== "number" && typeof value !== "string") return { ok: false, message: `must be a number (got ${JSON.stringify(value)})` };
  const parsed = parseDecimalText(value);
  if (!parsed.ok) return parsed;
  const checked = checkRate(parsed.value.times(TOKENS_PER_RATE_UNIT));
  return checked.ok ? { ok: true, value: checked.value as string, perToken: parsed.value } : checked;
}

function sameProvider(entry: Entry, provider: string): boolean {
  return typeof entry.litellm_provider === "string" && entry.litellm_provider === provider;
}

export function importLiteLlm(text: string, opts: LiteLlmImportOptions): ImportResult {
  const provider = opts.litellmProvider ?? "openai";
  let doc: unknown;
  try {
    doc = parseStorableJson(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, errors: [{ path: "", message: `not valid JSON: ${(e as Error).message}` }] };
  }
  if (!isObject(doc)) return { ok: false, errors: [{ path: "", message: "expected a JSON object keyed by model name" }] };

  const rows: RowInput[] = [];
  const skipped: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const ratios = new Map<string, string[]>();
  const noCachedImage: string[] = [];

  const unitEntries: Array<{ key: string; entry: Entry }> = [];
  for (const [key, entry] of Object.entries(doc)) {
    if (key === "sample_spec" || !isObject(entry) || !sameProvider(entry, provider) || !isImageRow(key, entry)) continue;
    const perImage = PER_IMAGE_FIELDS.filter((f) => f in entry);
    const hasImageTokens = IMAGE_TOKEN_FIELDS.some((f) => f in entry);
    const hasTextTokens = LITELLM_FIELDS.textInput in entry || LITELLM_FIELDS.textOutput in entry;
    if (!hasImageTokens && perImage.length > 0) {
      unitEntries.push({ key, entry });
      continue;
    }
    if (!hasImageTokens && !hasTextTokens) {
      skipped.push({ model: key, path: key, message: "has no per-token, per-image or per-pixel prices; not imported" });
      continue;
    }

    const prefix = `${provider}/`;
    const model = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    const fieldPath = (field: string) => `${key}.${field}`;
    const problems: ImportIssue[] = [];
    const input: RowInput = {
      raw: undefined,
      where: { model: key },
      path: (p) => (p[0] === "rates" && typeof p[1] === "string" ? fieldPath(LITELLM_FIELDS[p[1] as Bucket]) : key),
      errors: problems,
    };
    const rates: Record<string, string | null> = {};
    for (const b of BUCKETS) {
      const field = LITELLM_FIELDS[b];
      const raw = entry[field];
      const batchRaw = entry[field + BATCH_SUFFIX];
      if (raw === undefined || raw === null) {
        rates[b] = null;
        if (batchRaw !== undefined) warnings.push({ model: key, path: fieldPath(field + BATCH_SUFFIX), message: `has a batch price but no ${field}; ignored` });
        continue;
      }
      const converted = perTokenToPerMillion(raw);
      if (!converted.ok) {
        problems.push({ model: key, path: fieldPath(field), message: converted.message });
        continue;
      }
      rates[b] = converted.value;
      if (typeof raw === "number" && significantDigits(String(raw)) > 15) {
        warnings.push({ model: key, path: fieldPath(field), message: `${String(raw)} has more than 15 significant digits; the JSON number may not be the exact decimal intended` });
      }
      if (batchRaw !== undefined) {
        const batch = perTokenToPerMillion(batchRaw);
        if (!batch.ok) warnings.push({ model: key, path: fieldPath(field + BATCH_SUFFIX), message: `${batch.message}; ignored` });
        else if (!converted.perToken.isZero()) {
          const ratio = canonicalDecimal(batch.perToken.div(converted.perToken));
          ratios.set(ratio, [...(ratios.get(ratio) ?? []), fieldPath(field + BATCH_SUFFIX)]);
        }
      }
    }
    if (rates.imageInput !== null && rates.imageInput !== undefined && rates.cachedImageInput === null) noCachedImage.push(model);
    const raw: RawRow = { model, aliases: [`${provider}/${model}`], rates, imageOutputTokens: {}, imagePrices: {}, megapixelPrice: null };
    input.raw = raw;
    rows.push(input);
    // Per-image fields next to token prices apply to image-count-only events (the engine prices tokens first).
    if (perImage.length > 0) {
      addUnitPrices(raw, key, entry, null, null, problems, warnings);
      warnings.push({ model: key, path: key, message: `imported its token prices and its per-image fields (${perImage.join(", ")}) as unit prices` });
    }
  }
  // Rows priced per image or per pixel: "<quality>/<W>-x-<H>/<model>" keys become one (size, quality) entry of
  // <model>'s per-image table (merged into its token row when there is one); unsized keys give "*" entries.
  const unitRows = importUnitEntries(unitEntries, provider, rows, warnings);
  rows.push(...unitRows);

  const errors: ImportIssue[] = [];
  if (rows.length === 0) {
    errors.push({
      path: "",
      message: `no priced image-generation rows for litellm_provider "${provider}"` + (skipped.length ? ` (${skipped.length} rows skipped)` : ""),
    });
  }

  const batchMultiplier = chooseBatchMultiplier(opts.meta.batchMultiplier, ratios, warnings);
  if (rows.length > unitRows.length) {
    warnings.push({ path: "", message: "LiteLLM has no output-tokens-per-image tables; add imageOutputTokens to these rows before estimating per-image costs" });
  }
  if (noCachedImage.length > 0) {
    warnings.push({
      path: "",
      message: `no ${LITELLM_FIELDS.cachedImageInput} for ${noCachedImage.join(", ")}: cached image input is imported as not listed`,
    });
  }

  const meta = {
    name: opts.meta.name ?? `LiteLLM ${provider} image rates`,
    provider: opts.meta.provider ?? provider,
    effectiveFrom: opts.meta.effectiveFrom,
    source: opts.meta.source ?? "LiteLLM model_prices_and_context_window.json",
    notes: opts.meta.notes ?? "",
    batchMultiplier,
  };
  return assembleSnapshot(meta, rows, opts, { errors, skipped, warnings });
}

/**
 * The batch multiplier: an explicit option wins; otherwise the single ratio batch/standard seen
 * across all imported prices; otherwise the default 0.5. Disagreements are reported, not guessed.
 */
function chooseBatchMultiplier(explicit: string | number | undefined, ratios: Map<string, string[]>, warnings: ImportIssue[]): string | number {
  const described = () => [...ratios].map(([r, where]) => `${r} (${where.join(", ")})`).join("; ");
  if (explicit !== undefined) {
    const parsed = parseDecimalText(explicit);
    // An unparsable value is reported by the snapshot schema; nothing to compare it with here.
    const differs = parsed.ok && [...ratios.keys()].some((r) => !new Decimal(r).eq(parsed.value));
    if (differs) warnings.push({ path: "batchMultiplier", message: `explicit batch multiplier ${String(explicit)} differs from the _batches prices: ${described()}` });
    return explicit;
  }
  if (ratios.size === 1) {
    const [ratio] = ratios.keys();
    const d = new Decimal(ratio);
    if (d.gt(0) && d.lte(1)) return ratio;
    warnings.push({ path: "batchMultiplier", message: `_batches prices imply multiplier ${ratio}, outside (0, 1]; using ${DEFAULT_BATCH_MULTIPLIER}` });
    return DEFAULT_BATCH_MULTIPLIER;
  }
  if (ratios.size > 1) {
    warnings.push({
      path: "batchMultiplier",
      message: `_batches prices disagree on the batch multiplier: ${described()}; using ${DEFAULT_BATCH_MULTIPLIER}, set it explicitly if that is wrong`,
    });
    return DEFAULT_BATCH_MULTIPLIER;
  }
  warnings.push({ path: "batchMultiplier", message: `no _batches prices on the imported rows; batch multiplier defaults to ${DEFAULT_BATCH_MULTIPLIER}` });
  return DEFAULT_BATCH_MULTIPLIER;
}
