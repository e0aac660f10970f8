import { describe, expect, it } from "vitest";
import { DEFAULT_INPUT_IMAGE_TOKENS, estimateCost, outputCostPerImage, type EstimateInput } from "@/lib/cost/estimate";
import { BUCKETS, type PricingRow } from "@/lib/cost/types";
import { sum, ZERO } from "@/lib/money/decimal";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";

const rowOf = (model: string): PricingRow => {
  const row = OPENAI_2026_06_11.rows.find((r) => r.model === model);
  if (!row) throw new Error(`seed row ${model} missing`);
  return row;
};
const base = (over: Partial<EstimateInput> = {}): EstimateInput => ({
  row: rowOf("gpt-image-2"),
  quality: "medium",
  size: "1024x1024",
  count: 1000,
  promptTokens: 100,
  inputImages: 0,
  batch: false,
  ...over,
});

describe("estimateCost", () => {
  it("1,000 gpt-image-2 medium square outputs with a 100-token prompt", () => {
    const e = estimateCost(base());
    expect(e.buckets.imageOutput!.toFixed()).toBe("52.68");
    expect(e.buckets.textInput!.toFixed()).toBe("0.5"); // 100k tokens at $5/1M
    expect(e.total.toFixed()).toBe("53.18");
    expect(e.perImage.toFixed()).toBe("0.05318");
    expect(e.total.eq(e.perImage.times(1000))).toBe(true);
    expect(e.tokensPerImage).toMatchObject({ textInput: 100, imageOutput: 1756, imageInput: 0 });
    expect(e.tokens).toMatchObject({ textInput: 100_000, imageOutput: 1_756_000 });
    expect(e.complete).toBe(true);
    expect(e.warnings).toEqual([]);
  });

  it("edit with references, cached prompt and batch", () => {
    const e = estimateCost(
      base({ row: rowOf("gpt-image-1.5"), quality: "high", count: 10, cachedPromptTokens: 400, inputImages: 2, inputImageTokens: 1000, textOutputTokens: 50, batch: true }),
    );
    // per image: 100*5 + 400*1.25 + 50*10 + 2000*8 + 4160*32 = 500+500+500+16000+133120 = 150620 /1e6, x0.5
    expect(e.perImage.toFixed()).toBe("0.07531");
    expect(e.total.toFixed()).toBe("0.7531");
    expect(sum(BUCKETS.map((b) => e.buckets[b] ?? ZERO)).eq(e.total)).toBe(true);
    expect(e.tokensPerImage.imageInput).toBe(2000);
  });

  it("defaults input image tokens per reference", () => {
    const e = estimateCost(base({ inputImages: 3, count: 1 }));
    expect(e.tokensPerImage.imageInput).toBe(3 * DEFAULT_INPUT_IMAGE_TOKENS);
  });

  it("custom batch multiplier", () => {
    const e = estimateCost(base({ batch: true, batchMultiplier: "0.25", promptTokens: 0 }));
    expect(e.total.toFixed()).toBe("13.17");
  });

  const warningCases: Array<{ name: string; over: Partial<EstimateInput>; code: string; complete: boolean; total: string }> = [
    { name: "size not in table", over: { size: "4096x4096" }, code: "image_output_not_in_table", complete: false, total: "0.5" },
    { name: "quality not in table", over: { quality: "ultra" }, code: "image_output_not_in_table", complete: false, total: "0.5" },
    { name: "auto quality is budgeted as medium", over: { quality: "auto" }, code: "quality_auto_assumed_medium", complete: true, total: "53.18" },
    { name: "text output has no rate on gpt-image-2", over: { textOutputTokens: 10 }, code: "rate_not_listed", complete: false, total: "53.18" },
    { name: "generator row without size/quality", over: { size: null, quality: null }, code: "image_output_not_estimated", complete: false, total: "0.5" },
  ];
  it.each(warningCases)("warns: $name", ({ over, code, complete, total }) => {
    const e = estimateCost(base(over));
    expect(e.warnings.map((w) => w.code)).toEqual([code]);
    expect(e.complete).toBe(complete);
    expect(e.total.toFixed()).toBe(total);
  });

  it("vision analysis on gpt-4.1-mini: image input at text input rates, no warnings", () => {
    const e = estimateCost({ row: rowOf("gpt-4.1-mini"), quality: null, size: null, count: 100, promptTokens: 200, inputImages: 1, inputImageTokens: 800, textOutputTokens: 300, batch: false });
    // per request: 200*0.40 + 800*0.40 + 300*1.60 = 80 + 320 + 480 = 880 /1e6
    expect(e.perImage.toFixed()).toBe("0.00088");
    expect(e.total.toFixed()).toBe("0.088");
    expect(e.warnings).toEqual([]);
    expect(e.buckets.imageOutput!.toFixed()).toBe("0");
  });

  it("warnings carry the snapshot when given", () => {
    const e = estimateCost(base({ size: "1x1", snapshot: { id: "s1", name: "OpenAI" } }));
    expect(e.warnings[0]).toMatchObject({ model: "gpt-image-2", snapshot: { id: "s1", name: "OpenAI" }, bucket: "imageOutput" });
  });

  it("rejects negative counts", () => {
    expect(() => estimateCost(base({ count: -1 }))).toThrow(RangeError);
    expect(() => estimateCost(base({ promptTokens: 1.5 }))).toThrow(RangeError);
  });
});

