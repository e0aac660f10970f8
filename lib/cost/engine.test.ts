import { describe, expect, it } from "vitest";
import { priceUsage, type PriceUsageContext } from "@/lib/cost/engine";
import { BUCKETS, emptyTokens, type Bucket, type PricingRow, type TokenCounts } from "@/lib/cost/types";
import { Decimal, dec, sum, ZERO } from "@/lib/money/decimal";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { megapixels } from "@/lib/cost/image-prices";

const SNAP = { id: "snap_1", name: "OpenAI standard rates 2026-06-11", batchMultiplier: "0.5" };

// Rates chosen so each bucket is distinguishable: 1M tokens of bucket b costs exactly the rate.
const ROW: PricingRow = {
  model: "test-model",
  aliases: [],
  rates: { textInput: "5", cachedTextInput: "1.25", textOutput: "10", imageInput: "8", cachedImageInput: "2", imageOutput: "30" },
  imageOutputTokens: { "1024x1024": { low: 196, medium: 1756, high: 7024 }, "1024x1536": { low: 158, medium: 1372, high: 5488 } },
};
const ctx = (over: Partial<PriceUsageContext> = {}): PriceUsageContext => ({ snapshot: SNAP, row: ROW, provider: "openai", ...over });
const tokens = (t: Partial<TokenCounts>): TokenCounts => ({ ...emptyTokens(), ...t });
const str = (d: Decimal | null) => (d === null ? null : d.toFixed());

describe("priceUsage: each bucket alone", () => {
  const cases: Array<[Bucket, number, string]> = [
    ["textInput", 1000, "0.005"],
    ["cachedTextInput", 1000, "0.00125"],
    ["textOutput", 1000, "0.01"],
    ["imageInput", 1000, "0.008"],
    ["cachedImageInput", 1000, "0.002"],
    ["imageOutput", 1756, "0.05268"],
  ];
  it.each(cases)("%s: %i tokens -> $%s", (bucket, n, expected) => {
    const r = priceUsage({ tokens: tokens({ [bucket]: n }), batch: false, model: "test-model" }, ctx());
    expect(r.priced).toBe(true);
    expect(str(r.cost)).toBe(expected);
    for (const b of BUCKETS) expect(str(r.buckets[b])).toBe(b === bucket ? expected : "0");
    expect(r.warnings).toEqual([]);
    expect(r.estimated).toBe(false);
    expect(r.unpricedReason).toBeNull();
  });
});

describe("priceUsage: all buckets together", () => {
  const all = tokens({ textInput: 200, cachedTextInput: 800, textOutput: 50, imageInput: 765, cachedImageInput: 100, imageOutput: 7024 });
  // 200*5 + 800*1.25 + 50*10 + 765*8 + 100*2 + 7024*30 = 1000+1000+500+6120+200+210720 = 219540 -> /1e6
  it("sums every bucket and the breakdown adds up to the total", () => {
    const r = priceUsage({ tokens: all, batch: false, model: "test-model" }, ctx());
    expect(str(r.cost)).toBe("0.21954");
    expect(sum(BUCKETS.map((b) => r.buckets[b] ?? ZERO)).eq(r.cost!)).toBe(true);
    expect(r.tokens).toEqual(all);
  });

  const batchCases: Array<[string, string, string]> = [
    ["default multiplier 0.5 halves every bucket", "0.5", "0.10977"],
    ["custom multiplier 0.4", "0.4", "0.087816"],
    ["multiplier 1 leaves rates alone", "1", "0.21954"],
  ];
  it.each(batchCases)("batch: %s", (_label, multiplier, expected) => {
    const r = priceUsage({ tokens: all, batch: true, model: "test-model" }, ctx({ snapshot: { ...SNAP, batchMultiplier: multiplier } }));
    expect(str(r.cost)).toBe(expected);
    const standard = priceUsage({ tokens: all, batch: false, model: "test-model" }, ctx());
    for (const b of BUCKETS) expect(r.buckets[b]!.eq(standard.buckets[b]!.times(multiplier))).toBe(true);
  });

  it("batch multiplier is ignored for non-batch events", () => {
    const r = priceUsage({ tokens: all, batch: false, model: "test-model" }, ctx({ snapshot: { ...SNAP, batchMultiplier: "0.1" } }));
    expect(str(r.cost)).toBe("0.21954");
  });
});

