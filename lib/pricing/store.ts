import { BUCKETS, type Bucket, type ImagePriceTable, type PricingRow, type PricingSnapshotData } from "@/lib/cost/types";
import { dec } from "@/lib/money/decimal";
import { exportJson } from "@/lib/pricing/formats/json";
import { canonicalDecimalString, RATE_COLUMNS } from "@/lib/pricing/rate-columns";
import { toPricingRow } from "@/lib/pricing/published";

/**
 * Mapping between stored snapshots (pricing_snapshots + pricing_rows) and the domain shape
 * (PricingSnapshotData), plus the checks that keep storage from silently rounding a rate.
 */

/** Scale of pricing_rows.*_rate (numeric(20,9)) and pricing_snapshots.batch_multiplier (numeric(12,9)). */
export const STORED_RATE_DECIMALS = 9;

type Numeric = { toString(): string };

/** The columns of a stored row that the domain needs. */
export type StoredRow = { model: string; aliases: string[]; imageOutputTokens: unknown; imagePrices?: unknown; megapixelRate?: Numeric | null; position: number } & Record<
  (typeof RATE_COLUMNS)[Bucket],
  Numeric | null
>;

export interface StoredSnapshot {
  id: string;
  name: string;
  provider: string;
  version: number;
  status: "draft" | "published";
  effectiveFrom: Date;
  source: string;
  notes: string;
  currency: string;
  batchMultiplier: Numeric;
  clonedFromId: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  rows: StoredRow[];
}

export function snapshotDataOf(s: StoredSnapshot): PricingSnapshotData {
  const rows = [...s.rows].sort((a, b) => a.position - b.position).map(toPricingRow);
  return {
    name: s.name,
    provider: s.provider,
    effectiveFrom: s.effectiveFrom,
    source: s.source,
    notes: s.notes,
    currency: "USD",
    batchMultiplier: canonicalDecimalString(s.batchMultiplier.toString()),
    rows,
  };
}

/** The import/export JSON document as an object (same key order and canonical values as exportJson). */
export type SnapshotDocument = ReturnType<typeof snapshotDocument>;

export function snapshotDocument(data: PricingSnapshotData) {
  return JSON.parse(exportJson(data)) as {
    name: string;
    provider: string;
    effectiveFrom: string;
    source: string;
    notes: string;
    currency: "USD";
    batchMultiplier: string;
    rows: {
      model: string;
      aliases: string[];
      rates: Record<Bucket, string | null>;
      imageOutputTokens: PricingRow["imageOutputTokens"];
      imagePrices?: ImagePriceTable;
      megapixelPrice?: string;
    }[];
  };
}

/** Prisma create data for one row (rates as decimal strings; the driver sends them as numeric text). */
export function rowCreateData(row: PricingRow, position: number) {
  const out = {
    model: row.model,
    aliases: row.aliases,
    imageOutputTokens: row.imageOutputTokens,
    position,
    imagePrices: row.imagePrices ?? {},
    megapixelRate: row.megapixelPrice ?? null,
  } as {
    model: string;
    aliases: string[];
    imageOutputTokens: PricingRow["imageOutputTokens"];
    position: number;
    imagePrices: ImagePriceTable;
    megapixelRate: string | null;
  } & Record<
    (typeof RATE_COLUMNS)[Bucket],
    string | null
  >;
  for (const b of BUCKETS) out[RATE_COLUMNS[b]] = row.rates[b];
  return out;
}

export interface StorageIssue {
  path: string;
  message: string;
}

/**
 * Values the schema accepts but the columns would round: rates and the batch multiplier keep 9
 * decimals in storage. Reported as input errors instead of being rounded behind the admin's back.
 */
export function storageIssues(data: PricingSnapshotData): StorageIssue[] {
  const issues: StorageIssue[] = [];
  const tooPrecise = (v: string) => dec(v).decimalPlaces() > STORED_RATE_DECIMALS;
  if (tooPrecise(data.batchMultiplier)) {
    issues.push({ path: "batchMultiplier", message: `has more than ${STORED_RATE_DECIMALS} decimal places, which storage would round` });
  }
  data.rows.forEach((row, i) => {
    for (const b of BUCKETS) {
      const r = row.rates[b];
      if (r !== null && tooPrecise(r)) {
        issues.push({ path: `rows[${i}].rates.${b}`, message: `has more than ${STORED_RATE_DECIMALS} decimal places (${r}); storage keeps ${STORED_RATE_DECIMALS}` });
      }
    }
    const mp = row.megapixelPrice ?? null;
    if (mp !== null && tooPrecise(mp)) {
      issues.push({ path: `rows[${i}].megapixelPrice`, message: `has more than ${STORED_RATE_DECIMALS} decimal places (${mp}); storage keeps ${STORED_RATE_DECIMALS}` });
    }
  });
  return issues;
}
