import { QUALITIES, type ImageOutputTokenTable, type Quality } from "@/lib/cost/types";

/**
 * Image output token tables: size -> quality -> tokens per generated image.
 * Sizes are "WxH" (positive integers, lowercase x, no leading zeros) or "auto".
 */
export const SIZE_KEY = /^(?:auto|[1-9]\d{0,4}x[1-9]\d{0,4})$/;
export const SIZE_KEY_HINT = 'a size like "1024x1024" (WxH) or "auto"';

function sizeRank(size: string): [number, number, number] {
  if (size === "auto") return [Number.MAX_SAFE_INTEGER, 0, 0];
  const [w, h] = size.split("x").map(Number);
  return [w * h, w, h];
}

/** Stable order so equal tables serialize identically: by pixel count, then width; "auto" last. */
export function compareSizes(a: string, b: string): number {
  const ra = sizeRank(a);
  const rb = sizeRank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Copy with sizes in canonical order and qualities in low/medium/high order, absent qualities dropped. */
export function canonicalTokenTable(table: ImageOutputTokenTable): ImageOutputTokenTable {
  const out: ImageOutputTokenTable = {};
  for (const size of Object.keys(table).sort(compareSizes)) {
    const entry: Partial<Record<Quality, number>> = {};
    for (const q of QUALITIES) {
      const tokens = table[size][q];
      if (tokens !== undefined) entry[q] = tokens;
    }
    out[size] = entry;
  }
  return out;
}

/*
 * Compact one-cell syntax (used by the CSV format):
 *   "1024x1024:low=196;medium=1756;high=7024 1024x1536:low=158;medium=1372"
 * Size groups are separated by whitespace; inside a group, "SIZE:" is followed by quality=tokens
 * pairs separated by ";". An empty cell is an empty table.
 */

export function formatTokenTableCompact(table: ImageOutputTokenTable): string {
  const canonical = canonicalTokenTable(table);
  return Object.entries(canonical)
    .map(([size, qualities]) => `${size}:${QUALITIES.filter((q) => qualities[q] !== undefined).map((q) => `${q}=${qualities[q]}`).join(";")}`)
    .join(" ");
}

export type ParsedTokenTable = { ok: true; value: ImageOutputTokenTable } | { ok: false; message: string };

const QUALITY_SET: ReadonlySet<string> = new Set(QUALITIES);

export function parseTokenTableCompact(text: string): ParsedTokenTable {
  const table: ImageOutputTokenTable = {};
  const groups = text.trim().split(/\s+/).filter((g) => g !== "");
  for (const group of groups) {
    const colon = group.indexOf(":");
    if (colon < 0) return { ok: false, message: `"${group}": expected SIZE:quality=tokens;… (e.g. 1024x1024:low=196;medium=1756)` };
    const size = group.slice(0, colon);
    if (!SIZE_KEY.test(size)) return { ok: false, message: `"${size}" is not ${SIZE_KEY_HINT}` };
    if (size in table) return { ok: false, message: `size ${size} appears twice` };
    const entry: Partial<Record<Quality, number>> = {};
    const pairs = group.slice(colon + 1).split(";").filter((p) => p !== "");
    if (pairs.length === 0) return { ok: false, message: `size ${size} lists no qualities` };
    for (const pair of pairs) {
      const m = /^([a-z]+)=(\d+)$/i.exec(pair);
      if (!m) return { ok: false, message: `"${pair}" in size ${size}: expected quality=tokens (e.g. low=196)` };
      const quality = m[1].toLowerCase();
      if (!QUALITY_SET.has(quality)) return { ok: false, message: `"${m[1]}" in size ${size} is not a quality (low, medium, high)` };
      const tokens = Number(m[2]);
      if (!Number.isSafeInteger(tokens) || tokens <= 0) {
        return { ok: false, message: `${size} ${quality}: tokens must be a positive integer (got ${m[2]})` };
      }
      if (entry[quality as Quality] !== undefined) return { ok: false, message: `size ${size} lists ${quality} twice` };
      entry[quality as Quality] = tokens;
    }
    table[size] = entry;
  }
  return { ok: true, value: canonicalTokenTable(table) };
}
