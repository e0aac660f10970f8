import { dec } from "@/lib/money/decimal";
import type { ImageOutputTokenTable, PricingRow, PricingSnapshotData, RateCard } from "@/lib/cost/types";
import { BUCKETS } from "@/lib/cost/types";

/**
 * Seed rate cards. Rates are USD per 1M tokens as canonical decimal strings (no trailing zeros, the
 * form snapshot-schema.ts normalizes to; null = "Not listed"), transcribed
 * from the OpenAI pricing page and image generation guide as of 2026-06-11. The older OpenAI snapshot
 * and the Flatkey snapshot are illustrative demo/test data, not published prices.
 */

const OPENAI_SOURCE =
  "https://openai.com/api/pricing/ (standard API rows, 2026-06-11) and " +
  "https://platform.openai.com/docs/guides/image-generation (output tokens per image)";

function rates(
  textInput: string | null,
  cachedTextInput: string | null,
  textOutput: string | null,
  imageInput: string | null,
  cachedImageInput: string | null,
  imageOutput: string | null,
): RateCard {
  return { textInput, cachedTextInput, textOutput, imageInput, cachedImageInput, imageOutput };
}

/** Output tokens per image for gpt-image-1 and gpt-image-1.5 (image generation guide). */
const GPT_IMAGE_1_TOKENS: ImageOutputTokenTable = {
  "1024x1024": { low: 272, medium: 1056, high: 4160 },
  "1024x1536": { low: 408, medium: 1584, high: 6240 },
  "1536x1024": { low: 400, medium: 1568, high: 6208 },
};

/** gpt-image-2 (guide): portrait and landscape share one column. */
const GPT_IMAGE_2_TOKENS: ImageOutputTokenTable = {
  "1024x1024": { low: 196, medium: 1756, high: 7024 },
  "1024x1536": { low: 158, medium: 1372, high: 5488 },
  "1536x1024": { low: 158, medium: 1372, high: 5488 },
};

/**
 * gpt-image-1-mini: the guide's square prices ($0.005 / $0.011 / $0.036) do not follow from the
 * gpt-image-1 table at $8/1M, so square tokens are chosen to reproduce them exactly at $8/1M
 * (625 / 1375 / 4500). Portrait/landscape scale those by gpt-image-1's size ratios, rounded to an
 * integer half-up (e.g. 625 × 408/272 = 937.5 -> 938).
 */
const GPT_IMAGE_1_MINI_TOKENS: ImageOutputTokenTable = {
  "1024x1024": { low: 625, medium: 1375, high: 4500 },
  "1024x1536": { low: 938, medium: 2063, high: 6750 },
  "1536x1024": { low: 919, medium: 2042, high: 6715 },
};

function row(model: string, card: RateCard, imageOutputTokens: ImageOutputTokenTable): PricingRow {
  return { model, aliases: [`openai/${model}`], rates: card, imageOutputTokens };
}

const GPT_IMAGE_2 = row("gpt-image-2", rates("5", "1.25", null, "8", "2", "30"), GPT_IMAGE_2_TOKENS);
const GPT_IMAGE_1_5 = row("gpt-image-1.5", rates("5", "1.25", "10", "8", "2", "32"), GPT_IMAGE_1_TOKENS);
const GPT_IMAGE_1_MINI = row("gpt-image-1-mini", rates("2", "0.2", null, "2.5", "0.25", "8"), GPT_IMAGE_1_MINI_TOKENS);
const GPT_IMAGE_1 = row("gpt-image-1", rates("5", "1.25", null, "10", "2.5", "40"), GPT_IMAGE_1_TOKENS);
// Vision analysis: image inputs are billed as ordinary input tokens, so image input = text input rates.
const GPT_4_1_MINI = row("gpt-4.1-mini", rates("0.4", "0.1", "1.6", "0.4", "0.1", null), {});

const OPENAI_NOTES = [
  "Direct OpenAI standard API rows as published on 2026-06-11; Batch API = standard rates x 0.5.",
  "gpt-image-1 is the legacy row kept for older traffic; gpt-4.1-mini covers vision analysis, where image input is billed at the text input rates.",
  "Output tokens per image come from the image generation guide (gpt-image-1/1.5 share a table; gpt-image-2 uses one column for portrait and landscape).",
  "gpt-image-1-mini output tokens are derived, not published: square 625/1375/4500 reproduce the guide's $0.005/$0.011/$0.036 at $8/1M; portrait/landscape scale these by gpt-image-1's size ratios, rounded half-up to integers.",
].join(" ");

export const OPENAI_2026_06_11: PricingSnapshotData = {
  name: "OpenAI standard rates 2026-06-11",
  provider: "openai",
  effectiveFrom: new Date("2026-06-11T00:00:00Z"),
  source: OPENAI_SOURCE,
  notes: OPENAI_NOTES,
  currency: "USD",
  batchMultiplier: "0.5",
  // Each snapshot owns its row objects (the older ones clone), so mutating one cannot change another.
  rows: [GPT_IMAGE_2, GPT_IMAGE_1_5, GPT_IMAGE_1_MINI, GPT_IMAGE_1, GPT_4_1_MINI],
};

/** Illustrative earlier rate card so demos and tests can show effective dating. */
export const OPENAI_2026_01_01: PricingSnapshotData = {
  name: "OpenAI standard rates 2026-01-01 (illustrative)",
  provider: "openai",
  effectiveFrom: new Date("2026-01-01T00:00:00Z"),
  source: OPENAI_SOURCE,
  notes:
    "Illustrative demo/test data, not a published OpenAI rate card: as 2026-06-11 but before gpt-image-2 existed " +
    "and with gpt-image-1.5 image output at $40/1M (the gpt-image-1 rate).",
  currency: "USD",
  batchMultiplier: "0.5",
  rows: [
    { ...structuredClone(GPT_IMAGE_1_5), rates: { ...GPT_IMAGE_1_5.rates, imageOutput: "40" } },
    structuredClone(GPT_IMAGE_1_MINI),
    structuredClone(GPT_IMAGE_1),
    structuredClone(GPT_4_1_MINI),
  ],
};

/** Flatkey markup over OpenAI in the demo data. */
const FLATKEY_MARKUP = "1.05";

function markedUp(card: RateCard): RateCard {
  const out = { ...card };
  for (const b of BUCKETS) {
    const r = card[b];
    out[b] = r === null ? null : dec(r).times(FLATKEY_MARKUP).toFixed();
  }
  return out;
}

/** Flatkey lists routed models under "openai/<id>"; the bare id is kept as an alias. */
export const FLATKEY_2026_06_11: PricingSnapshotData = {
  name: "Flatkey router rates 2026-06-11 (illustrative)",
  provider: "flatkey",
  effectiveFrom: new Date("2026-06-11T00:00:00Z"),
  source: "Flatkey pricing page (illustrative; verify against the live Flatkey pricing endpoint before relying on it)",
  notes:
    "Illustrative demo data, not Flatkey's published prices: the OpenAI 2026-06-11 rows re-keyed as openai/<id> " +
    "(bare id as alias) with every listed rate 5% higher; output-token tables are OpenAI's.",
  currency: "USD",
  batchMultiplier: "0.5",
  rows: OPENAI_2026_06_11.rows.map((r) => ({
    model: `openai/${r.model}`,
    aliases: [r.model],
    rates: markedUp(r.rates),
    imageOutputTokens: structuredClone(r.imageOutputTokens),
  })),
};

export const SEED_SNAPSHOTS: readonly PricingSnapshotData[] = [OPENAI_2026_01_01, OPENAI_2026_06_11, FLATKEY_2026_06_11];
