import type { ImageOutputTokenTable, PricingRow, Quality } from "@/lib/cost/types";
import { QUALITIES } from "@/lib/cost/types";

/**
 * Quality "auto" is budgeted as "medium". OpenAI lets the model choose when quality is "auto" and does
 * not publish which tier it picks; medium is the middle of the table, so the estimate is neither the
 * cheapest nor the most expensive case. Callers surface this assumption as a warning.
 */
export const AUTO_QUALITY_ASSUMPTION: Quality = "medium";

/** "1024 x 1024", "1024×1024" and "1024X1024" all mean the table key "1024x1024". */
export function normalizeSize(size: string): string {
  return size.trim().toLowerCase().replace(/×/g, "x").replace(/\s+/g, "");
}

export interface NormalizedQuality {
  quality: Quality;
  /** True when the caller said "auto" and we substituted AUTO_QUALITY_ASSUMPTION. */
  autoAssumed: boolean;
}

export function normalizeQuality(quality: string): NormalizedQuality | null {
  const q = quality.trim().toLowerCase();
  if (q === "auto") return { quality: AUTO_QUALITY_ASSUMPTION, autoAssumed: true };
  return (QUALITIES as readonly string[]).includes(q) ? { quality: q as Quality, autoAssumed: false } : null;
}

export type ImageTokenLookup =
  | { ok: true; tokens: number; size: string; quality: Quality; autoAssumed: boolean }
  | { ok: false; size: string | null; quality: string | null; message: string };

/** Output tokens for one generated image of this size and quality, from the row's table. */
export function lookupImageOutputTokens(
  table: ImageOutputTokenTable | PricingRow["imageOutputTokens"],
  size: string | null | undefined,
  quality: string | null | undefined,
): ImageTokenLookup {
  if (!size || !quality) {
    return { ok: false, size: size ?? null, quality: quality ?? null, message: "image size and quality are both needed" };
  }
  const s = normalizeSize(size);
  const q = normalizeQuality(quality);
  if (!q) return { ok: false, size: s, quality, message: `unknown quality "${quality}"` };
  const tokens = Object.prototype.hasOwnProperty.call(table, s) ? table[s][q.quality] : undefined;
  if (tokens === undefined) {
    return { ok: false, size: s, quality: q.quality, message: `no output-token entry for size ${s} at ${q.quality} quality` };
  }
  return { ok: true, tokens, size: s, quality: q.quality, autoAssumed: q.autoAssumed };
}
