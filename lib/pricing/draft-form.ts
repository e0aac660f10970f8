import { BUCKETS, QUALITIES, type Bucket, type Quality } from "@/lib/cost/types";
import type { SnapshotDocument } from "@/lib/pricing/store";
import { formatImagePricesCompact, parseImagePricesCompact } from "@/lib/pricing/formats/image-prices";

/**
 * The draft editor's form state (all strings, as typed) and its mapping to the API body and back.
 * Pure so it can be unit-tested; the inline checks mirror the server's rules, which stay authoritative.
 */

export interface EditorRow {
  key: string;
  model: string;
  aliases: string;
  rates: Record<Bucket, string>;
  tokens: { size: string; values: Record<Quality, string> }[];
  /** Per-image prices in the compact syntax ("1024x1024:standard=0.04;hd=0.08 *:*=0.05"); "" = none. */
  imagePrices: string;
  /** USD per output megapixel; "" = none. */
  megapixelPrice: string;
}

export interface EditorState {
  name: string;
  provider: string;
  effectiveFrom: string;
  source: string;
  notes: string;
  batchMultiplier: string;
  rows: EditorRow[];
}

let seq = 0;
export const newKey = () => `row-${++seq}`;

export function emptyRates(): Record<Bucket, string> {
  return { textInput: "", cachedTextInput: "", textOutput: "", imageInput: "", cachedImageInput: "", imageOutput: "" };
}

export function emptyQualities(): Record<Quality, string> {
  return { low: "", medium: "", high: "" };
}

export function toEditorState(doc: SnapshotDocument): EditorState {
  return {
    name: doc.name,
    provider: doc.provider,
    effectiveFrom: doc.effectiveFrom,
    source: doc.source,
    notes: doc.notes,
    batchMultiplier: doc.batchMultiplier,
    rows: doc.rows.map((r) => ({
      key: newKey(),
      model: r.model,
      aliases: r.aliases.join(", "),
      rates: Object.fromEntries(BUCKETS.map((b) => [b, r.rates[b] ?? ""])) as Record<Bucket, string>,
      tokens: Object.entries(r.imageOutputTokens).map(([size, q]) => ({
        size,
        values: Object.fromEntries(QUALITIES.map((k) => [k, q[k] === undefined ? "" : String(q[k])])) as Record<Quality, string>,
      })),
      imagePrices: formatImagePricesCompact(r.imagePrices),
      megapixelPrice: r.megapixelPrice ?? "",
    })),
  };
}

/** The PATCH body. Values the server must judge (bad tokens) are sent as typed, so its message comes back. */
export function toBody(s: EditorState) {
  return {
    name: s.name,
    provider: s.provider,
    effectiveFrom: s.effectiveFrom,
    source: s.source,
    notes: s.notes,
    batchMultiplier: s.batchMultiplier,
    rows: s.rows.map((r) => ({
      model: r.model,
      aliases: r.aliases
        .split(/[,\s]+/)
        .map((a) => a.trim())
        .filter((a) => a !== ""),
      rates: Object.fromEntries(BUCKETS.map((b) => [b, r.rates[b].trim() === "" ? null : r.rates[b].trim()])),
      imageOutputTokens: Object.fromEntries(
        r.tokens.map((t) => [
          t.size.trim(),
          Object.fromEntries(
            QUALITIES.filter((q) => t.values[q].trim() !== "").map((q) => {
              const v = t.values[q].trim();
              return [q, /^\d+$/.test(v) ? Number(v) : v];
            }),
          ),
        ]),
      ),
      // Sent as typed when it does not parse, so the server names the problem at rows[i].imagePrices.
      imagePrices: unitPricesBody(r.imagePrices),
      megapixelPrice: r.megapixelPrice.trim() === "" ? null : r.megapixelPrice.trim(),
    })),
  };
}

function unitPricesBody(text: string): unknown {
  const parsed = parseImagePricesCompact(text);
  return parsed.ok ? parsed.value : text;
}

const RATE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const TOKENS = /^[1-9]\d*$/;
const SIZE = /^(?:auto|[1-9]\d{0,4}x[1-9]\d{0,4})$/;

/** Inline checks keyed by the server's field paths ("rows[2].rates.textInput"). */
export function clientErrors(s: EditorState): Record<string, string> {
  const e: Record<string, string> = {};
  if (!s.name.trim()) e.name = "must not be empty";
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(s.provider.trim())) e.provider = 'must be a lowercase slug like "openai"';
  if (Number.isNaN(Date.parse(s.effectiveFrom.trim()))) e.effectiveFrom = "must be an ISO-8601 date or date-time, e.g. 2026-06-11T00:00:00Z";
  const bm = s.batchMultiplier.trim();
  if (!RATE.test(bm) || Number(bm) <= 0 || Number(bm) > 1) e.batchMultiplier = "must be a decimal greater than 0 and at most 1, e.g. 0.5";
  s.rows.forEach((r, i) => {
    if (!r.model.trim()) e[`rows[${i}].model`] = "must not be empty";
    else if (/[\s|]/.test(r.model.trim())) e[`rows[${i}].model`] = 'must not contain whitespace or "|"';
    for (const b of BUCKETS) {
      const v = r.rates[b].trim();
      if (v !== "" && !RATE.test(v)) e[`rows[${i}].rates.${b}`] = "must be a non-negative decimal like 1.25 (leave empty for not listed)";
    }
    for (const t of r.tokens) {
      if (!SIZE.test(t.size.trim())) e[`rows[${i}].imageOutputTokens.${t.size.trim()}`] = 'size must look like "1024x1024" or "auto"';
      for (const q of QUALITIES) {
        const v = t.values[q].trim();
        if (v !== "" && !TOKENS.test(v)) e[`rows[${i}].imageOutputTokens.${t.size.trim()}.${q}`] = "tokens must be a positive integer";
      }
    }
    const prices = parseImagePricesCompact(r.imagePrices);
    if (!prices.ok) e[`rows[${i}].imagePrices`] = prices.message;
    const mp = r.megapixelPrice.trim();
    if (mp !== "" && !RATE.test(mp)) e[`rows[${i}].megapixelPrice`] = "must be a non-negative decimal like 0.03 (leave empty for none)";
  });
  return e;
}
