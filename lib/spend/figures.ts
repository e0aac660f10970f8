/**
 * The measures every spend view shows for a slice of usage, with exact money (decimal strings) and the
 * derived ratios (cost per image, per accepted output, retries per accepted output, share, change).
 * Pure: built from aggregate rows, summed with Decimal, never with JS numbers.
 */
import { Decimal, ZERO, dec, toAmountString, toStorage } from "@/lib/money/decimal";
import { BUCKETS, COST_BUCKETS, emptyTokens, type CostBucket, type TokenCounts } from "@/lib/cost/types";

export interface Figures {
  /** Exact decimal strings (USD). */
  cost: string;
  /** The six token buckets plus "perImage" (per-image / per-megapixel prices); they add up to cost. */
  buckets: Record<CostBucket, string>;
  events: number;
  images: number;
  inputImages: number;
  acceptedOutputs: number;
  retries: number;
  unpricedEvents: number;
  warningEvents: number;
  estimatedEvents: number;
  tokens: TokenCounts;
}

/** Aggregate measure names (see queries.ts) -> Figures. */
export interface MeasureInput {
  counts: {
    events: number;
    images: number;
    inputImages: number;
    acceptedOutputs: number;
    retries: number;
    unpricedEvents: number;
    warningEvents: number;
    estimatedEvents: number;
    textInputTokens: number;
    cachedTextInputTokens: number;
    textOutputTokens: number;
    imageInputTokens: number;
    cachedImageInputTokens: number;
    imageOutputTokens: number;
  };
  money: {
    cost: string;
    textInputCost: string;
    cachedTextInputCost: string;
    textOutputCost: string;
    imageInputCost: string;
    cachedImageInputCost: string;
    imageOutputCost: string;
    /** Missing in older callers' fixtures = 0. */
    perImageCost?: string;
  };
}

const norm = (s: string) => toAmountString(dec(s)) as string;

export function figuresFrom(m: MeasureInput): Figures {
  const c = m.counts;
  return {
    cost: norm(m.money.cost),
    buckets: {
      textInput: norm(m.money.textInputCost),
      cachedTextInput: norm(m.money.cachedTextInputCost),
      textOutput: norm(m.money.textOutputCost),
      imageInput: norm(m.money.imageInputCost),
      cachedImageInput: norm(m.money.cachedImageInputCost),
      imageOutput: norm(m.money.imageOutputCost),
      perImage: norm(m.money.perImageCost ?? "0"),
    },
    events: c.events,
    images: c.images,
    inputImages: c.inputImages,
    acceptedOutputs: c.acceptedOutputs,
    retries: c.retries,
    unpricedEvents: c.unpricedEvents,
    warningEvents: c.warningEvents,
    estimatedEvents: c.estimatedEvents,
    tokens: {
      textInput: c.textInputTokens,
      cachedTextInput: c.cachedTextInputTokens,
      textOutput: c.textOutputTokens,
      imageInput: c.imageInputTokens,
      cachedImageInput: c.cachedImageInputTokens,
      imageOutput: c.imageOutputTokens,
    },
  };
}

export function zeroFigures(): Figures {
  const z = toAmountString(ZERO) as string;
  return {
    cost: z,
    buckets: { textInput: z, cachedTextInput: z, textOutput: z, imageInput: z, cachedImageInput: z, imageOutput: z, perImage: z },
    events: 0,
    images: 0,
    inputImages: 0,
    acceptedOutputs: 0,
    retries: 0,
    unpricedEvents: 0,
    warningEvents: 0,
    estimatedEvents: 0,
    tokens: emptyTokens(),
  };
}

const COUNT_KEYS = ["events", "images", "inputImages", "acceptedOutputs", "retries", "unpricedEvents", "warningEvents", "estimatedEvents"] as const;

/** Exact sum of several figures. */
export function addFigures(list: readonly Figures[]): Figures {
  const out = zeroFigures();
  let cost = ZERO;
  const buckets = Object.fromEntries(COST_BUCKETS.map((b) => [b, ZERO])) as Record<CostBucket, Decimal>;
  for (const f of list) {
    cost = cost.plus(dec(f.cost));
    for (const b of COST_BUCKETS) buckets[b] = buckets[b].plus(dec(f.buckets[b]));
    for (const b of BUCKETS) out.tokens[b] += f.tokens[b];
    for (const k of COUNT_KEYS) out[k] += f[k];
  }
  out.cost = toAmountString(cost) as string;
  for (const b of COST_BUCKETS) out.buckets[b] = toAmountString(buckets[b]) as string;
  return out;
}

/** Derived ratios are rounded once to the storage scale (12 dp); amounts themselves are never rounded. */
function ratio(num: Decimal, den: number): string | null {
  if (den <= 0) return null;
  return toAmountString(toStorage(num.div(den)));
}

export const costPerImage = (f: Figures): string | null => ratio(dec(f.cost), f.images);
export const costPerAcceptedOutput = (f: Figures): string | null => ratio(dec(f.cost), f.acceptedOutputs);
export const costPerRequest = (f: Figures): string | null => ratio(dec(f.cost), f.events);

/** Retries per accepted output as a plain decimal (6 dp), null when nothing was accepted. */
export function retriesPerAccepted(f: Figures): string | null {
  if (f.acceptedOutputs <= 0) return null;
  return dec(f.retries).div(f.acceptedOutputs).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed(6);
}

/** part / whole in percent (4 dp), null when whole is zero. */
export function sharePercent(part: string, whole: string): string | null {
  const w = dec(whole);
  if (w.isZero()) return null;
  return dec(part).times(100).div(w).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4);
}

/** Change from previous to current in percent (4 dp); null when there was nothing before. */
export function changePercent(current: string, previous: string): string | null {
  const p = dec(previous);
  if (p.isZero()) return null;
  return dec(current).minus(p).times(100).div(p).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4);
}

/** Display-only conversion for charts (recharts needs numbers); never used for arithmetic on money. */
export function chartNumber(amount: string): number {
  return dec(amount).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toNumber();
}
