import { Decimal, ZERO } from "@/lib/money/decimal";
import { lookupImageOutputTokens, normalizeSize } from "@/lib/cost/image-tokens";
import { hasUnitPrices, normalizeQualityKey, unitPriceOf } from "@/lib/cost/image-prices";
import { assertTokenCount, DEFAULT_BATCH_MULTIPLIER, effectiveRate, exactTokenCost } from "@/lib/cost/rates";
import type { Bucket, CostBucket, PricingRow, PricingWarning, Quality, SnapshotRef, TokenCounts } from "@/lib/cost/types";
import { BUCKETS, QUALITIES, emptyTokens } from "@/lib/cost/types";

/*
 * Rows with unit prices (per image by size and quality, or per megapixel; lib/cost/image-prices.ts) price the
 * generated images by those, exactly as the engine prices such events: perImage = unit price (× the batch
 * multiplier for Batch), total perImage = count × that. No output-token lookup and no "auto" → "medium"
 * assumption then. Token buckets such a row lists no rate for are part of its per-image price (no warning);
 * buckets it does list a rate for are priced from their tokens as usual. Token-priced rows are unchanged.
 */

/**
 * Default image input tokens per reference image when the caller has not measured them: a 1024×1024
 * image at high detail under OpenAI's tile rule (85 base + 170 per 512px tile, 4 tiles) = 765 tokens.
 * Real counts depend on model, size, detail and input fidelity; pass inputImageTokens when you know it.
 */
export const DEFAULT_INPUT_IMAGE_TOKENS = 765;

export interface EstimateInput {
  row: PricingRow;
  /** Snapshot batch multiplier (decimal string); defaults to "0.5". */
  batchMultiplier?: string;
  /** Model id for messages; defaults to row.model. */
  model?: string;
  /** Generation quality ("low" | "medium" | "high" | "auto"); null for analysis/text-only work. */
  quality: string | null;
  /** Output size, e.g. "1024x1024"; null for analysis/text-only work. */
  size: string | null;
  /** Number of requests, each generating one image (or one analysis when size/quality are null). */
  count: number;
  /** Uncached text input tokens per request. Buckets are disjoint: cached tokens are NOT included here. */
  promptTokens: number;
  /** Cached text input tokens per request (in addition to promptTokens). Default 0. */
  cachedPromptTokens?: number;
  /** Reference/mask/analysed images sent per request. */
  inputImages: number;
  /** Image input tokens per input image. Default DEFAULT_INPUT_IMAGE_TOKENS. */
  inputImageTokens?: number;
  /** Text output tokens per request (captions, structured output, analysis answers). Default 0. */
  textOutputTokens?: number;
  batch: boolean;
  /** Where the row came from, for warnings. */
  snapshot?: SnapshotRef | null;
}

export interface CostEstimate {
  model: string;
  count: number;
  batch: boolean;
  /** Normalized size / effective quality used for the output lookup (quality "auto" becomes "medium"). */
  size: string | null;
  quality: Quality | null;
  tokensPerImage: TokenCounts;
  tokens: TokenCounts;
  /** Exact per-request cost by bucket ("perImage": unit prices); null where the bucket cannot be priced. */
  perImageBuckets: Record<CostBucket, Decimal | null>;
  /** Exact totals by bucket for all `count` requests. */
  buckets: Record<CostBucket, Decimal | null>;
  /** How the images were unit-priced ("$0.04 per image (1024x1024 / standard)"); null for token pricing. */
  unitPriceBasis: string | null;
  /** Sum of the priced buckets for one request / for all requests (exact, not rounded). */
  perImage: Decimal;
  total: Decimal;
  /** False when some cost could not be included (see warnings); totals are then a lower bound. */
  complete: boolean;
  warnings: PricingWarning[];
}

