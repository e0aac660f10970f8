import { Decimal, ZERO, dec, toStorage } from "@/lib/money/decimal";
import { lookupImageOutputTokens } from "@/lib/cost/image-tokens";
import { hasUnitPrices, unitPriceOf } from "@/lib/cost/image-prices";
import { assertTokenCount, DEFAULT_BATCH_MULTIPLIER, effectiveRate, storedTokenCost } from "@/lib/cost/rates";
import type {
  CostBucket,
  PricingRow,
  PricingWarning,
  SnapshotRef,
  TokenCounts,
  UnpricedReason,
} from "@/lib/cost/types";
import { BUCKETS, MAX_STORED_TOKENS } from "@/lib/cost/types";

export type { PricingWarning, UnpricedReason, SnapshotRef } from "@/lib/cost/types";

export interface PriceUsageInput {
  tokens: TokenCounts;
  batch: boolean;
  /** Generated image count; used only when the event reports no tokens at all. */
  images?: number;
  size?: string | null;
  quality?: string | null;
  model: string;
}

export interface PriceUsageContext {
  /** The snapshot that applies at the event time (see selectSnapshot), or null if none does. */
  snapshot: (SnapshotRef & { batchMultiplier: string }) | null;
  /** The snapshot row matched for the model (see matchRow), or null if the snapshot has none. */
  row: PricingRow | null;
  provider: string;
}

export interface PricedUsage {
  /** False when no cost could be computed at all (see unpricedReason). */
  priced: boolean;
  /** Sum of the non-null bucket costs; each bucket is already at storage scale, so this is exact. */
  cost: Decimal | null;
  /**
   * Per-bucket cost at storage scale; null = not priced (rate not listed, or whole event unpriced). "perImage"
   * holds per-image / per-megapixel prices (zero for token-priced events).
   */
  buckets: Record<CostBucket, Decimal | null>;
  /** The token counts the cost is based on, including estimated image output tokens. */
  tokens: TokenCounts;
  /** True when tokens were estimated from an image count rather than reported. */
  estimated: boolean;
  warnings: PricingWarning[];
  unpricedReason: UnpricedReason | null;
}

function nullBuckets(): Record<CostBucket, Decimal | null> {
  return { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: null, perImage: null };
}

/** Largest cost one stored event holds with room to spare (usage_events cost columns are numeric(30,12)). */
export const MAX_EVENT_COST = dec("1e15");

function unpriced(tokens: TokenCounts, reason: UnpricedReason): PricedUsage {
  return { priced: false, cost: null, buckets: nullBuckets(), tokens, estimated: false, warnings: [], unpricedReason: reason };
}

/**
 * Prices one usage event against one snapshot row.
 *
 * cost = Σ tokens(bucket) × rate(bucket) / 1M, each bucket rounded to 12 dp (half-even) and the total
 * being the exact sum of those rounded bucket costs, so breakdowns always add up to the total.
 *
 * Events that report an image count and no tokens:
 * - a row with unit prices (per-image table and/or per-megapixel price, see lib/cost/image-prices.ts) prices them
 *   EXACTLY: perImage = images × unit price (× batch multiplier), rounded once to 12 dp half-even; not estimated.
 *   If the unit prices do not cover the event's size/quality, the event is unpriced ("image_price_not_listed"),
 *   never priced from a neighbouring entry or from a token estimate;
 * - a row without unit prices estimates image output tokens from its output-token table (estimated = true).
 * Events with tokens are priced from their tokens only; perImage is then 0.
 * Throws RangeError on malformed token or image counts (validate input before calling).
 */
