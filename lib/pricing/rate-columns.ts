import type { Bucket } from "@/lib/cost/types";
import { dec } from "@/lib/money/decimal";
import { canonicalDecimal } from "./formats/rate";

/** Database column (Prisma field) for each bucket's rate. */
export const RATE_COLUMNS = {
  textInput: "textInputRate",
  cachedTextInput: "cachedTextInputRate",
  textOutput: "textOutputRate",
  imageInput: "imageInputRate",
  cachedImageInput: "cachedImageInputRate",
  imageOutput: "imageOutputRate",
} as const satisfies Record<Bucket, string>;

/** Database column for each bucket's cost on usage events and rollups. */
export const COST_COLUMNS = {
  textInput: "textInputCost",
  cachedTextInput: "cachedTextInputCost",
  textOutput: "textOutputCost",
  imageInput: "imageInputCost",
  cachedImageInput: "cachedImageInputCost",
  imageOutput: "imageOutputCost",
} as const satisfies Record<Bucket, string>;

/** Database column for each bucket's token count on usage events and rollups. */
export const TOKEN_COLUMNS = {
  textInput: "textInputTokens",
  cachedTextInput: "cachedTextInputTokens",
  textOutput: "textOutputTokens",
  imageInput: "imageInputTokens",
  cachedImageInput: "cachedImageInputTokens",
  imageOutput: "imageOutputTokens",
} as const satisfies Record<Bucket, string>;

/** "5.000000000" (numeric(20,9) as stored) -> "5": the same canonical form the import formats produce. */
export function canonicalDecimalString(v: string): string {
  return canonicalDecimal(dec(v));
}
