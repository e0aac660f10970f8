import { describe, expect, it } from "vitest";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { mixTable, rateSourceAt, whatIfModel, whatIfQuality, type MixInput } from "./mix";
import { testFigures } from "./test-figures";

const snapshots: LoadedSnapshot[] = [
  {
    id: "s1",
    name: "openai",
    provider: "openai",
    version: 1,
    status: "published",
    effectiveFrom: OPENAI_2026_06_11.effectiveFrom,
    publishedAt: null,
    batchMultiplier: "0.5",
    rows: OPENAI_2026_06_11.rows,
  },
];
const rates = rateSourceAt(snapshots, new Date("2026-11-25T00:00:00Z"));

// 1000 gpt-image-2 medium squares: image output 1756 tokens × $30/1M = $0.05268 each.
const medium: MixInput = {
  model: "gpt-image-2",
  provider: "openai",
  quality: "medium",
  size: "1024x1024",
  batch: false,
  figures: testFigures({ cost: "52.78", events: 1000, images: 1000, buckets: { textInput: "0.1", imageOutput: "52.68" }, tokens: { textInput: 20000, imageOutput: 1756000 } }),
};
const highBatch: MixInput = {
  ...medium,
  quality: "high",
  batch: true,
  figures: testFigures({ cost: "10.536", events: 100, images: 100, buckets: { imageOutput: "10.536" }, tokens: { imageOutput: 702400 } }),
};
const vision: MixInput = {
  model: "gpt-4.1-mini",
  provider: "openai",
  quality: "",
  size: "",
  batch: false,
  figures: testFigures({ cost: "0.4", events: 500, images: 0, buckets: { imageInput: "0.4" }, tokens: { imageInput: 1_000_000 } }),
};
const unknown: MixInput = { ...medium, model: "mystery", figures: testFigures({ cost: "0", events: 5, images: 5, unpricedEvents: 5 }) };

describe("mixTable", () => {
  it("shows each model's images per size, split by quality", () => {
    const portrait: MixInput = { ...medium, size: "1024x1536", quality: "low", figures: testFigures({ cost: "1", events: 10, images: 10, buckets: { imageOutput: "0.9" } }) };
    const t = mixTable("mix", [medium, highBatch, vision, portrait]);
    expect(t.rows.map((r) => [r.cells.model, r.cells.size, r.cells.low, r.cells.medium, r.cells.high, r.cells.images, r.cells.highShare])).toEqual([
      ["gpt-image-2", "1024x1024", 0, 1000, 100, 1100, "9.0909"],
      ["gpt-image-2", "1024x1536", 10, 0, 0, 10, "0.0000"],
    ]);
    expect(t.rows[0].cells.outputPerImage).toBe("0.057469090909"); // (52.68 + 10.536) / 1100
    expect(t.total).toMatchObject({ images: 1110, low: 10, medium: 1000, high: 100, imageOutputCost: "64.116000000" });
  });
});

describe("whatIfQuality", () => {
  it("reprices image output at the target quality, keeping batch pricing", () => {
    // low square on gpt-image-2: 196 tokens × $30/1M = $0.00588; batch halves it.
    const t = whatIfQuality("wq", [medium, highBatch, vision, unknown], rates, "low");
    const row = t.rows.find((r) => r.key === "gpt-image-2");
    expect(row?.cells).toMatchObject({
      compared: 1100,
      actual: "63.216000000",
      whatIf: "6.174000000", // 1000 × 0.00588 + 100 × 0.00294
      difference: "-57.042000000",
    });
    expect(t.rows.find((r) => r.key === "mystery")?.cells).toMatchObject({ compared: 0, notCompared: 5 });
    expect(t.rows.find((r) => r.key === "gpt-4.1-mini")).toBeUndefined();
  });
  it("reproduces the guide: 1,000 medium squares ≈ $53 of output, high ≈ $211", () => {
    const t = whatIfQuality("wq", [medium], rates, "high");
    expect(t.rows[0].cells.actual).toBe("52.680000000");
    expect(t.rows[0].cells.whatIf).toBe("210.720000000");
  });
});