describe("outputCostPerImage", () => {
  const cases: Array<[string, string, string, boolean, string | null]> = [
    ["gpt-image-2", "1024x1024", "high", false, "0.21072"],
    ["gpt-image-2", "1536x1024", "medium", false, "0.04116"],
    ["gpt-image-2", "1024x1024", "high", true, "0.10536"],
    ["gpt-image-2", "1024x1024", "auto", false, "0.05268"],
    ["gpt-image-2", "2048x2048", "high", false, null],
    ["gpt-4.1-mini", "1024x1024", "high", false, null],
  ];
  it.each(cases)("%s %s %s batch=%s -> %s", (model, size, quality, batch, expected) => {
    const c = outputCostPerImage(rowOf(model), size, quality, "0.5", batch);
    expect(c === null ? null : c.toFixed()).toBe(expected);
  });
});

describe("estimateCost: rows with per-image / per-megapixel prices price the images by those", () => {
  const NO_RATES = { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: null };
  const VENDOR: PricingRow = {
    model: "pf-render-2",
    aliases: [],
    rates: NO_RATES,
    imageOutputTokens: {},
    imagePrices: { "1024x1024": { standard: "0.03", hd: "0.06" }, "1536x1024": { standard: "0.045", hd: "0.09" } },
    megapixelPrice: "0.035",
  };
  // Unit prices next to token rates: images by unit price, the prompt from its listed rate.
  const MIXED: PricingRow = { ...VENDOR, rates: { ...NO_RATES, textInput: "5" } };
  const cases: Array<{ name: string; row: PricingRow; size: string; quality: string; count: number; promptTokens?: number; batch?: boolean; perImage: string; total: string; basis: string | null; complete: boolean }> = [
    { name: "1,000 × 1024x1024 standard", row: VENDOR, size: "1024x1024", quality: "standard", count: 1000, perImage: "0.03", total: "30", basis: "$0.03 per image (1024x1024 / standard)", complete: true },
    { name: "250 × 1536x1024 hd, batch × 0.5", row: VENDOR, size: "1536x1024", quality: "hd", count: 250, batch: true, perImage: "0.045", total: "11.25", basis: "$0.09 per image (1536x1024 / hd)", complete: true },
    // 2048x2048 is not in the table: 4.194304 MP × $0.035 = $0.14680064 each.
    { name: "10 × 2048x2048 by the megapixel", row: VENDOR, size: "2048x2048", quality: "standard", count: 10, perImage: "0.14680064", total: "1.4680064", basis: "4.194304 MP × $0.035 per megapixel", complete: true },
    // The prompt is part of the per-image price when the row lists no text rate: no warning, nothing added.
    { name: "prompt tokens on a row without a text rate", row: VENDOR, size: "1024x1024", quality: "hd", count: 100, promptTokens: 500, perImage: "0.06", total: "6", basis: "$0.06 per image (1024x1024 / hd)", complete: true },
    // 100 × (0.06 + 500 × $5/1M = 0.0025) = 6.25
    { name: "prompt tokens on a row with a text rate", row: MIXED, size: "1024x1024", quality: "hd", count: 100, promptTokens: 500, perImage: "0.0625", total: "6.25", basis: "$0.06 per image (1024x1024 / hd)", complete: true },
    // "auto" is not assumed to be anything: not listed, and "auto" has no megapixel count.
    { name: "size auto, quality standard: not priced", row: VENDOR, size: "auto", quality: "standard", count: 10, perImage: "0", total: "0", basis: null, complete: false },
  ];
  it.each(cases)("$name", (c) => {
    const e = estimateCost({ row: c.row, size: c.size, quality: c.quality, count: c.count, promptTokens: c.promptTokens ?? 0, inputImages: 0, batch: c.batch ?? false });
    expect(e.perImage.toFixed()).toBe(c.perImage);
    expect(e.total.toFixed()).toBe(c.total);
    expect(e.unitPriceBasis).toBe(c.basis);
    expect(e.complete).toBe(c.complete);
    expect(e.buckets.imageOutput?.toFixed()).toBe("0");
    expect(e.tokensPerImage.imageOutput).toBe(0);
    if (c.complete) {
      expect(e.warnings).toEqual([]);
      expect(sum([...BUCKETS.map((b) => e.buckets[b] ?? ZERO), e.buckets.perImage ?? ZERO]).eq(e.total)).toBe(true);
    } else {
      expect(e.warnings.map((w) => w.code)).toEqual(["image_output_not_in_table"]);
      expect(e.buckets.perImage).toBeNull();
    }
  });

  it("token-priced rows are unchanged and carry an empty per-image bucket", () => {
    const e = estimateCost(base());
    expect(e.total.toFixed()).toBe("53.18");
    expect(e.buckets.perImage?.toFixed()).toBe("0");
    expect(e.unitPriceBasis).toBeNull();
  });
});
