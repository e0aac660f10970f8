import { describe, expect, it } from "vitest";
import type { Bucket, PricingRow, PricingSnapshotData, RateCard } from "@/lib/cost/types";
import { diffSnapshots } from "@/lib/pricing/diff";
import { rates, sampleSnapshot } from "@/lib/pricing/formats/fixtures/sample-snapshot";

function row(model: string, card: RateCard, extra: Partial<PricingRow> = {}): PricingRow {
  return { model, aliases: [], rates: card, imageOutputTokens: {}, ...extra };
}
const ONLY = (bucket: Bucket, value: string | null): RateCard => ({ ...rates(null, null, null, null, null, null), [bucket]: value });

describe("diffSnapshots", () => {
  it("finds nothing between a snapshot and its copy", () => {
    const d = diffSnapshots(sampleSnapshot(), sampleSnapshot());
    expect(d).toEqual({ added: [], removed: [], changed: [], unchanged: 4, batchMultiplier: null });
  });

  it("lists added and removed rows, matching ids case-insensitively", () => {
    const a = sampleSnapshot({ rows: [row("gpt-image-1", ONLY("imageOutput", "40")), row("gpt-image-2", ONLY("imageOutput", "30"))] });
    const b = sampleSnapshot({ rows: [row("GPT-Image-2", ONLY("imageOutput", "30")), row("gpt-image-1.5", ONLY("imageOutput", "32"))] });
    const d = diffSnapshots(a, b);
    expect(d.added.map((r) => r.model)).toEqual(["gpt-image-1.5"]);
    expect(d.removed.map((r) => r.model)).toEqual(["gpt-image-1"]);
    expect(d.changed).toEqual([{ model: "GPT-Image-2", previousModel: "gpt-image-2", rates: [], aliases: null, imageOutputTokens: [] }]);
    expect(d.unchanged).toBe(0);
  });

  it.each<[string, string | null, string | null, string | null, string | null]>([
    ["price cut", "32", "30", "-2", "-6.25"],
    ["price rise", "8", "10", "2", "25.00"],
    ["fractional", "1.25", "1.5", "0.25", "20.00"],
    ["repeating percentage", "3", "4", "1", "33.33"],
    ["rounds half away from zero", "16", "16.0008", "0.0008", "0.01"],
    ["negative half rounds away from zero", "16", "15.9992", "-0.0008", "-0.01"],
    ["newly listed", null, "10", null, null],
    ["no longer listed", "10", null, null, null],
    ["from zero has no percentage", "0", "1", "1", null],
    ["to zero", "2", "0", "-2", "-100.00"],
  ])("rate change: %s", (_label, from, to, deltaUsd, deltaPct) => {
    const a = sampleSnapshot({ rows: [row("m", ONLY("textOutput", from))] });
    const b = sampleSnapshot({ rows: [row("m", ONLY("textOutput", to))] });
    expect(diffSnapshots(a, b).changed).toEqual([{ model: "m", rates: [{ bucket: "textOutput", from, to, deltaUsd, deltaPct }], aliases: null, imageOutputTokens: [] }]);
  });

  it("compares rates by value, not by spelling", () => {
    const a = sampleSnapshot({ rows: [row("m", rates("2", "0.20", null, "2.50", "0.25", "8"))] });
    const b = sampleSnapshot({ rows: [row("m", rates("2.000", "0.2", null, "2.5", "0.250", "8.0"))] });
    expect(diffSnapshots(a, b)).toMatchObject({ changed: [], unchanged: 1 });
  });

  it("lists only the buckets that changed, in bucket order", () => {
    const a = sampleSnapshot({ rows: [row("m", rates("5", "1.25", null, "8", "2", "32"))] });
    const b = sampleSnapshot({ rows: [row("m", rates("5", "1.25", "10", "8", "2.5", "30"))] });
    expect(diffSnapshots(a, b).changed[0].rates.map((r) => r.bucket)).toEqual(["textOutput", "cachedImageInput", "imageOutput"]);
  });

  it("reports alias changes case-insensitively", () => {
    const a = sampleSnapshot({ rows: [row("m", ONLY("textInput", "1"), { aliases: ["openai/m", "m-2025", "old"] })] });
    const b = sampleSnapshot({ rows: [row("m", ONLY("textInput", "1"), { aliases: ["OpenAI/M", "m-2025", "new"] })] });
    expect(diffSnapshots(a, b).changed).toEqual([{ model: "m", rates: [], aliases: { added: ["new"], removed: ["old"] }, imageOutputTokens: [] }]);
  });

  it("reports image output token changes per size and quality", () => {
    const a = sampleSnapshot({ rows: [row("m", ONLY("imageOutput", "30"), { imageOutputTokens: { "1024x1024": { low: 196, medium: 1756, high: 7024 }, "1536x1024": { low: 158 } } })] });
    const b = sampleSnapshot({ rows: [row("m", ONLY("imageOutput", "30"), { imageOutputTokens: { "1024x1024": { low: 196, medium: 1800, high: 7024 }, auto: { medium: 1000 } } })] });
    expect(diffSnapshots(a, b).changed[0].imageOutputTokens).toEqual([
      { size: "1024x1024", quality: "medium", from: 1756, to: 1800 },
      { size: "1536x1024", quality: "low", from: 158, to: null },
      { size: "auto", quality: "medium", from: null, to: 1000 },
    ]);
  });

  it.each<[string, string, { from: string; to: string } | null]>([
    ["0.5", "0.50", null],
    ["0.5", "0.6", { from: "0.5", to: "0.6" }],
  ])("batch multiplier %s -> %s", (from, to, expected) => {
    expect(diffSnapshots(sampleSnapshot({ batchMultiplier: from }), sampleSnapshot({ batchMultiplier: to })).batchMultiplier).toEqual(expected);
  });

  it("counts unchanged rows next to changed ones", () => {
    const b = sampleSnapshot();
    b.rows[1] = { ...b.rows[1], rates: { ...b.rows[1].rates, imageOutput: "30" } };
    const d = diffSnapshots(sampleSnapshot(), b);
    expect(d.unchanged).toBe(3);
    expect(d.changed.map((c) => [c.model, c.rates])).toEqual([["gpt-image-1.5", [{ bucket: "imageOutput", from: "32", to: "30", deltaUsd: "-2", deltaPct: "-6.25" }]]]);
  });
});