describe("whatIfModel", () => {
  it("reprices tokens and images on another model's row", () => {
    // gpt-image-1-mini: text input $2/1M, medium square 1375 tokens × $8/1M = $0.011.
    const t = whatIfModel("wm", [medium], rates, "gpt-image-1-mini");
    expect(t.rows[0].cells).toMatchObject({ compared: 1000, actual: "52.780000000", whatIf: "11.040000000" }); // 20000×2/1e6 + 1000×0.011
  });
  it("leaves out work the target cannot price (a text-output-less image row for vision answers, unpriced events)", () => {
    const withText: MixInput = { ...vision, figures: testFigures({ cost: "0.5", events: 10, tokens: { imageInput: 1000, textOutput: 500 } }) };
    const t = whatIfModel("wm", [withText, unknown], rates, "gpt-image-2");
    expect(t.rows.map((r) => [r.key, r.cells.compared, r.cells.notCompared])).toEqual([
      ["gpt-4.1-mini", 0, 10],
      ["mystery", 0, 5],
    ]);
  });
});

describe("per-image-priced models (a PixelForge-like vendor) in the mix and the what-ifs", () => {
  const NO_RATES = { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: null };
  const unitRow = (model: string, imagePrices: Record<string, Record<string, string>>, megapixelPrice: string) => ({ model, aliases: [], rates: NO_RATES, imageOutputTokens: {}, imagePrices, megapixelPrice });
  const pf: LoadedSnapshot = {
    id: "s2",
    name: "pixelforge",
    provider: "pixelforge",
    version: 1,
    status: "published",
    effectiveFrom: new Date("2026-01-01T00:00:00Z"),
    publishedAt: null,
    batchMultiplier: "0.5",
    rows: [
      unitRow("pf-render-2", { "1024x1024": { standard: "0.03", hd: "0.06" } }, "0.035"),
      unitRow("pf-render-2-lite", { "1024x1024": { standard: "0.02", hd: "0.04" } }, "0.02"),
    ],
  };
  const both = rateSourceAt([...snapshots, pf], new Date("2026-11-25T00:00:00Z"));
  // 100 × $0.03, priced exactly into the "perImage" bucket (no tokens).
  const pfStd: MixInput = { model: "pf-render-2", provider: "pixelforge", quality: "standard", size: "1024x1024", batch: false, figures: testFigures({ cost: "3", events: 100, images: 100, buckets: { perImage: "3" } }) };
  // 10 × 2048x2048 by the megapixel: 4.194304 MP × $0.035 = $0.14680064 each.
  const pfBig: MixInput = { ...pfStd, quality: "hd", size: "2048x2048", figures: testFigures({ cost: "1.4680064", events: 10, images: 10, buckets: { perImage: "1.4680064" } }) };

  it("the mix counts their per-image cost as the images' cost", () => {
    const t = mixTable("mix", [medium, pfStd, pfBig]);
    expect(t.rows.map((r) => [r.cells.model, r.cells.size, r.cells.other, r.cells.images, r.cells.imageOutputCost, r.cells.outputPerImage])).toEqual([
      ["gpt-image-2", "1024x1024", 0, 1000, "52.680000000", "0.052680000"],
      ["pf-render-2", "1024x1024", 100, 100, "3.000000000", "0.030000000"],
      ["pf-render-2", "2048x2048", 10, 10, "1.468006400", "0.146800640"],
    ]);
    expect(t.total).toMatchObject({ images: 1110, imageOutputCost: "57.148006400", spend: "57.248006400" });
  });

  it.each([
    // The table has no "high": both sizes fall to the megapixel price (as the engine would price them):
    // 100 × 1.048576 MP × $0.035 = 3.670016, plus 10 × $0.14680064 = 1.4680064.
    ["high", "4.468006400", "5.138022400"],
    // No "low" either; the same megapixel prices.
    ["low", "4.468006400", "5.138022400"],
  ] as const)("what if every image were %s: actual %s, what-if %s (the per-image table, then per megapixel)", (target, actual, whatIf) => {
    const t = whatIfQuality("wq", [medium, pfStd, pfBig], both, target);
    expect(t.rows.find((r) => r.key === "pf-render-2")?.cells).toMatchObject({ compared: 110, actual, whatIf, notCompared: 0 });
  });

  it("what if it all ran on another per-image model: its table, then its megapixel price", () => {
    // 100 × $0.02 + 10 × 4.194304 × $0.02 (hd 2048x2048 not listed) = 2 + 0.8388608
    const t = whatIfModel("wm", [pfStd, pfBig], both, "pf-render-2-lite");
    expect(t.rows[0].cells).toMatchObject({ model: "pf-render-2", compared: 110, actual: "4.468006400", whatIf: "2.838860800", difference: "-1.629145600" });
  });

  it("token-priced what-ifs are unchanged next to them", () => {
    const t = whatIfQuality("wq", [medium, pfStd], both, "high");
    expect(t.rows.find((r) => r.key === "gpt-image-2")?.cells).toMatchObject({ actual: "52.680000000", whatIf: "210.720000000" });
  });
});
