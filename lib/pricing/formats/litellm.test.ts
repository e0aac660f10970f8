import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RateCard } from "@/lib/cost/types";
import { rates } from "@/lib/pricing/formats/fixtures/sample-snapshot";
import { importLiteLlm, perTokenToPerMillion, type LiteLlmImportOptions } from "@/lib/pricing/formats/litellm";
import type { ImportResult } from "@/lib/pricing/formats/result";

/** Verbatim excerpt of BerriAI/litellm model_prices_and_context_window.json (see fixtures/README.md). */
const EXCERPT = readFileSync(path.join(import.meta.dirname, "fixtures", "litellm-excerpt.json"), "utf8");
const META: LiteLlmImportOptions["meta"] = { effectiveFrom: "2026-06-11" };

function ok(r: ImportResult) {
  if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r.errors)}`);
  return r;
}
function errorsOf(r: ImportResult) {
  if (r.ok) throw new Error("expected failure");
  return r.errors;
}

describe("perTokenToPerMillion", () => {
  it.each<[unknown, string]>([
    [5e-6, "5"],
    [1.25e-6, "1.25"],
    [4e-5, "40"],
    [3.2e-5, "32"],
    [3e-5, "30"],
    [2e-7, "0.2"],
    [2.5e-6, "2.5"],
    [7.5e-8, "0.075"],
    [1.0490417e-8, "0.010490417"],
    [0, "0"],
    ["8e-06", "8"],
    ["0.000001", "1"],
  ])("%j USD/token -> %s USD/1M", (input, expected) => {
    const r = perTokenToPerMillion(input);
    expect(r.ok && r.value).toBe(expected);
  });

  it("parses the number as written in the JSON text, not via float multiplication", () => {
    // gpt-image-1-mini's cached text price: float math gives 0.19999999999999998; the decimal shift is exact.
    expect(2e-7 * 1_000_000).not.toBe(0.2);
    const [n] = JSON.parse("[2e-07]") as number[];
    expect(perTokenToPerMillion(n)).toMatchObject({ ok: true, value: "0.2" });
  });

  it.each<[unknown, RegExp]>([
    [-5e-6, /negative/],
    ["abc", /not a decimal/],
    [null, /must be a number \(got null\)/],
    [true, /must be a number/],
    [2000, /implausibly large/],
    [1e-20, /more than 12 decimal places/],
  ])("rejects %j", (input, message) => {
    const r = perTokenToPerMillion(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe("importLiteLlm on the real excerpt (openai)", () => {
  const r = ok(importLiteLlm(EXCERPT, { meta: META }));

  it("imports the token-priced gpt-image rows in file order, then the per-image / per-pixel models", () => {
    expect(r.snapshot.rows.map((x) => x.model)).toEqual([
      "gpt-image-1.5",
      "gpt-image-1.5-2025-12-16",
      "gpt-image-2",
      "gpt-image-2-2026-04-21",
      "gpt-image-1",
      "gpt-image-1-mini",
      "dall-e-2",
      "dall-e-3",
    ]);
  });

  it.each<[string, RateCard]>([
    ["gpt-image-1", rates("5", "1.25", null, "10", null, "40")],
    ["gpt-image-1-mini", rates("2", "0.2", null, "2.5", null, "8")],
    ["gpt-image-1.5", rates("5", "1.25", "10", "8", null, "32")],
    ["gpt-image-1.5-2025-12-16", rates("5", "1.25", "10", "8", null, "32")],
    ["gpt-image-2", rates("5", "1.25", "10", "8", null, "30")],
  ])("%s has the right per-1M rates", (model, expected) => {
    const row = r.snapshot.rows.find((x) => x.model === model);
    expect(row?.rates).toEqual(expected);
    expect(row?.aliases).toEqual([`openai/${model}`]);
    expect(row?.imageOutputTokens).toEqual({});
  });

  // Per-pixel: 1024 × 1024 = 1,048,576 px; 1.9e-08 × 1048576 = 0.019922944; 7.629e-08 × 1048576 = 0.07999586304.
  // input_cost_per_image of an image_generation key is LiteLLM's price per generated image.
  it.each<[string, Record<string, Record<string, string>>]>([
    ["dall-e-2", { "1024x1024": { "*": "0.019922944" } }],
    ["dall-e-3", { "1024x1024": { hd: "0.07999586304" } }],
    ["gpt-image-1.5", { "1024x1024": { low: "0.009", medium: "0.034", high: "0.133" } }],
  ])("per-image and per-pixel keys become %s's per-image prices", (model, expected) => {
    const row = r.snapshot.rows.find((x) => x.model === model)!;
    expect(row.imagePrices).toEqual(expected);
    expect(row.megapixelPrice).toBeUndefined();
  });

  it("keeps token prices next to merged per-image prices and skips nothing", () => {
    expect(r.snapshot.rows.find((x) => x.model === "gpt-image-1.5")?.rates).toEqual(rates("5", "1.25", "10", "8", null, "32"));
    expect(r.snapshot.rows.find((x) => x.model === "dall-e-3")).toMatchObject({ aliases: ["openai/dall-e-3"], rates: rates(null, null, null, null, null, null) });
    expect(r.skipped).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toContain('per-image prices merged into the token-priced row "gpt-image-1.5"');
  });

  it("ignores other providers and non-image rows", () => {
    const seen = [...r.snapshot.rows.map((x) => x.model), ...r.skipped.map((s) => s.model)];
    for (const key of ["sample_spec", "aiml/openai/gpt-image-2", "azure/gpt-image-1", "gpt-4o-mini", "gpt-realtime", "groq/whisper-large-v3"]) {
      expect(seen).not.toContain(key);
    }
  });

  it("fills metadata defaults and explains what it could not derive", () => {
    expect(r.snapshot).toMatchObject({
      name: "LiteLLM openai image rates",
      provider: "openai",
      source: "LiteLLM model_prices_and_context_window.json",
      currency: "USD",
      batchMultiplier: "0.5",
    });
    const messages = r.warnings.map((w) => w.message);
    expect(messages).toContain("no _batches prices on the imported rows; batch multiplier defaults to 0.5");
    expect(messages.some((m) => m.startsWith("LiteLLM has no output-tokens-per-image tables"))).toBe(true);
    expect(messages.some((m) => m.startsWith("no cache_read_input_image_token_cost for gpt-image-1.5, "))).toBe(true);
  });
});

describe("importLiteLlm on the real excerpt (azure)", () => {
  it("strips the provider prefix, keeps the key as alias and turns the per-pixel rows into per-image prices", () => {
    const r = ok(importLiteLlm(EXCERPT, { litellmProvider: "azure", meta: { ...META, name: "Azure", provider: "azure" } }));
    // 1.0490417e-08 × 1048576 = 0.010999999496192 -> 12 dp half-even 0.010999999496 (with a warning)
    expect(r.snapshot.rows).toEqual([
      {
        model: "gpt-image-1",
        aliases: ["azure/gpt-image-1"],
        rates: rates("5", "1.25", null, "10", null, "40"),
        imageOutputTokens: {},
        imagePrices: { "1024x1024": { low: "0.010999999496" } },
      },
      { model: "dall-e-3", aliases: ["azure/dall-e-3"], rates: rates(null, null, null, null, null, null), imageOutputTokens: {}, imagePrices: { "1024x1024": { hd: "0.07999586304" } } },
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toContain("per-image price 0.010999999496192 rounded to 12 decimals (0.010999999496)");
  });

  it("imports a provider whose only row is priced per image (output_cost_per_image -> any size, any quality)", () => {
    const r = ok(importLiteLlm(EXCERPT, { litellmProvider: "aiml", meta: META }));
    expect(r.snapshot.rows).toEqual([
      { model: "openai/gpt-image-2", aliases: ["aiml/openai/gpt-image-2"], rates: rates(null, null, null, null, null, null), imageOutputTokens: {}, imagePrices: { "*": { "*": "0.054" } } },
    ]);
  });

  it("fails when the provider has no priced image rows", () => {
    const errors = errorsOf(importLiteLlm(EXCERPT, { litellmProvider: "nobody", meta: META }));
    expect(errors).toEqual([{ path: "", message: 'no priced image-generation rows for litellm_provider "nobody"' }]);
  });
});

/* Small synthetic price maps (not LiteLLM data) for cases the real excerpt does not contain. */
function map(entries: Record<string, Record<string, unknown>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, { litellm_provider: "openai", mode: "image_generation", ...v }])));
}

describe("importLiteLlm: batch multiplier from _batches prices", () => {
  it("derives a consistent ratio", () => {
    const text = map({
      "img-a": { input_cost_per_token: 5e-6, input_cost_per_token_batches: 2.5e-6, output_cost_per_image_token: 4e-5, output_cost_per_image_token_batches: 2e-5 },
      "img-b": { input_cost_per_token: 2e-6, input_cost_per_token_batches: 1e-6 },
    });
    const r = ok(importLiteLlm(text, { meta: META }));
    expect(r.snapshot.batchMultiplier).toBe("0.5");
    expect(r.warnings.filter((w) => w.path === "batchMultiplier")).toEqual([]);
  });

  it("reports disagreeing ratios and keeps the default", () => {
    const text = map({
      "img-a": { input_cost_per_token: 5e-6, input_cost_per_token_batches: 2.5e-6 },
      "img-b": { input_cost_per_token: 2e-6, input_cost_per_token_batches: 1.2e-6 },
    });
    const r = ok(importLiteLlm(text, { meta: META }));
    expect(r.snapshot.batchMultiplier).toBe("0.5");
    const w = r.warnings.find((x) => x.path === "batchMultiplier");
    expect(w?.message).toBe(
      "_batches prices disagree on the batch multiplier: 0.5 (img-a.input_cost_per_token_batches); 0.6 (img-b.input_cost_per_token_batches); using 0.5, set it explicitly if that is wrong",
    );
  });

  it("uses a consistent ratio other than 0.5", () => {
    const r = ok(importLiteLlm(map({ "img-a": { input_cost_per_token: 5e-6, input_cost_per_token_batches: 3e-6 } }), { meta: META }));
    expect(r.snapshot.batchMultiplier).toBe("0.6");
  });

  it("refuses a ratio above 1", () => {
    const r = ok(importLiteLlm(map({ "img-a": { input_cost_per_token: 5e-6, input_cost_per_token_batches: 6e-6 } }), { meta: META }));
    expect(r.snapshot.batchMultiplier).toBe("0.5");
    expect(r.warnings.find((x) => x.path === "batchMultiplier")?.message).toMatch(/imply multiplier 1.2, outside \(0, 1\]/);
  });

  it("lets an explicit multiplier win, with a warning when the prices disagree", () => {
    const r = ok(importLiteLlm(map({ "img-a": { input_cost_per_token: 5e-6, input_cost_per_token_batches: 2.5e-6 } }), { meta: { ...META, batchMultiplier: "0.4" } }));
    expect(r.snapshot.batchMultiplier).toBe("0.4");
    expect(r.warnings.find((x) => x.path === "batchMultiplier")?.message).toMatch(/explicit batch multiplier 0.4 differs/);
  });
});

describe("importLiteLlm: selection and errors", () => {
  it("selects by mode, by a gpt-image key, or by an image output token price", () => {
    const text = JSON.stringify({
      "gpt-image-x": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 1e-6 },
      "painter-1": { litellm_provider: "openai", mode: "responses", output_cost_per_image_token: 1e-5 },
      "vision-chat": { litellm_provider: "openai", mode: "chat", input_cost_per_token: 1e-6, input_cost_per_image_token: 1e-6 },
      "image-gen": { litellm_provider: "openai", mode: "image_generation", input_cost_per_token: 3e-6 },
    });
    const r = ok(importLiteLlm(text, { meta: META }));
    expect(r.snapshot.rows.map((x) => x.model)).toEqual(["gpt-image-x", "painter-1", "image-gen"]);
  });

  it("skips image rows without any price", () => {
    const r = ok(importLiteLlm(map({ "img-a": { input_cost_per_token: 5e-6 }, "img-b": {} }), { meta: META }));
    expect(r.skipped).toEqual([{ model: "img-b", path: "img-b", message: "has no per-token, per-image or per-pixel prices; not imported" }]);
  });

  it("imports token prices of a row that also has per-image fields, and the per-image price as a unit price", () => {
    const r = ok(importLiteLlm(map({ "img-a": { output_cost_per_image_token: 4e-5, output_cost_per_image: 0.04 } }), { meta: META }));
    expect(r.snapshot.rows[0].rates.imageOutput).toBe("40");
    expect(r.snapshot.rows[0].imagePrices).toEqual({ "*": { "*": "0.04" } });
    expect(r.warnings[0]).toMatchObject({ model: "img-a", message: "imported its token prices and its per-image fields (output_cost_per_image) as unit prices" });
  });

  // Synthetic unit-priced keys: worked values are exact decimals.
  it.each<[string, Record<string, Record<string, unknown>>, Record<string, Record<string, string>> | undefined, string | undefined]>([
    ["unsized per-pixel -> per megapixel (3e-08 × 1e6)", { "pix-model": { input_cost_per_pixel: 3e-8, output_cost_per_pixel: 0 } }, undefined, "0.03"],
    ["unsized per-image -> (*, *)", { "flux-pro": { output_cost_per_image: 0.05 } }, { "*": { "*": "0.05" } }, undefined],
    ["sized per-image, two qualities merged", { "standard/1024-x-1792/dall-e-3": { input_cost_per_image: 0.08 }, "hd/1024-x-1792/dall-e-3": { input_cost_per_image: 0.12 } }, { "1024x1792": { standard: "0.08", hd: "0.12" } }, undefined],
    // 1536 × 1024 = 1,572,864 px × 2e-08 = 0.03145728
    ["sized per-pixel without quality", { "1536-x-1024/pix-2": { input_cost_per_pixel: 2e-8 } }, { "1536x1024": { "*": "0.03145728" } }, undefined],
  ])("%s", (_label, entries, imagePrices, megapixelPrice) => {
    const r = ok(importLiteLlm(map(entries), { meta: META }));
    const row = r.snapshot.rows[0];
    expect(row.imagePrices).toEqual(imagePrices);
    expect(row.megapixelPrice).toEqual(megapixelPrice);
    expect(r.snapshot.rows).toHaveLength(1);
  });

  it("reports a repeated (size, quality) of one model", () => {
    const errors = errorsOf(importLiteLlm(map({ "hd/1024-x-1024/m": { input_cost_per_image: 0.1 }, "openai/hd/1024-x-1024/m": { input_cost_per_image: 0.2 } }), { meta: META }));
    expect(errors.some((e) => /repeats the per-image price for 1024x1024 \/ hd/.test(e.message))).toBe(true);
  });

  it("reads cache_read_input_image_token_cost when present", () => {
    const r = ok(importLiteLlm(map({ "gpt-image-2": { input_cost_per_image_token: 8e-6, cache_read_input_image_token_cost: 2e-6 } }), { meta: META }));
    expect(r.snapshot.rows[0].rates).toMatchObject({ imageInput: "8", cachedImageInput: "2" });
    expect(r.warnings.some((w) => w.message.startsWith("no cache_read_input_image_token_cost"))).toBe(false);
  });

  it("warns when a JSON number has more significant digits than a double keeps", () => {
    const text = `{"img-a": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_token": 0.012345678901234567}}`;
    const r = ok(importLiteLlm(text, { meta: META }));
    expect(r.warnings[0]).toMatchObject({ model: "img-a", path: "img-a.input_cost_per_token" });
    expect(r.warnings[0].message).toMatch(/more than 15 significant digits/);
  });

  it("reports bad prices by model key and field, with the valid rows as partial", () => {
    const text = map({ "img-a": { input_cost_per_token: 5e-6 }, "img-b": { input_cost_per_token: -5e-6, output_cost_per_image_token: "lots" } });
    const r = importLiteLlm(text, { meta: META });
    expect(errorsOf(r)).toEqual([
      { model: "img-b", path: "img-b.input_cost_per_token", message: "must not be negative (got -0.000005)" },
      { model: "img-b", path: "img-b.output_cost_per_image_token", message: 'is not a decimal number (got "lots")' },
    ]);
    if (!r.ok) expect(r.partial?.rows.map((x) => x.model)).toEqual(["img-a"]);
    const skipping = ok(importLiteLlm(text, { meta: META, skipInvalid: true }));
    expect(skipping.snapshot.rows.map((x) => x.model)).toEqual(["img-a"]);
    expect(skipping.skipped.map((s) => s.model)).toEqual(["img-b"]);
  });

  it("reports a key that repeats another row's id", () => {
    const errors = errorsOf(importLiteLlm(map({ "gpt-image-1": { input_cost_per_token: 5e-6 }, "openai/gpt-image-1": { input_cost_per_token: 5e-6 } }), { meta: META }));
    expect(errors).toEqual([
      { model: "openai/gpt-image-1", path: "openai/gpt-image-1", message: '"gpt-image-1" is already used by model "gpt-image-1"' },
      { model: "openai/gpt-image-1", path: "openai/gpt-image-1", message: '"openai/gpt-image-1" is already used by model "gpt-image-1"' },
    ]);
  });

  it.each([
    ["invalid JSON", "{", /^not valid JSON/],
    ["an array", "[]", /expected a JSON object keyed by model name/],
  ])("rejects %s", (_label, text, message) => {
    expect(errorsOf(importLiteLlm(text, { meta: META }))[0].message).toMatch(message);
  });

  it("reports invalid metadata options", () => {
    const errors = errorsOf(importLiteLlm(EXCERPT, { meta: { effectiveFrom: "soon", provider: "Open AI" } }));
    expect(errors.map((e) => e.path)).toEqual(["provider", "effectiveFrom"]);
  });
});
