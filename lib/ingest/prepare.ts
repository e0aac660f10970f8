import { COST_BUCKETS, type Bucket, type CostBucket, type UnpricedReason } from "@/lib/cost/types";
import { priceWithSnapshots, type LoadedSnapshot } from "@/lib/pricing/published";
import { canonicalModelId } from "@/lib/pricing/model-identity";
import { toStorage, type Decimal } from "@/lib/money/decimal";
import type { NormalizedEvent } from "./event-schema";

/**
 * One event priced and ready to store. Pure: pricing uses snapshots loaded once per batch.
 * Token columns on the event hold what the client reported; tokens the pricer estimated from per-image tables
 * (events that only gave an image count) go to estimatedImageOutputTokens, and rollups add them to image output.
 */

/** Stored in usage_events.warnings (JSON array) and returned by the API. */
export interface StoredWarning {
  code: string;
  message: string;
  bucket?: Bucket | null;
}

export interface PreparedEvent {
  event: NormalizedEvent;
  teamId: string;
  hash: string;
  priced: boolean;
  estimated: boolean;
  /** Sum of the priced buckets at storage scale; null when unpriced. */
  cost: Decimal | null;
  buckets: Record<CostBucket, Decimal | null>;
  estimatedImageOutputTokens: number;
  snapshotId: string | null;
  pricedModel: string | null;
  /** The model this event counts under (lib/pricing/model-identity.ts); event.model stays the name as called. */
  canonicalModel: string;
  unpricedReason: UnpricedReason | null;
  warnings: StoredWarning[];
}

/** Code for warnings that come from mapping an OpenAI `usage` object (not from pricing). */
export const OPENAI_USAGE_WARNING = "openai_usage_mapping";

export function prepareEvent(
  event: NormalizedEvent,
  teamId: string,
  hash: string,
  snapshots: readonly LoadedSnapshot[],
  extraWarnings: readonly StoredWarning[] = [],
): PreparedEvent {
  const p = priceWithSnapshots(snapshots, {
    occurredAt: event.timestamp,
    provider: event.provider,
    model: event.model,
    tokens: event.tokens,
    batch: event.batch,
    images: event.images,
    size: event.size,
    quality: event.quality,
  });
  const buckets = {} as Record<CostBucket, Decimal | null>;
  for (const b of COST_BUCKETS) buckets[b] = p.buckets[b] === null ? null : toStorage(p.buckets[b] as Decimal);
  return {
    event,
    teamId,
    hash,
    priced: p.priced,
    estimated: p.estimated,
    cost: p.cost === null ? null : toStorage(p.cost),
    buckets,
    estimatedImageOutputTokens: p.estimated ? Math.max(0, p.tokens.imageOutput - event.tokens.imageOutput) : 0,
    snapshotId: p.snapshotId,
    pricedModel: p.pricedModel,
    canonicalModel: canonicalModelId(event.model, p.pricedModel),
    unpricedReason: p.unpricedReason,
    warnings: [...extraWarnings, ...p.warnings.map((w) => ({ code: w.code, message: w.message, bucket: w.bucket }))],
  };
}
