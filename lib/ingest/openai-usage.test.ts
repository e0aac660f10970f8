import { describe, expect, it } from "vitest";
import type { TokenCounts } from "@/lib/cost/types";
import { OpenAIUsageError, isImageModel, mapOpenAIUsage, safeMapOpenAIUsage } from "./openai-usage";

const t = (p: Partial<TokenCounts>): TokenCounts => ({
  textInput: 0,
  cachedTextInput: 0,
  textOutput: 0,
  imageInput: 0,
  cachedImageInput: 0,
  imageOutput: 0,
  ...p,
});

describe("mapOpenAIUsage: valid responses", () => {
  const cases: Array<{ name: string; model: string; usage: unknown; tokens: TokenCounts; warnings?: number }> = [
    {
      name: "gpt-image-1 generation without output details: all output is image output",
      model: "gpt-image-1",
      usage: {
        input_tokens: 50,
        input_tokens_details: { text_tokens: 50, image_tokens: 0 },
        output_tokens: 4160,
        total_tokens: 4210,
      },
      tokens: t({ textInput: 50, imageOutput: 4160 }),
    },
    {
      name: "gpt-image-1.5 with text tokens in output_tokens_details",
      model: "gpt-image-1.5",
      usage: {
        input_tokens: 120,
        input_tokens_details: { text_tokens: 120, image_tokens: 0 },
        output_tokens: 1816,
        output_tokens_details: { image_tokens: 1756, text_tokens: 60 },
        total_tokens: 1936,
      },
      tokens: t({ textInput: 120, textOutput: 60, imageOutput: 1756 }),
    },
    {
      name: "image edit with image input tokens",
      model: "gpt-image-1",
      usage: {
        input_tokens: 1363,
        input_tokens_details: { text_tokens: 40, image_tokens: 1323 },
        output_tokens: 4160,
        total_tokens: 5523,
      },
      tokens: t({ textInput: 40, imageInput: 1323, imageOutput: 4160 }),
    },
    {
      name: "vision chat (gpt-4.1-mini) with cached prompt tokens",
      model: "gpt-4.1-mini",
      usage: {
        prompt_tokens: 1200,
        completion_tokens: 300,
        total_tokens: 1500,
        prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
      tokens: t({ textInput: 176, cachedTextInput: 1024, textOutput: 300 }),
    },
    {
      name: "Responses API usage with input_tokens_details.cached_tokens",
      model: "gpt-4.1",
      usage: {
        input_tokens: 2000,
        input_tokens_details: { cached_tokens: 1536 },
        output_tokens: 420,
        output_tokens_details: { reasoning_tokens: 128 },
        total_tokens: 2420,
      },
      tokens: t({ textInput: 464, cachedTextInput: 1536, textOutput: 420 }),
    },
    {
      name: "cached tokens beyond the text input spill into cached image input (text first)",
      model: "gpt-image-1",
      usage: {
        input_tokens: 1050,
        input_tokens_details: { text_tokens: 50, image_tokens: 1000, cached_tokens: 450 },
        output_tokens: 100,
      },
      tokens: t({ textInput: 0, cachedTextInput: 50, imageInput: 600, cachedImageInput: 400, imageOutput: 100 }),
    },
    {
      name: "explicit cached_tokens_details split is used",
      model: "gpt-image-1",
      usage: {
        input_tokens: 1050,
        input_tokens_details: {
          text_tokens: 50,
          image_tokens: 1000,
          cached_tokens: 450,
          cached_tokens_details: { text_tokens: 10, image_tokens: 440 },
        },
        output_tokens: 100,
      },
      tokens: t({ textInput: 40, cachedTextInput: 10, imageInput: 560, cachedImageInput: 440, imageOutput: 100 }),
    },
    {
      name: "only image_tokens given: text input is the remainder",
      model: "gpt-image-1-mini",
      usage: { input_tokens: 300, input_tokens_details: { image_tokens: 260 }, output_tokens: 272 },
      tokens: t({ textInput: 40, imageInput: 260, imageOutput: 272 }),
    },
    {
      name: "input without details is all text input",
      model: "gpt-image-1",
      usage: { input_tokens: 30, output_tokens: 272, total_tokens: 302 },
      tokens: t({ textInput: 30, imageOutput: 272 }),
    },
    {
      name: "unexplained input remainder goes to text input with a warning",
      model: "gpt-image-1",
      usage: { input_tokens: 100, input_tokens_details: { text_tokens: 20, image_tokens: 70 }, output_tokens: 10 },
      tokens: t({ textInput: 30, imageInput: 70, imageOutput: 10 }),
      warnings: 1,
    },
    {
      name: "total_tokens mismatch is a warning",
      model: "gpt-image-1",
      usage: { input_tokens: 10, output_tokens: 10, total_tokens: 25 },
      tokens: t({ textInput: 10, imageOutput: 10 }),
      warnings: 1,
    },
    {
      name: "image model detection is case-insensitive",
      model: "GPT-IMAGE-1",
      usage: { input_tokens: 1, output_tokens: 2 },
      tokens: t({ textInput: 1, imageOutput: 2 }),
    },
    {
      name: "null detail objects are accepted",
      model: "gpt-4o",
      usage: { prompt_tokens: 5, completion_tokens: 6, prompt_tokens_details: null, completion_tokens_details: null },
      tokens: t({ textInput: 5, textOutput: 6 }),
    },
  ];
  it.each(cases)("$name", ({ model, usage, tokens, warnings }) => {
    const r = mapOpenAIUsage(usage, { model });
    expect(r.tokens).toEqual(tokens);
    expect(r.warnings).toHaveLength(warnings ?? 0);
    const total = Object.values(r.tokens).reduce((a, b) => a + b, 0);
    const u = usage as Record<string, number>;
    expect(total).toBe((u.input_tokens ?? u.prompt_tokens) + (u.output_tokens ?? u.completion_tokens));
  });
});

describe("mapOpenAIUsage: invalid usage", () => {
  const cases: Array<{ name: string; usage: unknown; path: string; message: RegExp }> = [
    { name: "not an object", usage: "lots", path: "", message: /usage object/ },
    { name: "negative count", usage: { input_tokens: -1, output_tokens: 1 }, path: "input_tokens", message: /non-negative/ },
    { name: "fractional count", usage: { input_tokens: 1.5, output_tokens: 1 }, path: "input_tokens", message: /whole number/ },
    { name: "above 2^31-1", usage: { input_tokens: 2 ** 31, output_tokens: 1 }, path: "input_tokens", message: /2\^31-1/ },
    { name: "missing input", usage: { output_tokens: 1 }, path: "input_tokens", message: /required/ },
    { name: "missing output", usage: { input_tokens: 1 }, path: "output_tokens", message: /required/ },
    {
      name: "input and prompt totals disagree",
      usage: { input_tokens: 5, prompt_tokens: 6, output_tokens: 1 },
      path: "input_tokens",
      message: /disagree/,
    },
    {
      name: "input details above the total",
      usage: { input_tokens: 50, input_tokens_details: { text_tokens: 40, image_tokens: 20 }, output_tokens: 1 },
      path: "input_tokens_details",
      message: /exceed the input total/,
    },
    {
      name: "cached above the input total",
      usage: { prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 11 }, completion_tokens: 1 },
      path: "prompt_tokens_details.cached_tokens",
      message: /more than the input total/,
    },
    {
      name: "cached split does not add up",
      usage: {
        input_tokens: 100,
        input_tokens_details: { text_tokens: 100, cached_tokens: 50, cached_tokens_details: { text_tokens: 10, image_tokens: 10 } },
        output_tokens: 1,
      },
      path: "input_tokens_details.cached_tokens_details",
      message: /must equal cached_tokens/,
    },
    {
      name: "cached image tokens above image input",
      usage: {
        input_tokens: 100,
        input_tokens_details: { text_tokens: 100, image_tokens: 0, cached_tokens: 50, cached_tokens_details: { image_tokens: 50 } },
        output_tokens: 1,
      },
      path: "input_tokens_details.cached_tokens_details",
      message: /exceed the text\/image input/,
    },
    {
      name: "output details above the total",
      usage: { input_tokens: 1, output_tokens: 100, output_tokens_details: { image_tokens: 90, text_tokens: 20 } },
      path: "output_tokens_details",
      message: /exceed the output total/,
    },
  ];
  it.each(cases)("$name", ({ usage, path, message }) => {
    const r = safeMapOpenAIUsage(usage, { model: "gpt-image-1" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(r.errors)).toBeDefined();
    expect(hit?.message).toMatch(message);
    expect(() => mapOpenAIUsage(usage, { model: "gpt-image-1" })).toThrow(OpenAIUsageError);
  });
});

describe("isImageModel", () => {
  it.each([
    ["gpt-image-1", true],
    ["gpt-image-1.5", true],
    ["openai/gpt-image-2", true],
    ["gpt-4.1-mini", false],
    ["dall-e-3", false],
  ])("%s -> %s", (model, expected) => expect(isImageModel(model)).toBe(expected));
});