describe("diffSnapshots: per-image and per-megapixel prices", () => {
  const NO_RATES = { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: null };
  const snap = (row: Partial<PricingRow>): PricingSnapshotData => ({
    name: "s", provider: "v", effectiveFrom: new Date("2026-01-01T00:00:00Z"), source: "", notes: "", currency: "USD", batchMultiplier: "0.5",
    rows: [{ model: "m", aliases: [], rates: NO_RATES, imageOutputTokens: {}, ...row }],
  });
  it.each<[string, Partial<PricingRow>, Partial<PricingRow>, unknown]>([
    ["equal by value", { imagePrices: { "*": { "*": "0.050" } } }, { imagePrices: { "*": { "*": "0.05" } } }, null],
    ["a changed, an added and a removed entry", { imagePrices: { "1024x1024": { hd: "0.08", standard: "0.04" } } }, { imagePrices: { "1024x1024": { hd: "0.09" }, "*": { "*": "0.1" } } }, {
      imagePrices: [
        { size: "1024x1024", quality: "hd", from: "0.08", to: "0.09" },
        { size: "*", quality: "*", from: null, to: "0.1" },
        { size: "1024x1024", quality: "standard", from: "0.04", to: null },
      ],
    }],
    ["megapixel price added", {}, { megapixelPrice: "0.03" }, { megapixelPrice: { from: null, to: "0.03" } }],
  ])("%s", (_label, a, b, expected) => {
    const d = diffSnapshots(snap(a), snap(b));
    if (expected === null) {
      expect(d.changed).toEqual([]);
      expect(d.unchanged).toBe(1);
    } else expect(d.changed[0]).toMatchObject({ model: "m", rates: [], ...(expected as object) });
  });
});
