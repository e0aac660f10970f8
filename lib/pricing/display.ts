import { outputCostPerImage } from "@/lib/cost/estimate";
import { QUALITIES, type PricingRow, type Quality } from "@/lib/cost/types";
import { dec, type Decimal } from "@/lib/money/decimal";
import { compareSizes } from "@/lib/pricing/formats/token-table";

/** Display helpers for rate cards (pure; exact values, only the notation is chosen here). */

function grouped(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Exact USD with at least `minDecimals` decimals and never fewer than the value has: "$0.05268", "$5.00". */
export function formatExactUsd(value: Decimal | string, minDecimals = 2): string {
  const d = dec(value);
  const fixed = d.abs().toFixed(Math.max(minDecimals, d.decimalPlaces()));
  const [i, f] = fixed.split(".");
  return `${d.isNegative() ? "-" : ""}$${grouped(i)}${f ? `.${f}` : ""}`;
}

/** A rate in USD per 1M tokens ("0.2" -> "$0.20"); null means the card does not list it. */
export function formatRate(rate: string | null): string {
  return rate === null ? "Not listed" : formatExactUsd(rate, 2);
}

/** Signed change in USD per 1M tokens: "+$2.00", "-$8.00". */
export function formatRateDelta(delta: string | null): string {
  if (delta === null) return "—";
  const d = dec(delta);
  return `${d.isNegative() ? "" : "+"}${formatExactUsd(d, 2)}`;
}

export function formatPct(pct: string | null): string {
  if (pct === null) return "—";
  return `${dec(pct).isNegative() ? "" : "+"}${pct}%`;
}

export function formatTokens(n: number): string {
  return grouped(String(n));
}

/** "2026-06-11 00:00 UTC" */
export function formatInstant(iso: string | Date): string {
  const s = (typeof iso === "string" ? new Date(iso) : iso).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

export interface PerImageCell {
  quality: Quality;
  tokens: number | null;
  /** Exact image output cost of one image, standard and Batch; null when not in the table or not listed. */
  cost: string | null;
  batchCost: string | null;
}

export interface PerImageRow {
  size: string;
  cells: PerImageCell[];
}

/** Output tokens and the derived image-output $ per image, for every size × quality of the row's table. */
export function perImageTable(row: PricingRow, batchMultiplier: string): PerImageRow[] {
  return Object.keys(row.imageOutputTokens)
    .sort(compareSizes)
    .map((size) => ({
      size,
      cells: QUALITIES.map((quality) => {
        const tokens = row.imageOutputTokens[size]?.[quality] ?? null;
        const cost = tokens === null ? null : outputCostPerImage(row, size, quality, batchMultiplier, false);
        const batchCost = tokens === null ? null : outputCostPerImage(row, size, quality, batchMultiplier, true);
        return { quality, tokens, cost: cost ? cost.toFixed() : null, batchCost: batchCost ? batchCost.toFixed() : null };
      }),
    }));
}
