import { describe, expect, it } from "vitest";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { comparisonTable, computeEstimate, estimateInputSchema, estimateTable, saveEstimateSchema } from "./estimates";
import { testFigures } from "./test-figures";

// Like the demo's per-image vendor (lib/demo/seed-units.ts).
const PF_ROWS = [
  {
    model: "pf-render-2",
    aliases: [],
    rates: { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: null },
    imageOutputTokens: {},
    imagePrices: { "1024x1024": { standard: "0.03", hd: "0.06" }, "1536x1024": { standard: "0.045", hd: "0.09" } },
    megapixelPrice: "0.035",
  },
];
const snapshots: LoadedSnapshot[] = [
  { id: "s1", name: "openai", provider: "openai", version: 2, status: "published", effectiveFrom: OPENAI_2026_06_11.effectiveFrom, publishedAt: null, batchMultiplier: "0.5", rows: OPENAI_2026_06_11.rows },
  { id: "s2", name: "pixelforge", provider: "pixelforge", version: 1, status: "published", effectiveFrom: new Date("2026-01-01T00:00:00Z"), publishedAt: null, batchMultiplier: "0.5", rows: PF_ROWS },
];
const now = new Date("2026-11-25T00:00:00Z");

describe("estimateInputSchema", () => {
  it("accepts form strings and applies defaults", () => {
    const r = estimateInputSchema.parse({ model: "gpt-image-2", count: "1000", batch: "on", quality: "high", size: "1024x1024" });
    expect(r).toMatchObject({ provider: "openai", count: 1000, batch: true, quality: "high", promptTokens: 0, inputImages: 0 });
    expect(estimateInputSchema.parse({ model: "gpt-4.1-mini", quality: "", size: "" })).toMatchObject({ quality: null, size: null });
  });
  it.each([
    [{ model: "" }, "model"],
    [{ model: "x", count: "0" }, "count"],
    [{ model: "x", count: "1.5" }, "count"],
    // Free quality keys are for per-image price tables (computeEstimate checks the row); nonsense is refused here.
    [{ model: "x", quality: "ultra high!" }, "quality"],
    [{ model: "x", promptTokens: "-1" }, "promptTokens"],
  ])("rejects %j at %s", (input, path) => {
    const r = estimateInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
  it("save needs a name and a feature", () => {
    const r = saveEstimateSchema.safeParse({ name: "", feature: "", inputs: { model: "gpt-image-2" } });
    expect(r.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["feature", "name"]);
  });
});

describe("computeEstimate", () => {
  it("prices the guide's example: 1,000 gpt-image-2 medium squares ≈ $53 of image output", () => {
    const r = computeEstimate(estimateInputSchema.parse({ model: "gpt-image-2", quality: "medium", size: "1024x1024", count: 1000 }), snapshots, now);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.estimate.buckets.imageOutput?.toFixed()).toBe("52.68");
    const t = estimateTable("estimate", r.estimate);
    expect(t.total).toMatchObject({ perImage: "0.052680000", total: "52.680000000" });
    expect(t.rows.find((x) => x.key === "imageOutput")?.cells.tokensPerImage).toBe(1756);
  });
  it("adds prompt and input image tokens, and halves for Batch", () => {
    const input = estimateInputSchema.parse({ model: "gpt-image-2", quality: "low", size: "1024x1024", count: 10, promptTokens: 200, inputImages: 2, batch: true });
    const r = computeEstimate(input, snapshots, now);
    if (!r.ok) throw new Error(r.message);
    // per request: (200×5 + 1530×8 + 196×30) / 1e6 / 2 = (0.001 + 0.01224 + 0.00588) / 2 = 0.00956
    expect(r.estimate.perImage.toFixed()).toBe("0.00956");
    expect(r.estimate.total.toFixed()).toBe("0.0956");
  });
  it.each([
    [{ provider: "nobody", model: "gpt-image-2" }, "provider"],
    [{ model: "dall-e-9" }, "model"],
  ])("names what is missing for %j", (input, field) => {
    const r = computeEstimate(estimateInputSchema.parse(input), snapshots, now);
    expect(r).toMatchObject({ ok: false, field });
  });
});

describe("comparisonTable", () => {
  it("compares per request, per image, at the actual volume and in total", () => {
    const t = comparisonTable("cmp", { perImageCost: "0.05318", totalCost: "53.18", count: 1000 }, testFigures({ cost: "12.5", events: 200, images: 250 }));
    const cells = Object.fromEntries(t.rows.map((r) => [r.key, r.cells]));
    expect(cells.perRequest).toMatchObject({ expected: "0.053180000", actual: "0.062500000", difference: "0.009320000" });
    expect(cells.perImage).toMatchObject({ actual: "0.050000000" });
    expect(cells.atVolume).toMatchObject({ expected: "10.636000000", actual: "12.500000000", change: "17.5254" });
    expect(cells.total).toMatchObject({ expected: "53.180000000", actual: "12.500000000" });
  });
});

describe("computeEstimate with per-image prices (the demo's PixelForge row)", () => {
  it.each([
    // 1,000 × $0.06 (1024x1024 hd); the 100 prompt tokens are part of the per-image price.
    [{ quality: "hd", size: "1024x1024", count: "1000", promptTokens: "100" }, "0.06", "60", "Per image: $0.06 per image (1024x1024 / hd)"],
    // 40 × $0.045 (1536x1024 standard) at Batch × 0.5 = 40 × 0.0225
    [{ quality: "standard", size: "1536x1024", count: "40", batch: "on" }, "0.0225", "0.9", "Per image: $0.045 per image (1536x1024 / standard)"],
    // Not in the table: 2048x2048 by the megapixel, 4.194304 × $0.035 = $0.14680064
    [{ quality: "standard", size: "2048x2048", count: "5" }, "0.14680064", "0.7340032", "Per image: 4.194304 MP × $0.035 per megapixel"],
  ])("%j costs %s per request, %s in total", (over, perImage, total, label) => {
    const r = computeEstimate(estimateInputSchema.parse({ provider: "pixelforge", model: "pf-render-2", ...over }), snapshots, now);
    if (!r.ok) throw new Error(r.message);
    expect(r.estimate.perImage.toFixed()).toBe(perImage);
    expect(r.estimate.total.toFixed()).toBe(total);
    const t = estimateTable("estimate", r.estimate);
    expect(t.rows.find((x) => x.key === "perImage")?.cells).toMatchObject({ bucket: "Per image", total: r.estimate.total.toFixed(9) });
    expect(`Per image: ${r.estimate.unitPriceBasis}`).toBe(label);
    expect(t.rows.find((x) => x.key === "imageOutput")?.cells.total).toBe("0.000000000");
  });
  it("a token-priced row has no per-image line and refuses a per-image quality", () => {
    const r = computeEstimate(estimateInputSchema.parse({ model: "gpt-image-2" }), snapshots, now);
    if (!r.ok) throw new Error(r.message);
    expect(estimateTable("estimate", r.estimate).rows.map((x) => x.key)).not.toContain("perImage");
    expect(computeEstimate(estimateInputSchema.parse({ model: "gpt-image-2", quality: "hd" }), snapshots, now)).toMatchObject({ ok: false, field: "quality" });
  });
});
