/** Test helper: Figures from a few fields (unit tests only). */
import { emptyTokens, type TokenCounts } from "@/lib/cost/types";
import { toAmountString } from "@/lib/money/decimal";
import { zeroFigures, type Figures } from "./figures";

export function testFigures(over: Partial<Omit<Figures, "buckets" | "tokens">> & { buckets?: Partial<Figures["buckets"]>; tokens?: Partial<TokenCounts> } = {}): Figures {
  const base = zeroFigures();
  const { buckets, tokens, ...rest } = over;
  const f: Figures = { ...base, ...rest, buckets: { ...base.buckets, ...buckets }, tokens: { ...emptyTokens(), ...tokens } };
  if (over.cost === undefined && buckets?.imageOutput) f.cost = buckets.imageOutput;
  // Same normal form as figuresFrom: at least 9 decimals.
  f.cost = toAmountString(f.cost) as string;
  for (const b of Object.keys(f.buckets) as Array<keyof Figures["buckets"]>) f.buckets[b] = toAmountString(f.buckets[b]) as string;
  return f;
}
