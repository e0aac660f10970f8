import { BUCKETS, type Bucket, type UnpricedReason } from "@/lib/cost/types";
import { priceWithSnapshots, type LoadedSnapshot } from "@/lib/pricing/published";
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
  buckets: Record<Bucket, Decimal | null>;
  estimatedImageOutputTokens: number;
  snapshotId: string | null;
  pricedModel: string | null;
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
  const buckets = {} as Record<Bucket, Decimal | null>;
  for (const b of BUCKETS) buckets[b] = p.buckets[b] === null ? null : toStorage(p.buckets[b] as Decimal);
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
    unpricedReason: p.unpricedReason,
    warnings: [...extraWarnings, ...p.warnings.map((w) => ({ code: w.code, message: w.message, bucket: w.bucket }))],
  };
}

/** Column arrays for one bulk INSERT ... SELECT FROM unnest(...): one array per column, one element per event. */
export interface EventColumns {
  id: string[];
  occurredAt: string[];
  teamId: string[];
  feature: string[];
  workflow: string[];
  stage: string[];
  traceId: Array<string | null>;
  model: string[];
  provider: string[];
  textInputTokens: number[];
  cachedTextInputTokens: number[];
  textOutputTokens: number[];
  imageInputTokens: number[];
  cachedImageInputTokens: number[];
  imageOutputTokens: number[];
  tokenSource: string[];
  images: Array<number | null>;
  size: string[];
  quality: string[];
  inputImages: Array<number | null>;
  batch: boolean[];
  attempt: number[];
  outcome: string[];
  metadata: Array<string | null>;
  contentHash: string[];
  priced: boolean[];
  estimated: boolean[];
  cost: Array<string | null>;
  textInputCost: Array<string | null>;
  cachedTextInputCost: Array<string | null>;
  textOutputCost: Array<string | null>;
  imageInputCost: Array<string | null>;
  cachedImageInputCost: Array<string | null>;
  imageOutputCost: Array<string | null>;
  estimatedImageOutputTokens: number[];
  snapshotId: Array<string | null>;
  pricedModel: Array<string | null>;
  unpricedReason: Array<string | null>;
  warnings: string[];
}

const decStr = (d: Decimal | null) => (d === null ? null : d.toFixed());

export function toEventColumns(events: readonly PreparedEvent[]): EventColumns {
  const c: EventColumns = {
    id: [], occurredAt: [], teamId: [], feature: [], workflow: [], stage: [], traceId: [], model: [], provider: [],
    textInputTokens: [], cachedTextInputTokens: [], textOutputTokens: [], imageInputTokens: [], cachedImageInputTokens: [],
    imageOutputTokens: [], tokenSource: [], images: [], size: [], quality: [], inputImages: [], batch: [], attempt: [],
    outcome: [], metadata: [], contentHash: [], priced: [], estimated: [], cost: [], textInputCost: [],
    cachedTextInputCost: [], textOutputCost: [], imageInputCost: [], cachedImageInputCost: [], imageOutputCost: [],
    estimatedImageOutputTokens: [], snapshotId: [], pricedModel: [], unpricedReason: [], warnings: [],
  };
  for (const p of events) {
    const e = p.event;
    c.id.push(e.id);
    c.occurredAt.push(e.timestamp.toISOString());
    c.teamId.push(p.teamId);
    c.feature.push(e.feature);
    c.workflow.push(e.workflow);
    c.stage.push(e.stage ?? "");
    c.traceId.push(e.traceId);
    c.model.push(e.model);
    c.provider.push(e.provider);
    c.textInputTokens.push(e.tokens.textInput);
    c.cachedTextInputTokens.push(e.tokens.cachedTextInput);
    c.textOutputTokens.push(e.tokens.textOutput);
    c.imageInputTokens.push(e.tokens.imageInput);
    c.cachedImageInputTokens.push(e.tokens.cachedImageInput);
    c.imageOutputTokens.push(e.tokens.imageOutput);
    c.tokenSource.push(e.tokenSource);
    c.images.push(e.images);
    c.size.push(e.size ?? "");
    c.quality.push(e.quality ?? "");
    c.inputImages.push(e.inputImages);
    c.batch.push(e.batch);
    c.attempt.push(e.attempt);
    c.outcome.push(e.outcome);
    c.metadata.push(e.metadata === null ? null : JSON.stringify(e.metadata));
    c.contentHash.push(p.hash);
    c.priced.push(p.priced);
    c.estimated.push(p.estimated);
    c.cost.push(decStr(p.cost));
    c.textInputCost.push(decStr(p.buckets.textInput));
    c.cachedTextInputCost.push(decStr(p.buckets.cachedTextInput));
    c.textOutputCost.push(decStr(p.buckets.textOutput));
    c.imageInputCost.push(decStr(p.buckets.imageInput));
    c.cachedImageInputCost.push(decStr(p.buckets.cachedImageInput));
    c.imageOutputCost.push(decStr(p.buckets.imageOutput));
    c.estimatedImageOutputTokens.push(p.estimatedImageOutputTokens);
    c.snapshotId.push(p.snapshotId);
    c.pricedModel.push(p.pricedModel);
    c.unpricedReason.push(p.unpricedReason ? p.unpricedReason.message : null);
    c.warnings.push(JSON.stringify(p.warnings));
  }
  return c;
}
