import { describe, expect, it } from "vitest";
import { lookupImageOutputTokens, normalizeQuality, normalizeSize } from "@/lib/cost/image-tokens";

const TABLE = { "1024x1024": { low: 1, medium: 2, high: 3 }, "1024x1536": { low: 4 } };

describe("image output token lookup", () => {
  it.each([
    ["1024x1024", "1024x1024"],
    [" 1024 X 1024 ", "1024x1024"],
    ["1024×1536", "1024x1536"],
  ])("normalizeSize(%j) = %s", (input, expected) => expect(normalizeSize(input)).toBe(expected));

  it.each([
    ["High", { quality: "high", autoAssumed: false }],
    ["auto", { quality: "medium", autoAssumed: true }],
    ["hd", null],
  ])("normalizeQuality(%j)", (input, expected) => expect(normalizeQuality(input)).toEqual(expected));

  it.each([
    ["1024x1024", "high", 3],
    ["1024x1536", "low", 4],
    ["1024x1536", "high", null], // size present, quality missing in that column
    ["toString", "low", null], // no prototype keys
    [null, "low", null],
  ] as const)("%s %s -> %s", (size, quality, tokens) => {
    const r = lookupImageOutputTokens(TABLE, size, quality);
    expect(r.ok ? r.tokens : null).toBe(tokens);
  });
});