describe("priceUsage: rate not listed", () => {
  const row: PricingRow = { ...ROW, rates: { ...ROW.rates, textOutput: null } };
  it("prices the listed buckets and warns about the unlisted one with tokens", () => {
    const r = priceUsage({ tokens: tokens({ textInput: 1000, textOutput: 500, imageOutput: 196 }), batch: false, model: "gpt-image-2" }, ctx({ row }));
    expect(r.priced).toBe(true);
    expect(r.buckets.textOutput).toBeNull();
    expect(str(r.buckets.textInput)).toBe("0.005");
    expect(str(r.cost)).toBe("0.01088"); // 0.005 + 196*30/1e6
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code: "rate_not_listed", bucket: "textOutput", model: "gpt-image-2", snapshot: { id: "snap_1", name: SNAP.name } });
    expect(r.warnings[0].message).toContain(SNAP.name);
    expect(r.tokens.textOutput).toBe(500);
  });
  it("an unlisted bucket with zero tokens costs zero and raises no warning", () => {
    const r = priceUsage({ tokens: tokens({ textInput: 1000 }), batch: false, model: "gpt-image-2" }, ctx({ row }));
    expect(r.warnings).toEqual([]);
    expect(str(r.buckets.textOutput)).toBe("0");
    expect(str(r.cost)).toBe("0.005");
  });
});

describe("priceUsage: unpriced", () => {
  it("no row for the model", () => {
    const r = priceUsage({ tokens: tokens({ textInput: 10 }), batch: false, model: "dall-e-3" }, ctx({ row: null }));
    expect(r.priced).toBe(false);
    expect(r.cost).toBeNull();
    expect(r.unpricedReason?.code).toBe("model_not_priced");
    for (const part of ["dall-e-3", "openai", SNAP.name]) expect(r.unpricedReason?.message).toContain(part);
    for (const b of BUCKETS) expect(r.buckets[b]).toBeNull();
    expect(r.tokens.textInput).toBe(10);
  });
  it("no snapshot applies", () => {
    const r = priceUsage({ tokens: tokens({ textInput: 10 }), batch: false, model: "gpt-image-2" }, ctx({ snapshot: null }));
    expect(r).toMatchObject({ priced: false, cost: null, unpricedReason: { code: "no_snapshot" } });
    expect(r.unpricedReason?.message).toContain("openai");
  });
});