export function priceUsage(input: PriceUsageInput, ctx: PriceUsageContext): PricedUsage {
  for (const b of BUCKETS) assertTokenCount(input.tokens[b], `tokens.${b}`);
  const images = input.images ?? 0;
  assertTokenCount(images, "images");
  let tokens: TokenCounts = { ...input.tokens };

  const { snapshot, row } = ctx;
  if (!snapshot) {
    return unpriced(tokens, {
      code: "no_snapshot",
      message: `No published pricing snapshot for provider "${ctx.provider}" applies to this event (model "${input.model}")`,
    });
  }
  if (!row) {
    return unpriced(tokens, {
      code: "model_not_priced",
      message: `Model "${input.model}" (provider "${ctx.provider}") has no row in pricing snapshot "${snapshot.name}"`,
    });
  }

  const snapRef: SnapshotRef = { id: snapshot.id, name: snapshot.name };
  const warnings: PricingWarning[] = [];
  let estimated = false;

  const multiplier = snapshot.batchMultiplier || DEFAULT_BATCH_MULTIPLIER;
  // Some sources report only "n images at size × quality".
  const noTokens = BUCKETS.every((b) => tokens[b] === 0);
  if (noTokens && images > 0 && hasUnitPrices(row)) {
    const unit = unitPriceOf(row, input.size, input.quality);
    if (!unit.ok) {
      return unpriced(tokens, {
        code: "image_price_not_listed",
        message: `${images} image(s) of model "${input.model}" not priced: snapshot "${snapshot.name}" has ${unit.message}`,
      });
    }
    const perImage = toStorage(effectiveMultiple(unit.perImage.times(images), input.batch, multiplier));
    // A client-sent size (up to 99999x99999) times a large card price could exceed what a stored cost holds:
    // the event is then unpriced with a reason, never a failed insert.
    if (perImage.gte(MAX_EVENT_COST)) {
      return unpriced(tokens, {
        code: "cannot_estimate",
        message: `${images} image(s) of model "${input.model}" at ${unit.basis} cost $${perImage.toFixed()}, more than one event can hold`,
      });
    }
    const buckets = nullBuckets();
    for (const b of BUCKETS) buckets[b] = ZERO;
    buckets.perImage = perImage;
    return { priced: true, cost: perImage, buckets, tokens, estimated: false, warnings, unpricedReason: null };
  }
  if (noTokens && images > 0) {
    const lookup = lookupImageOutputTokens(row.imageOutputTokens, input.size, input.quality);
    if (!lookup.ok) {
      return unpriced(tokens, {
        code: "cannot_estimate",
        message: `Cannot estimate ${images} image(s) of model "${input.model}" from snapshot "${snapshot.name}": ${lookup.message}`,
      });
    }
    const imageOutput = images * lookup.tokens;
    // A legacy rate card (or a huge imported count) could estimate more tokens than a stored count holds:
    // the event is then unpriced with a reason, never a failed insert or an aborted reprice chunk.
    if (imageOutput > MAX_STORED_TOKENS) {
      return unpriced(tokens, {
        code: "cannot_estimate",
        message: `Cannot estimate ${images} image(s) × ${lookup.tokens} tokens: more than ${MAX_STORED_TOKENS} tokens in one event`,
      });
    }
    tokens = { ...tokens, imageOutput };
    estimated = true;
    const auto = lookup.autoAssumed ? ` (quality "auto" was priced as "${lookup.quality}")` : "";
    warnings.push({
      code: "estimated_from_image_count",
      bucket: "imageOutput",
      model: input.model,
      snapshot: snapRef,
      message: `Image output estimated as ${images} × ${lookup.tokens} tokens for ${lookup.size} at ${lookup.quality} quality${auto}`,
    });
  }

  const buckets = nullBuckets();
  buckets.perImage = ZERO;
  let cost = ZERO;
  for (const b of BUCKETS) {
    const n = tokens[b];
    const rate = row.rates[b];
    if (rate === null) {
      // Nothing billed in an unlisted bucket with no tokens; with tokens we cannot know the price.
      if (n === 0) {
        buckets[b] = ZERO;
      } else {
        warnings.push({
          code: "rate_not_listed",
          bucket: b,
          model: input.model,
          snapshot: snapRef,
          message: `${n} ${b} tokens of model "${input.model}" not priced: snapshot "${snapshot.name}" lists no ${b} rate`,
        });
      }
      continue;
    }
    const c = storedTokenCost(n, effectiveRate(rate, input.batch, multiplier));
    buckets[b] = c;
    cost = cost.plus(c);
  }

  return { priced: true, cost, buckets, tokens, estimated, warnings, unpricedReason: null };
}

/** An amount at the batch price: times the snapshot's multiplier for Batch API traffic (unit prices too). */
function effectiveMultiple(amount: Decimal, batch: boolean, multiplier: string): Decimal {
  return batch ? amount.times(dec(multiplier)) : amount;
}
