import { describe, expect, it } from "vitest";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { comparisonTable, computeEstimate, estimateInputSchema, estimateTable, saveEstimateSchema } from "./estimates";
import { testFigures } from "./test-figures";

const snapshots: LoadedSnapshot[] = [
  { id: "s1", name: "openai", provider: "openai", version: 2, status: "published", effectiveFrom: OPENAI_2026_06_11.effectiveFrom, publishedAt: null, batchMultiplier: "0.5", rows: OPENAI_2026_06_11.rows },
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
    [{ model: "x", quality: "ultra" }, "quality"],
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
