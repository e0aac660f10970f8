import { Decimal, dec, toStorage } from "@/lib/money/decimal";

/** Rates are quoted in USD per this many tokens. */
export const TOKENS_PER_RATE_UNIT = 1_000_000;

/** OpenAI's Batch API bills image rows at half the standard token rates. */
export const DEFAULT_BATCH_MULTIPLIER = "0.5";

/** The rate actually charged: the listed rate, times the batch multiplier for Batch API traffic. */
export function effectiveRate(rate: string, batch: boolean, batchMultiplier: string = DEFAULT_BATCH_MULTIPLIER): Decimal {
  const r = dec(rate);
  return batch ? r.times(dec(batchMultiplier)) : r;
}

/** Exact (unrounded) cost of `tokens` at `rate` USD per 1M tokens. */
export function exactTokenCost(tokens: number, rate: Decimal): Decimal {
  return dec(tokens).times(rate).div(TOKENS_PER_RATE_UNIT);
}

/** Cost of one bucket rounded to storage scale (12 dp, half-even); event totals are sums of these. */
export function storedTokenCost(tokens: number, rate: Decimal): Decimal {
  return toStorage(exactTokenCost(tokens, rate));
}

/** Token counts are non-negative safe integers; anything else is a caller bug, not a pricing outcome. */
export function assertTokenCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
}
