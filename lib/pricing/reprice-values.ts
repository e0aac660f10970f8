import { COST_BUCKETS, type CostBucket, type PricingWarningCode, type TokenCounts } from "@/lib/cost/types";
import { priceWithSnapshots, type LoadedSnapshot } from "@/lib/pricing/published";
import { canonicalModelId } from "@/lib/pricing/model-identity";
import { toStorage } from "@/lib/money/decimal";

/**
 * Pure part of repricing: one stored event -> the pricing columns to write back. Stored in the same
 * form ingest writes (lib/ingest/prepare.ts): costs at storage scale as decimal strings, warnings as
 * { code, message, bucket }, the unpriced reason's message, estimated tokens apart from reported ones.
 */

export interface StoredEventForPricing {
  id: string;
  occurredAt: Date;
  provider: string;
  /** The name as called (pricing input). */
  model: string;
  tokens: TokenCounts;
  batch: boolean;
  images: number | null;
  size: string;
  quality: string;
  /** The event's current warnings (JSON); warnings that do not come from pricing are kept. */
  warnings: unknown;
}

export interface RepricedValues {
  id: string;
  priced: boolean;
  estimated: boolean;
  cost: string | null;
  buckets: Record<CostBucket, string | null>;
  estimatedImageOutputTokens: number;
  snapshotId: string | null;
  pricedModel: string | null;
  /** The model the event counts under after repricing (lib/pricing/model-identity.ts). */
  canonicalModel: string;
  unpricedReason: string | null;
  warnings: StoredWarningJson[];
}

export interface StoredWarningJson {
  code: string;
  message: string;
  bucket?: string | null;
  [k: string]: unknown;
}

/** Warning codes the pricer produces; every other stored warning (e.g. usage-mapping notes) survives repricing. */
const PRICING_WARNING_CODES: ReadonlySet<string> = new Set<PricingWarningCode>([
  "rate_not_listed",
  "estimated_from_image_count",
  "image_output_not_in_table",
  "image_output_not_estimated",
  "quality_auto_assumed_medium",
]);

function keptWarnings(stored: unknown): StoredWarningJson[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (w): w is StoredWarningJson =>
      typeof w === "object" && w !== null && typeof (w as { code?: unknown }).code === "string" && !PRICING_WARNING_CODES.has((w as { code: string }).code),
  );
}

export function repriceEvent(snapshots: readonly LoadedSnapshot[], e: StoredEventForPricing): RepricedValues {
  const p = priceWithSnapshots(snapshots, {
    occurredAt: e.occurredAt,
    provider: e.provider,
    model: e.model,
    tokens: e.tokens,
    batch: e.batch,
    images: e.images,
    size: e.size || null,
    quality: e.quality || null,
  });
  const buckets = {} as Record<CostBucket, string | null>;
  for (const b of COST_BUCKETS) {
    const c = p.buckets[b];
    buckets[b] = c === null ? null : toStorage(c).toFixed();
  }
  return {
    id: e.id,
    priced: p.priced,
    estimated: p.estimated,
    cost: p.cost === null ? null : toStorage(p.cost).toFixed(),
    buckets,
    estimatedImageOutputTokens: p.estimated ? Math.max(0, p.tokens.imageOutput - e.tokens.imageOutput) : 0,
    snapshotId: p.snapshotId,
    pricedModel: p.pricedModel,
    canonicalModel: canonicalModelId(e.model, p.pricedModel),
    unpricedReason: p.unpricedReason ? p.unpricedReason.message : null,
    warnings: [...keptWarnings(e.warnings), ...p.warnings.map((w) => ({ code: w.code, message: w.message, bucket: w.bucket }))],
  };
}
