/** The six disjoint token buckets. A token is counted in exactly one of them. */
export const BUCKETS = [
  "textInput",
  "cachedTextInput",
  "textOutput",
  "imageInput",
  "cachedImageInput",
  "imageOutput",
] as const;
export type Bucket = (typeof BUCKETS)[number];

export const BUCKET_LABELS: Record<Bucket, string> = {
  textInput: "Text input",
  cachedTextInput: "Cached text input",
  textOutput: "Text output",
  imageInput: "Image input",
  cachedImageInput: "Cached image input",
  imageOutput: "Image output",
};

/** Token counts per bucket (non-negative integers). */
export type TokenCounts = Record<Bucket, number>;

/** USD per 1M tokens as decimal strings; null = the rate card does not list this bucket. */
export type RateCard = Record<Bucket, string | null>;

export const QUALITIES = ["low", "medium", "high"] as const;
export type Quality = (typeof QUALITIES)[number];

/** Output tokens per generated image: size ("1024x1024") -> quality -> tokens. */
export type ImageOutputTokenTable = Record<string, Partial<Record<Quality, number>>>;

export interface PricingRow {
  model: string;
  aliases: string[];
  rates: RateCard;
  imageOutputTokens: ImageOutputTokenTable;
  /** USD per generated image by size and quality (see ImagePriceTable); {} or missing = none. */
  imagePrices?: ImagePriceTable;
  /** USD per output megapixel (decimal string); null or missing = none. */
  megapixelPrice?: string | null;
}

export interface PricingSnapshotData {
  name: string;
  provider: string;
  effectiveFrom: Date;
  source: string;
  notes: string;
  currency: "USD";
  /** Decimal string; Batch API rates are the row's rates times this. */
  batchMultiplier: string;
  rows: PricingRow[];
}

export function emptyTokens(): TokenCounts {
  return { textInput: 0, cachedTextInput: 0, textOutput: 0, imageInput: 0, cachedImageInput: 0, imageOutput: 0 };
}

// ---------------------------------------------------------------------------------------------
// Pricing results (added by the cost engine). Amounts are Decimal; see lib/cost/engine.ts.
// ---------------------------------------------------------------------------------------------

/** Identifies the snapshot a price came from, so warnings can say which rate card was used. */
export interface SnapshotRef {
  id: string;
  name: string;
}

export type PricingWarningCode =
  /** A bucket had tokens but the row lists no rate for it; that bucket is left unpriced. */
  | "rate_not_listed"
  /** The event reported only an image count; output tokens were estimated from the row's table. */
  | "estimated_from_image_count"
  /** Estimator: size/quality is not in the row's output-token table, so image output is unknown. */
  | "image_output_not_in_table"
  /** Estimator: no size/quality given for a row that bills image output. */
  | "image_output_not_estimated"
  /** Estimator: quality "auto" was budgeted as "medium". */
  | "quality_auto_assumed_medium";

export interface PricingWarning {
  code: PricingWarningCode;
  /** The bucket concerned, when the warning is about one bucket. */
  bucket: Bucket | null;
  model: string;
  /** Null only in the estimator when the caller did not say which snapshot the row came from. */
  snapshot: SnapshotRef | null;
  message: string;
}

/** Largest token count one stored event holds (usage_events token columns are 32-bit integers). */
export const MAX_STORED_TOKENS = 2_147_483_647;

export type UnpricedReasonCode = "no_snapshot" | "model_not_priced" | "cannot_estimate" | "image_price_not_listed";

export interface UnpricedReason {
  code: UnpricedReasonCode;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Pricing units beyond tokens: per-image and per-megapixel prices (see lib/cost/image-prices.ts).
// ---------------------------------------------------------------------------------------------

/** Any size / any quality in an ImagePriceTable. */
export const ANY = "*";

/**
 * USD per generated image (decimal strings): size key ("1024x1024", "auto" or "*") -> quality key ("low",
 * "standard", "hd", ... or "*") -> price. "*" matches any value, including a missing one.
 */
export type ImagePriceTable = Record<string, Record<string, string>>;

/** The cost buckets: the six token buckets plus "perImage" (per-image and per-megapixel prices). */
export const COST_BUCKETS = [...BUCKETS, "perImage"] as const;
export type CostBucket = (typeof COST_BUCKETS)[number];

export const COST_BUCKET_LABELS: Record<CostBucket, string> = { ...BUCKET_LABELS, perImage: "Per image" };
