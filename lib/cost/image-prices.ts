import { Decimal, dec } from "@/lib/money/decimal";
import { normalizeSize } from "@/lib/cost/image-tokens";
import { ANY, type ImagePriceTable, type PricingRow } from "@/lib/cost/types";

/**
 * Pricing units beyond tokens: a snapshot row may list USD per generated image (by size and quality) and/or
 * USD per output megapixel. Pure lookups; the engine (lib/cost/engine.ts) turns them into the "perImage" bucket.
 *
 * Per-image lookup rule (first hit wins, never a guess):
 *   (size, quality) -> (size, "*") -> ("*", quality) -> ("*", "*")
 * Sizes compare after normalizeSize ("1024 × 1024" = "1024x1024"), qualities after trim + lowercase; a missing
 * size or quality matches only "*". "auto" is an ordinary key here (no medium assumption: that is an estimate).
 *
 * Megapixels: a "WxH" size is W×H/1,000,000 megapixels, exact (1024x1536 = 1.572864); never rounded. Sizes
 * that are not WxH ("auto", missing) have no megapixel count, so a per-megapixel price cannot apply.
 */

export function normalizeQualityKey(quality: string): string {
  return quality.trim().toLowerCase();
}

export type ImagePriceLookup =
  | { ok: true; price: string; size: string; quality: string }
  | { ok: false; message: string };

/** USD per image for this size and quality, by the rule above. */
export function lookupImagePrice(table: ImagePriceTable, size: string | null | undefined, quality: string | null | undefined): ImagePriceLookup {
  const s = size ? normalizeSize(size) : null;
  const q = quality ? normalizeQualityKey(quality) : null;
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const sizes = s !== null ? [s, ANY] : [ANY];
  const qualities = q !== null ? [q, ANY] : [ANY];
  // (s,q), (s,*), (*,q), (*,*): size is the outer loop.
  for (const sk of sizes) {
    if (!has(table, sk)) continue;
    for (const qk of qualities) {
      if (has(table[sk], qk)) return { ok: true, price: table[sk][qk], size: sk, quality: qk };
    }
  }
  const what = `size ${s ?? "(none)"} at quality ${q ?? "(none)"}`;
  return { ok: false, message: `no per-image price for ${what}` };
}

/** Exact megapixels of a "WxH" size, or null when the size has no pixel count. */
export function megapixels(size: string | null | undefined): Decimal | null {
  if (!size) return null;
  const m = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/.exec(normalizeSize(size));
  if (!m) return null;
  return dec(m[1]).times(dec(m[2])).div(1_000_000);
}

/** True when the row lists any per-image or per-megapixel price. */
export function hasUnitPrices(row: Pick<PricingRow, "imagePrices" | "megapixelPrice">): boolean {
  return Object.keys(row.imagePrices ?? {}).length > 0 || (row.megapixelPrice ?? null) !== null;
}

export type UnitPrice =
  | { ok: true; perImage: Decimal; basis: string }
  | { ok: false; message: string };

/**
 * Unrounded USD for ONE image under the row's unit prices: the per-image table first (rule above), then the
 * per-megapixel price times the size's exact megapixels. Not ok when neither covers the size/quality.
 */
export function unitPriceOf(row: Pick<PricingRow, "imagePrices" | "megapixelPrice">, size: string | null | undefined, quality: string | null | undefined): UnitPrice {
  const table = row.imagePrices ?? {};
  const messages: string[] = [];
  if (Object.keys(table).length > 0) {
    const hit = lookupImagePrice(table, size, quality);
    if (hit.ok) return { ok: true, perImage: dec(hit.price), basis: `$${hit.price} per image (${hit.size} / ${hit.quality})` };
    messages.push(hit.message);
  }
  const mpPrice = row.megapixelPrice ?? null;
  if (mpPrice !== null) {
    const mp = megapixels(size);
    if (mp !== null) return { ok: true, perImage: mp.times(dec(mpPrice)), basis: `${mp.toFixed()} MP × $${mpPrice} per megapixel` };
    messages.push(`size ${size ? normalizeSize(size) : "(none)"} has no megapixel count for the per-megapixel price`);
  }
  return { ok: false, message: messages.join("; ") || "the row lists no per-image or per-megapixel price" };
}