describe("priceUsage: image-count-only events", () => {
  const cases: Array<{ name: string; images: number; size: string | null; quality: string | null; outTokens: number | null; cost: string | null; auto?: boolean }> = [
    { name: "square medium", images: 1000, size: "1024x1024", quality: "medium", outTokens: 1_756_000, cost: "52.68" },
    { name: "square high", images: 1000, size: "1024x1024", quality: "high", outTokens: 7_024_000, cost: "210.72" },
    { name: "portrait low, size spelled loosely", images: 2, size: " 1024 × 1536 ", quality: "LOW", outTokens: 316, cost: "0.00948" },
    { name: "auto quality uses medium", images: 1, size: "1024x1024", quality: "auto", outTokens: 1756, cost: "0.05268", auto: true },
    { name: "unknown size", images: 1, size: "2048x2048", quality: "high", outTokens: null, cost: null },
    { name: "unknown quality", images: 1, size: "1024x1024", quality: "ultra", outTokens: null, cost: null },
    { name: "missing size", images: 1, size: null, quality: "high", outTokens: null, cost: null },
    { name: "missing quality", images: 1, size: "1024x1024", quality: null, outTokens: null, cost: null },
    // 2^31-1 tokens is the most one stored event holds: past it the event is unpriced, never a failed insert.
    { name: "just fits a stored count", images: 305_735, size: "1024x1024", quality: "high", outTokens: 2_147_482_640, cost: "64424.4792" },
    { name: "one image more than a stored count holds", images: 305_736, size: "1024x1024", quality: "high", outTokens: null, cost: null },
  ];
  it.each(cases)("$name", ({ images, size, quality, outTokens, cost, auto }) => {
    const r = priceUsage({ tokens: emptyTokens(), batch: false, images, size, quality, model: "gpt-image-2" }, ctx());
    if (cost === null) {
      expect(r.priced).toBe(false);
      expect(r.unpricedReason?.code).toBe("cannot_estimate");
      expect(r.estimated).toBe(false);
      return;
    }
    expect(r.priced).toBe(true);
    expect(r.estimated).toBe(true);
    expect(r.tokens.imageOutput).toBe(outTokens);
    expect(str(r.cost)).toBe(cost);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0].code).toBe("estimated_from_image_count");
    expect(r.warnings[0].message.includes('"auto"')).toBe(Boolean(auto));
  });

  it("reported tokens win over the image count", () => {
    const r = priceUsage({ tokens: tokens({ imageOutput: 100 }), batch: false, images: 5, size: "1024x1024", quality: "high", model: "m" }, ctx());
    expect(r.estimated).toBe(false);
    expect(r.tokens.imageOutput).toBe(100);
    expect(str(r.cost)).toBe("0.003");
  });

  it("estimated events get the batch discount too", () => {
    const r = priceUsage({ tokens: emptyTokens(), batch: true, images: 1000, size: "1024x1024", quality: "medium", model: "m" }, ctx());
    expect(str(r.cost)).toBe("26.34");
  });

  it("a row without an output-token table cannot estimate", () => {
    const vision = OPENAI_2026_06_11.rows.find((r) => r.model === "gpt-4.1-mini")!;
    const r = priceUsage({ tokens: emptyTokens(), batch: false, images: 1, size: "1024x1024", quality: "low", model: "gpt-4.1-mini" }, ctx({ row: vision }));
    expect(r.unpricedReason?.code).toBe("cannot_estimate");
  });

  it("zero images and zero tokens is a free, priced event", () => {
    const r = priceUsage({ tokens: emptyTokens(), batch: false, images: 0, model: "m" }, ctx());
    expect(r.priced).toBe(true);
    expect(str(r.cost)).toBe("0");
  });
});

describe("priceUsage: scale and rounding", () => {
  it("10^12 tokens in every bucket is exact", () => {
    const t = 10 ** 12;
    const r = priceUsage({ tokens: tokens({ textInput: t, cachedTextInput: t, textOutput: t, imageInput: t, cachedImageInput: t, imageOutput: t }), batch: false, model: "m" }, ctx());
    // (5 + 1.25 + 10 + 8 + 2 + 30) * 10^6
    expect(str(r.cost)).toBe("56250000");
  });

  it("summing 1,000,000 one-token costs is exact", () => {
    const one = priceUsage({ tokens: tokens({ imageOutput: 1 }), batch: false, model: "m" }, ctx()).cost!;
    expect(str(one)).toBe("0.00003");
    let acc = ZERO;
    for (let i = 0; i < 1_000_000; i++) acc = acc.plus(one);
    expect(acc.toFixed()).toBe("30");
  });

  const rounding: Array<[string, string, string]> = [
    // rate per 1M, cost of 1 token exactly, stored (12 dp half-even)
    ["0.0000025", "0.0000000000025", "0.000000000002"],
    ["0.0000035", "0.0000000000035", "0.000000000004"],
    ["0.0000005", "0.0000000000005", "0"],
    ["0.0000015", "0.0000000000015", "0.000000000002"],
    ["0.000001234", "0.000000000001234", "0.000000000001"],
  ];
  it.each(rounding)("rate %s: exact %s stores as %s", (rate, _exact, stored) => {
    const row: PricingRow = { ...ROW, rates: { ...ROW.rates, textInput: rate } };
    const r = priceUsage({ tokens: tokens({ textInput: 1 }), batch: false, model: "m" }, ctx({ row }));
    expect(str(r.buckets.textInput)).toBe(dec(stored).toFixed());
    expect(r.cost!.decimalPlaces()).toBeLessThanOrEqual(12);
  });

  it("total is the sum of the rounded bucket costs, not the rounded exact sum", () => {
    // Two buckets of exactly 0.0000000000005 each: each rounds half-even to 0, total 0 (exact sum would be 1e-12).
    const row: PricingRow = { ...ROW, rates: { ...ROW.rates, textInput: "0.0000005", cachedTextInput: "0.0000005" } };
    const r = priceUsage({ tokens: tokens({ textInput: 1, cachedTextInput: 1 }), batch: false, model: "m" }, ctx({ row }));
    expect(str(r.cost)).toBe("0");
    expect(str(r.buckets.textInput)).toBe("0");
  });
});

