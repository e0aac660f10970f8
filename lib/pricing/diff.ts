import { BUCKETS, QUALITIES, type Bucket, type PricingRow, type PricingSnapshotData, type Quality } from "@/lib/cost/types";
import { Decimal, dec } from "@/lib/money/decimal";
import { normalizeModelId } from "@/lib/pricing/match-model";
import { compareSizes } from "@/lib/pricing/formats/token-table";
import { canonicalImagePrices } from "@/lib/pricing/formats/image-prices";

/**
 * What changed between two pricing snapshots (a = before, b = after). Rows match by model id,
 * case-insensitively. Rates compare by value ("0.20" equals "0.2"); every delta is Decimal math.
 */

export interface RateChange {
  bucket: Bucket;
  from: string | null;
  to: string | null;
  /** to - from in USD per 1M tokens; null when either side is not listed. */
  deltaUsd: string | null;
  /** (to - from) / from x 100 at 2 dp (half away from zero); null when from is 0 or either side is not listed. */
  deltaPct: string | null;
}

export interface TokenChange {
  size: string;
  quality: Quality;
  from: number | null;
  to: number | null;
}

export interface RowChange {
  /** The id in b. */
  model: string;
  /** The id in a, when only its letter case changed. */
  previousModel?: string;
  rates: RateChange[];
  /** Aliases in b but not a, and in a but not b (compared case-insensitively); null when unchanged. */
  aliases: { added: string[]; removed: string[] } | null;
  imageOutputTokens: TokenChange[];
  /** Per-image price entries added, removed or changed; present only when some did. */
  imagePrices?: ImagePriceChange[];
  /** Per-megapixel price change; present only when it changed. */
  megapixelPrice?: { from: string | null; to: string | null };
}

export interface ImagePriceChange {
  size: string;
  quality: string;
  /** USD per image; null = no entry. */
  from: string | null;
  to: string | null;
}

export interface SnapshotDiff {
  added: PricingRow[];
  removed: PricingRow[];
  changed: RowChange[];
  unchanged: number;
  /** null when both multipliers are equal in value. */
  batchMultiplier: { from: string; to: string } | null;
}

const HUNDRED = dec(100);

function sameRate(x: string | null, y: string | null): boolean {
  if (x === null || y === null) return x === y;
  return dec(x).eq(dec(y));
}

function rateChange(bucket: Bucket, from: string | null, to: string | null): RateChange {
  if (from === null || to === null) return { bucket, from, to, deltaUsd: null, deltaPct: null };
  const f = dec(from);
  const delta = dec(to).minus(f);
  const pct = f.isZero() ? null : delta.div(f).times(HUNDRED).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return { bucket, from, to, deltaUsd: delta.toFixed(), deltaPct: pct };
}

function aliasChanges(a: PricingRow, b: PricingRow): RowChange["aliases"] {
  const before = new Set(a.aliases.map(normalizeModelId));
  const after = new Set(b.aliases.map(normalizeModelId));
  const added = b.aliases.filter((x) => !before.has(normalizeModelId(x)));
  const removed = a.aliases.filter((x) => !after.has(normalizeModelId(x)));
  return added.length || removed.length ? { added, removed } : null;
}

function tokenChanges(a: PricingRow, b: PricingRow): TokenChange[] {
  const sizes = [...new Set([...Object.keys(a.imageOutputTokens), ...Object.keys(b.imageOutputTokens)])].sort(compareSizes);
  const out: TokenChange[] = [];
  for (const size of sizes) {
    for (const quality of QUALITIES) {
      const from = a.imageOutputTokens[size]?.[quality] ?? null;
      const to = b.imageOutputTokens[size]?.[quality] ?? null;
      if (from !== to) out.push({ size, quality, from, to });
    }
  }
  return out;
}

function imagePriceChanges(a: PricingRow, b: PricingRow): ImagePriceChange[] {
  const ta = canonicalImagePrices(a.imagePrices ?? {});
  const tb = canonicalImagePrices(b.imagePrices ?? {});
  const out: ImagePriceChange[] = [];
  // Walk the union in canonical order (b's order first, then entries only a has).
  const keys: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const t of [tb, ta]) {
    for (const [size, qs] of Object.entries(t)) {
      for (const quality of Object.keys(qs)) {
        const k = `${size}|${quality}`;
        if (!seen.has(k)) (seen.add(k), keys.push([size, quality]));
      }
    }
  }
  for (const [size, quality] of keys) {
    const from = ta[size]?.[quality] ?? null;
    const to = tb[size]?.[quality] ?? null;
    if (!sameRate(from, to)) out.push({ size, quality, from, to });
  }
  return out;
}

export function diffSnapshots(a: PricingSnapshotData, b: PricingSnapshotData): SnapshotDiff {
  const before = new Map(a.rows.map((r) => [normalizeModelId(r.model), r]));
  const afterKeys = new Set(b.rows.map((r) => normalizeModelId(r.model)));
  const added: PricingRow[] = [];
  const changed: RowChange[] = [];
  let unchanged = 0;

  for (const row of b.rows) {
    const old = before.get(normalizeModelId(row.model));
    if (!old) {
      added.push(row);
      continue;
    }
    const rates = BUCKETS.filter((k) => !sameRate(old.rates[k], row.rates[k])).map((k) => rateChange(k, old.rates[k], row.rates[k]));
    const aliases = aliasChanges(old, row);
    const imageOutputTokens = tokenChanges(old, row);
    const renamed = old.model !== row.model;
    const imagePrices = imagePriceChanges(old, row);
    const mpFrom = old.megapixelPrice ?? null;
    const mpTo = row.megapixelPrice ?? null;
    const units = {
      ...(imagePrices.length ? { imagePrices } : {}),
      ...(!sameRate(mpFrom, mpTo) ? { megapixelPrice: { from: mpFrom, to: mpTo } } : {}),
    };
    if (rates.length || aliases || imageOutputTokens.length || renamed || Object.keys(units).length) {
      changed.push({ model: row.model, ...(renamed ? { previousModel: old.model } : {}), rates, aliases, imageOutputTokens, ...units });
    } else unchanged++;
  }

  const removed = a.rows.filter((r) => !afterKeys.has(normalizeModelId(r.model)));
  const batchMultiplier = dec(a.batchMultiplier).eq(dec(b.batchMultiplier)) ? null : { from: a.batchMultiplier, to: b.batchMultiplier };
  return { added, removed, changed, unchanged, batchMultiplier };
}
