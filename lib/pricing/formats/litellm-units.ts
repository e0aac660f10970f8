/**
 * LiteLLM rows priced per image or per pixel -> Spendscope unit prices (see lib/cost/image-prices.ts).
 *
 * LiteLLM prices image generation in two non-token ways (both USD, JSON numbers):
 *   output_cost_per_image / input_cost_per_image   USD per generated image (LiteLLM bills n × this for an
 *                                                  image_generation call; both fields are summed)
 *   input_cost_per_pixel / output_cost_per_pixel   USD per generated pixel (LiteLLM bills W × H × n × this)
 * Keys carry size and quality: "<quality>/<W>-x-<H>/<model>" ("hd/1024-x-1024/dall-e-3", "1024-x-1024/dall-e-2").
 *
 * Mapping (exact decimal arithmetic on the numbers' shortest round-trip text, formats/rate.ts):
 *   sized key      -> imagePrices[WxH][quality or "*"] = per-image + W × H × per-pixel
 *   unsized key    -> imagePrices["*"]["*"] = per-image; per-pixel -> megapixelPrice = per-pixel × 1,000,000
 * Per-image prices keep at most 12 decimals (rounded half-even, with a warning); megapixel prices keep 9 (storage).
 * Keys of one model merge into one row (into its token row when the file has one), so
 * "hd/1024-x-1024/dall-e-3" and "standard/1024-x-1024/dall-e-3" become one "dall-e-3" row with two entries.
 */
import { ANY, type ImagePriceTable } from "@/lib/cost/types";
import { Decimal, ZERO } from "@/lib/money/decimal";
import { canonicalDecimal, parseDecimalText } from "@/lib/pricing/formats/rate";
import type { ImportIssue } from "@/lib/pricing/formats/result";
import type { RowInput } from "@/lib/pricing/snapshot-schema";

export const PER_IMAGE_FIELDS = ["input_cost_per_pixel", "output_cost_per_pixel", "input_cost_per_image", "output_cost_per_image"];
const IMAGE_PRICE_FIELDS = ["output_cost_per_image", "input_cost_per_image"];
const PIXEL_PRICE_FIELDS = ["input_cost_per_pixel", "output_cost_per_pixel"];
const PRICE_DECIMALS = 12;
const MEGAPIXEL_DECIMALS = 9;

/** A row being assembled, in the JSON row shape (validated later by PricingRowSchema). */
export interface RawRow {
  model: string;
  aliases: string[];
  rates: Record<string, string | null>;
  imageOutputTokens: Record<string, never>;
  imagePrices: ImagePriceTable;
  megapixelPrice: string | null;
}

type Entry = Record<string, unknown>;

/** "hd/1024-x-1024/dall-e-3" -> { quality: "hd", size: "1024x1024", model: "dall-e-3" }. */
export function parseUnitKey(key: string): { model: string; size: string | null; quality: string | null } {
  const m = /^(?:([a-z][a-z0-9_-]*)\/)?([1-9]\d{0,4})-x-([1-9]\d{0,4})\/(.+)$/i.exec(key);
  if (!m) return { model: key, size: null, quality: null };
  return { model: m[4], size: `${m[2]}x${m[3]}`, quality: m[1] ? m[1].toLowerCase() : null };
}

function sumFields(entry: Entry, fields: string[], key: string, problems: ImportIssue[]): Decimal | null {
  let total: Decimal | null = null;
  for (const f of fields) {
    const v = entry[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" && typeof v !== "string") {
      problems.push({ model: key, path: `${key}.${f}`, message: `must be a number (got ${JSON.stringify(v)})` });
      continue;
    }
    const parsed = parseDecimalText(v);
    if (!parsed.ok) problems.push({ model: key, path: `${key}.${f}`, message: parsed.message });
    else total = (total ?? ZERO).plus(parsed.value);
  }
  return total;
}

function rounded(value: Decimal, decimals: number, key: string, what: string, warnings: ImportIssue[]): string {
  const r = value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN);
  if (!r.eq(value)) warnings.push({ model: key, path: key, message: `${what} ${canonicalDecimal(value)} rounded to ${decimals} decimals (${canonicalDecimal(r)})` });
  return canonicalDecimal(r);
}

/** Adds one LiteLLM entry's per-image / per-pixel prices to `row` (see the mapping above). */
export function addUnitPrices(row: RawRow, key: string, entry: Entry, size: string | null, quality: string | null, problems: ImportIssue[], warnings: ImportIssue[]): void {
  const perImage = sumFields(entry, IMAGE_PRICE_FIELDS, key, problems);
  const perPixel = sumFields(entry, PIXEL_PRICE_FIELDS, key, problems);
  let cell: Decimal | null = perImage;
  if (perPixel !== null) {
    if (size !== null) {
      const [w, h] = size.split("x").map((n) => new Decimal(n));
      cell = (cell ?? ZERO).plus(perPixel.times(w).times(h));
    } else {
      const mp = rounded(perPixel.times(1_000_000), MEGAPIXEL_DECIMALS, key, "per-megapixel price", warnings);
      if (row.megapixelPrice !== null && row.megapixelPrice !== mp) {
        problems.push({ model: key, path: key, message: `per-pixel price conflicts with another key of model "${row.model}"` });
      }
      row.megapixelPrice = mp;
    }
  }
  if (cell === null) return;
  const s = size ?? ANY;
  const q = quality ?? ANY;
  const entryFor = (row.imagePrices[s] ??= {});
  if (q in entryFor) {
    problems.push({ model: key, path: key, message: `repeats the per-image price for ${s} / ${q} of model "${row.model}"` });
    return;
  }
  entryFor[q] = rounded(cell, PRICE_DECIMALS, key, "per-image price", warnings);
}

/**
 * Turns unit-priced entries into rows: merged into an existing row of the same model (in `existing`), else one
 * new row per model in order of first appearance. Returns the new rows.
 */
export function importUnitEntries(entries: Array<{ key: string; entry: Entry }>, provider: string, existing: RowInput[], warnings: ImportIssue[]): RowInput[] {
  const byModel = new Map<string, RowInput>();
  for (const input of existing) byModel.set((input.raw as RawRow).model, input);
  const created: RowInput[] = [];
  const prefix = `${provider}/`;
  for (const { key, entry } of entries) {
    const unprefixed = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    const { model, size, quality } = parseUnitKey(unprefixed);
    let input = byModel.get(model);
    if (!input) {
      const raw: RawRow = { model, aliases: [`${provider}/${model}`], rates: {}, imageOutputTokens: {}, imagePrices: {}, megapixelPrice: null };
      input = { raw, where: { model: key }, path: () => key, errors: [] };
      byModel.set(model, input);
      created.push(input);
    } else if (!created.includes(input)) {
      warnings.push({ model: key, path: key, message: `per-image prices merged into the token-priced row "${model}"` });
    }
    addUnitPrices(input.raw as RawRow, key, entry, size, quality, input.errors as ImportIssue[], warnings);
  }
  return created;
}