describe("priceUsage: input validation", () => {
  const bad: Array<[string, Partial<TokenCounts>, number | undefined]> = [
    ["negative tokens", { textInput: -1 }, undefined],
    ["fractional tokens", { imageOutput: 1.5 }, undefined],
    ["NaN tokens", { textOutput: Number.NaN }, undefined],
    ["negative images", {}, -2],
  ];
  it.each(bad)("throws on %s", (_l, t, images) => {
    expect(() => priceUsage({ tokens: tokens(t), batch: false, images, size: "1024x1024", quality: "low", model: "m" }, ctx())).toThrow(RangeError);
  });
});

describe("priceUsage: per-image and per-megapixel prices (image-count-only events, exact)", () => {
  const NO_RATES = { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: null };
  const unitRow = (imagePrices: PricingRow["imagePrices"], megapixelPrice: string | null = null): PricingRow => ({
    model: "vendor-image", aliases: [], rates: NO_RATES, imageOutputTokens: {}, imagePrices, megapixelPrice,
  });
  const TABLE = unitRow({ "1024x1024": { standard: "0.04", hd: "0.08" }, "1024x1792": { standard: "0.08", hd: "0.12" } });
  const WILD = unitRow({ "1024x1024": { "*": "0.03" }, "*": { high: "0.1", "*": "0.02" } });
  const MP = unitRow({}, "0.03");
  const TINY_MP = unitRow({}, "0.0000005");
  const BOTH = unitRow({ "1024x1024": { high: "0.2" } }, "0.05");
  // Plus a token table: unit prices still decide, a token estimate is never the fallback.
  const BOTH_AND_TOKENS: PricingRow = { ...BOTH, rates: ROW.rates, imageOutputTokens: ROW.imageOutputTokens };

  const cases: Array<{ name: string; row: PricingRow; images: number; size: string | null; quality: string | null; batch?: boolean; cost: string | null }> = [
    { name: "table: 1 × 1024x1024 standard", row: TABLE, images: 1, size: "1024x1024", quality: "standard", cost: "0.04" },
    { name: "table: 3 × 1024 × 1792 HD (loose spelling)", row: TABLE, images: 3, size: " 1024 × 1792 ", quality: "HD", cost: "0.36" },
    { name: "table: 1000 × hd in batch (× 0.5)", row: TABLE, images: 1000, size: "1024x1024", quality: "hd", batch: true, cost: "40" },
    { name: "table: size not listed", row: TABLE, images: 1, size: "512x512", quality: "standard", cost: null },
    { name: "table: quality auto is not assumed", row: TABLE, images: 1, size: "1024x1024", quality: "auto", cost: null },
    { name: "table: missing quality", row: TABLE, images: 1, size: "1024x1024", quality: null, cost: null },
    { name: "wildcards: (size, *)", row: WILD, images: 1, size: "1024x1024", quality: "low", cost: "0.03" },
    { name: "wildcards: (*, quality)", row: WILD, images: 2, size: "2048x2048", quality: "high", cost: "0.2" },
    { name: "wildcards: (*, *)", row: WILD, images: 5, size: "2048x2048", quality: "low", cost: "0.1" },
    { name: "wildcards: no size, no quality -> (*, *)", row: WILD, images: 1, size: null, quality: null, cost: "0.02" },
    // 1024x1536 = 1.572864 MP exactly; 1.572864 × 0.03 = 0.04718592
    { name: "megapixel: 1 × 1024x1536", row: MP, images: 1, size: "1024x1536", quality: "high", cost: "0.04718592" },
    // 4 × 1.048576 × 0.03
    { name: "megapixel: 4 × 1024x1024", row: MP, images: 4, size: "1024x1024", quality: null, cost: "0.12582912" },
    { name: "megapixel: 1 × 1x1", row: MP, images: 1, size: "1x1", quality: null, cost: "0.00000003" },
    // 3 px = 0.000003 MP × 0.0000005 = 1.5e-12 -> 12 dp half-even -> 2e-12; 1 px: 5e-13 -> 0
    { name: "megapixel: rounds once, half-even (3 px)", row: TINY_MP, images: 1, size: "3x1", quality: null, cost: "0.000000000002" },
    { name: "megapixel: rounds once, half-even (1 px)", row: TINY_MP, images: 1, size: "1x1", quality: null, cost: "0" },
    { name: "megapixel: size auto has no pixel count", row: MP, images: 1, size: "auto", quality: "low", cost: null },
    { name: "megapixel: missing size", row: MP, images: 1, size: null, quality: "low", cost: null },
    { name: "both: the table wins when it lists the size/quality", row: BOTH, images: 1, size: "1024x1024", quality: "high", cost: "0.2" },
    // 1.048576 × 0.05
    { name: "both: megapixels when the table does not", row: BOTH, images: 1, size: "1024x1024", quality: "low", cost: "0.0524288" },
    { name: "unit prices + token table: no token estimate fallback", row: BOTH_AND_TOKENS, images: 1, size: "1024x1536", quality: "nope", cost: "0.0786432" },
    { name: "unit prices + token table: uncovered is unpriced", row: { ...BOTH_AND_TOKENS, megapixelPrice: null }, images: 1, size: "1024x1536", quality: "low", cost: null },
  ];
  // 99999 × 99999 px = 9999.800001 MP × $1e9 × 100,000 images ≈ 1e18: more than a stored cost holds -> unpriced.
  it("a cost beyond what one event holds is unpriced, not an insert failure", () => {
    const r = priceUsage({ tokens: emptyTokens(), batch: false, images: 100_000, size: "99999x99999", quality: null, model: "m" }, ctx({ row: unitRow({}, "1000000000") }));
    expect(r).toMatchObject({ priced: false, cost: null, unpricedReason: { code: "cannot_estimate" } });
    expect(r.unpricedReason?.message).toMatch(/more than one event can hold/);
  });
  it.each(cases)("$name -> $cost", ({ row, images, size, quality, batch, cost }) => {
    const r = priceUsage({ tokens: emptyTokens(), batch: batch ?? false, images, size, quality, model: "vendor-image" }, ctx({ row }));
    expect(r.estimated).toBe(false);
    if (cost === null) {
      expect(r.priced).toBe(false);
      expect(r.cost).toBeNull();
      expect(r.unpricedReason?.code).toBe("image_price_not_listed");
      expect(r.unpricedReason?.message).toContain(SNAP.name);
      return;
    }
    expect(r.priced).toBe(true);
    expect(str(r.cost)).toBe(cost);
    expect(str(r.buckets.perImage)).toBe(cost);
    for (const b of BUCKETS) expect(str(r.buckets[b])).toBe("0");
    expect(r.tokens).toEqual(emptyTokens());
    expect(r.warnings).toEqual([]);
  });

  it("events with tokens are priced from tokens; the per-image bucket is 0", () => {
    const r = priceUsage({ tokens: tokens({ imageOutput: 1756 }), batch: false, images: 1, size: "1024x1024", quality: "high", model: "m" }, ctx({ row: BOTH_AND_TOKENS }));
    expect(str(r.cost)).toBe("0.05268");
    expect(str(r.buckets.perImage)).toBe("0");
  });

  it("token-priced events carry a zero per-image bucket", () => {
    const r = priceUsage({ tokens: tokens({ textInput: 1000 }), batch: false, model: "m" }, ctx());
    expect(str(r.buckets.perImage)).toBe("0");
  });
});

describe("megapixels and per-image lookup", () => {
  it.each([
    ["1024x1536", "1.572864"],
    ["1024x1024", "1.048576"],
    ["1536 × 1024", "1.572864"],
    ["4096x4096", "16.777216"],
    ["1x1", "0.000001"],
    ["auto", null],
    ["", null],
    ["0x10", null],
    ["99999x99999", "9999.800001"],
    ["100000x1", null],
  ])("megapixels(%j) = %s", (size, expected) => {
    const mp = megapixels(size);
    expect(mp === null ? null : mp.toFixed()).toBe(expected);
  });
});