/** The guide's budget worksheet: cost of `count` requests with the given prompt, inputs and output. */
export function estimateCost(input: EstimateInput): CostEstimate {
  const { row, batch, count } = input;
  const model = input.model ?? row.model;
  const snapshot = input.snapshot ?? null;
  const multiplier = input.batchMultiplier ?? DEFAULT_BATCH_MULTIPLIER;
  const inputImageTokens = input.inputImageTokens ?? DEFAULT_INPUT_IMAGE_TOKENS;
  assertTokenCount(count, "count");
  assertTokenCount(input.inputImages, "inputImages");
  assertTokenCount(inputImageTokens, "inputImageTokens");

  const warnings: PricingWarning[] = [];
  const warn = (code: PricingWarning["code"], bucket: Bucket | null, message: string) =>
    warnings.push({ code, bucket, model, snapshot, message });
  let complete = true;

  const per = emptyTokens();
  per.textInput = input.promptTokens;
  per.cachedTextInput = input.cachedPromptTokens ?? 0;
  per.textOutput = input.textOutputTokens ?? 0;
  per.imageInput = input.inputImages * inputImageTokens;

  let size: string | null = null;
  let quality: Quality | null = null;
  const unitPriced = (input.size !== null || input.quality !== null) && hasUnitPrices(row);
  let unitPerImage: Decimal | null = null;
  let unitPriceBasis: string | null = null;
  if (unitPriced) {
    const unit = unitPriceOf(row, input.size, input.quality);
    size = input.size ? normalizeSize(input.size) : null;
    const q = input.quality ? normalizeQualityKey(input.quality) : null;
    quality = (QUALITIES as readonly string[]).includes(q ?? "") ? (q as Quality) : null;
    if (unit.ok) {
      unitPerImage = effectiveRate(unit.perImage.toFixed(), batch, multiplier);
      unitPriceBasis = unit.basis;
    } else {
      complete = false;
      warn("image_output_not_in_table", null, `Images of "${model}" not included: ${unit.message}`);
    }
  } else if (input.size === null && input.quality === null) {
    // Analysis or text-only work: no generated image, but say so if this row is an image generator.
    if (row.rates.imageOutput !== null && count > 0) {
      complete = false;
      warn("image_output_not_estimated", "imageOutput", `No size/quality given for "${model}", so image output cost is not included`);
    }
  } else {
    const lookup = lookupImageOutputTokens(row.imageOutputTokens, input.size, input.quality);
    if (lookup.ok) {
      per.imageOutput = lookup.tokens;
      size = lookup.size;
      quality = lookup.quality;
      if (lookup.autoAssumed) {
        warn("quality_auto_assumed_medium", "imageOutput", `Quality "auto" budgeted as "${lookup.quality}" for "${model}"`);
      }
    } else {
      complete = false;
      size = lookup.size;
      warn("image_output_not_in_table", "imageOutput", `Image output for "${model}" not included: ${lookup.message}`);
    }
  }

  const tokens = emptyTokens();
  for (const b of BUCKETS) {
    assertTokenCount(per[b], `${b} tokens per image`);
    tokens[b] = per[b] * count;
    assertTokenCount(tokens[b], `${b} tokens in total`);
  }

  const perImageBuckets = {} as Record<CostBucket, Decimal | null>;
  const buckets = {} as Record<CostBucket, Decimal | null>;
  let perImage = ZERO;
  let total = ZERO;
  for (const b of BUCKETS) {
    const rate = row.rates[b];
    if (rate === null) {
      if (per[b] > 0 && !unitPriced) {
        complete = false;
        warn("rate_not_listed", b, `"${model}" lists no ${b} rate, so ${per[b]} ${b} tokens per request are not priced`);
        perImageBuckets[b] = null;
        buckets[b] = null;
      } else {
        perImageBuckets[b] = ZERO;
        buckets[b] = ZERO;
      }
      continue;
    }
    const r = effectiveRate(rate, batch, multiplier);
    perImageBuckets[b] = exactTokenCost(per[b], r);
    buckets[b] = exactTokenCost(tokens[b], r);
    perImage = perImage.plus(perImageBuckets[b]);
    total = total.plus(buckets[b]);
  }

  perImageBuckets.perImage = unitPriced ? unitPerImage : ZERO;
  buckets.perImage = unitPriced ? (unitPerImage === null ? null : unitPerImage.times(count)) : ZERO;
  if (unitPerImage !== null) {
    perImage = perImage.plus(unitPerImage);
    total = total.plus(unitPerImage.times(count));
  }

  return { model, count, batch, size, quality, tokensPerImage: per, tokens, perImageBuckets, buckets, unitPriceBasis, perImage, total, complete, warnings };
}

/**
 * Image output cost of one generated image (exact), or null when the size/quality is not in the row's
 * table or the row lists no image output rate. Quality "auto" is priced as "medium".
 */
export function outputCostPerImage(
  row: PricingRow,
  size: string,
  quality: string,
  batchMultiplier: string = DEFAULT_BATCH_MULTIPLIER,
  batch = false,
): Decimal | null {
  const rate = row.rates.imageOutput;
  if (rate === null) return null;
  const lookup = lookupImageOutputTokens(row.imageOutputTokens, size, quality);
  if (!lookup.ok) return null;
  return exactTokenCost(lookup.tokens, effectiveRate(rate, batch, batchMultiplier));
}

/**
 * Cost of one generated image on `row` (exact): the row's unit price (per image, else per megapixel; × the batch
 * multiplier for Batch) when it has unit prices, as the engine prices image-count events there; otherwise the image
 * output tokens at the output rate (outputCostPerImage). Null when the row does not price that size/quality.
 */
export function imageCostOnRow(
  row: PricingRow,
  size: string,
  quality: string,
  batchMultiplier: string = DEFAULT_BATCH_MULTIPLIER,
  batch = false,
): Decimal | null {
  if (!hasUnitPrices(row)) return outputCostPerImage(row, size, quality, batchMultiplier, batch);
  const unit = unitPriceOf(row, size, quality);
  return unit.ok ? effectiveRate(unit.perImage.toFixed(), batch, batchMultiplier) : null;
}
