import { z } from "zod";
import { ANY, type ImagePriceTable, type PricingRow } from "@/lib/cost/types";
import { parseRate } from "@/lib/pricing/formats/rate";
import { SIZE_KEY, compareSizes } from "@/lib/pricing/formats/token-table";

/**
 * Per-image price tables (USD per generated image): size -> quality -> price, as stored on a snapshot row
 * ("imagePrices") and matched by lib/cost/image-prices.ts. Sizes are "WxH", "auto" or "*" (any size); qualities
 * are lowercase words ("low", "standard", "hd", ...) or "*" (any quality). Prices are canonical decimal strings.
 *
 * Compact one-cell syntax (CSV format, draft editor):
 *   "1024x1024:standard=0.04;hd=0.08 1024x1792:standard=0.08;hd=0.12 *:*=0.05"
 */

export const IMAGE_SIZE_KEY = new RegExp(`(?:${SIZE_KEY.source})|^\\*$`);
export const QUALITY_KEY = /^(?:\*|[a-z0-9][a-z0-9_-]{0,31})$/;
const QUALITY_ORDER = ["low", "medium", "high", "standard", "hd"];

function compareImageSizes(a: string, b: string): number {
  if (a === ANY || b === ANY) return a === b ? 0 : a === ANY ? 1 : -1;
  return compareSizes(a, b);
}

function compareQualities(a: string, b: string): number {
  const rank = (q: string) => (q === ANY ? 1000 : QUALITY_ORDER.includes(q) ? QUALITY_ORDER.indexOf(q) : 100);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Copy in canonical order (sizes by pixels, "*" last; qualities low..hd, then a-z, "*" last). */
export function canonicalImagePrices(table: ImagePriceTable): ImagePriceTable {
  const out: ImagePriceTable = {};
  for (const size of Object.keys(table).sort(compareImageSizes)) {
    const entry: Record<string, string> = {};
    for (const q of Object.keys(table[size]).sort(compareQualities)) entry[q] = table[size][q];
    out[size] = entry;
  }
  return out;
}

const Price = z.unknown().transform((v, ctx): string => {
  const r = parseRate(v);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.message });
  else if (r.value === null) ctx.addIssue({ code: "custom", message: "must be a price (leave the quality out when it is not listed)" });
  return r.ok && r.value !== null ? r.value : "";
});

const QualityPrices = z
  .record(z.string().regex(QUALITY_KEY), Price, {
    error: (iss) => (iss.code === "invalid_key" ? 'quality key must be a lowercase word like "standard" or "*"' : undefined),
  })
  .refine((q) => Object.keys(q).length > 0, "lists no qualities");

export const ImagePricesSchema = z
  .record(z.string().regex(IMAGE_SIZE_KEY), QualityPrices, {
    error: (iss) => (iss.code === "invalid_key" ? 'size key must be a size like "1024x1024", "auto" or "*"' : undefined),
  })
  .transform((t) => canonicalImagePrices(t));

export function formatImagePricesCompact(table: ImagePriceTable | undefined): string {
  return Object.entries(canonicalImagePrices(table ?? {}))
    .map(([size, qs]) => `${size}:${Object.entries(qs).map(([q, p]) => `${q}=${p}`).join(";")}`)
    .join(" ");
}

export type ParsedImagePrices = { ok: true; value: ImagePriceTable } | { ok: false; message: string };

export function parseImagePricesCompact(text: string): ParsedImagePrices {
  const table: ImagePriceTable = {};
  for (const group of text.trim().split(/\s+/).filter((g) => g !== "")) {
    const colon = group.indexOf(":");
    if (colon < 0) return { ok: false, message: `"${group}": expected SIZE:quality=price;… (e.g. 1024x1024:standard=0.04;hd=0.08)` };
    const size = group.slice(0, colon).toLowerCase();
    if (!IMAGE_SIZE_KEY.test(size)) return { ok: false, message: `"${size}" is not a size like 1024x1024, auto or *` };
    if (size in table) return { ok: false, message: `size ${size} appears twice` };
    const entry: Record<string, string> = {};
    const pairs = group.slice(colon + 1).split(";").filter((p) => p !== "");
    if (pairs.length === 0) return { ok: false, message: `size ${size} lists no qualities` };
    for (const pair of pairs) {
      const m = /^([^=]+)=\$?(.+)$/.exec(pair);
      if (!m) return { ok: false, message: `"${pair}" in size ${size}: expected quality=price (e.g. standard=0.04)` };
      const quality = m[1].toLowerCase();
      if (!QUALITY_KEY.test(quality)) return { ok: false, message: `"${m[1]}" in size ${size} is not a quality word or *` };
      if (quality in entry) return { ok: false, message: `size ${size} lists ${quality} twice` };
      const price = parseRate(m[2]);
      if (!price.ok || price.value === null) return { ok: false, message: `${size} ${quality}: price ${price.ok ? "is missing" : price.message}` };
      entry[quality] = price.value;
    }
    table[size] = entry;
  }
  return { ok: true, value: canonicalImagePrices(table) };
}

/** The unit-price fields of a row with defaults filled in ({} and null). */
export function unitPricesOf(row: Pick<PricingRow, "imagePrices" | "megapixelPrice">): { imagePrices: ImagePriceTable; megapixelPrice: string | null } {
  return { imagePrices: row.imagePrices ?? {}, megapixelPrice: row.megapixelPrice ?? null };
}

/**
 * A row with its unit-price fields present only when set: rows without per-image / per-megapixel prices keep
 * exactly the shape they had before unit prices existed (so token-only rate cards compare and export as before).
 */
export function withUnitPrices<R extends PricingRow>(row: R): R {
  const { imagePrices, megapixelPrice, ...rest } = row;
  return {
    ...rest,
    ...(imagePrices && Object.keys(imagePrices).length > 0 ? { imagePrices } : {}),
    ...(megapixelPrice != null ? { megapixelPrice } : {}),
  } as R;
}
