import { BUCKETS, type PricingSnapshotData, type RateCard } from "@/lib/cost/types";
import { dec } from "@/lib/money/decimal";
import { canonicalDecimal } from "@/lib/pricing/formats/rate";
import type { ImportOptions, ImportResult } from "@/lib/pricing/formats/result";
import { canonicalTokenTable } from "@/lib/pricing/formats/token-table";
import { canonicalImagePrices } from "@/lib/pricing/formats/image-prices";
import { parseSnapshotJson } from "@/lib/pricing/snapshot-schema";
import { parseStorableJson } from "@/lib/api/zod-fields";

/** Snapshot JSON file -> snapshot (format and rules: lib/pricing/snapshot-schema.ts). */
export function importJson(text: string, opts: ImportOptions = {}): ImportResult {
  let parsed: unknown;
  try {
    parsed = parseStorableJson(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, errors: [{ path: "", message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return parseSnapshotJson(parsed, opts);
}

function canonicalRates(rates: RateCard): RateCard {
  const out = {} as RateCard;
  for (const b of BUCKETS) out[b] = rates[b] === null ? null : canonicalDecimal(dec(rates[b]));
  return out;
}

/**
 * Snapshot -> pretty JSON (2-space indent, trailing newline). Keys are always written in the same
 * order (metadata, then rows with BUCKETS order and canonical size/quality order), rates as canonical
 * strings, so equal snapshots produce identical files and importJson(exportJson(s)) equals s.
 */
export function exportJson(snapshot: PricingSnapshotData): string {
  const doc = {
    name: snapshot.name,
    provider: snapshot.provider,
    effectiveFrom: snapshot.effectiveFrom.toISOString(),
    source: snapshot.source,
    notes: snapshot.notes,
    currency: snapshot.currency,
    batchMultiplier: canonicalDecimal(dec(snapshot.batchMultiplier)),
    rows: snapshot.rows.map((row) => ({
      model: row.model,
      aliases: [...row.aliases],
      rates: canonicalRates(row.rates),
      imageOutputTokens: canonicalTokenTable(row.imageOutputTokens),
      // Written only when set, so token-only rate cards export exactly as before.
      ...(Object.keys(row.imagePrices ?? {}).length > 0 ? { imagePrices: canonicalImagePrices(row.imagePrices ?? {}) } : {}),
      ...(row.megapixelPrice != null ? { megapixelPrice: canonicalDecimal(dec(row.megapixelPrice)) } : {}),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
