import { describe, expect, it } from "vitest";
import { emptyTokens } from "@/lib/cost/types";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { repriceEvent, type StoredEventForPricing } from "./reprice-values";

const SNAP: LoadedSnapshot = { id: "s1", name: OPENAI_2026_06_11.name, provider: "openai", version: 2, status: "published", effectiveFrom: OPENAI_2026_06_11.effectiveFrom, publishedAt: null, batchMultiplier: "0.5", rows: OPENAI_2026_06_11.rows };
const base: StoredEventForPricing = { id: "e", occurredAt: new Date("2026-07-01T00:00:00Z"), provider: "openai", model: "gpt-image-2", tokens: emptyTokens(), batch: false, images: null, size: "", quality: "", warnings: [] };

describe("repriceEvent", () => {
  it.each([
    ["tokens", { tokens: { ...emptyTokens(), textInput: 1000, imageOutput: 1756 } }, { priced: true, cost: "0.05768", estimated: false, estimatedImageOutputTokens: 0 }],
    ["batch", { batch: true, tokens: { ...emptyTokens(), imageOutput: 1756 } }, { cost: "0.02634" }],
    ["estimate", { images: 2, size: "1024x1024", quality: "high" }, { estimated: true, estimatedImageOutputTokens: 14048, cost: "0.42144" }],
    ["unpriced", { model: "dall-e-3", tokens: { ...emptyTokens(), imageOutput: 1 } }, { priced: false, cost: null, snapshotId: "s1", pricedModel: null }],
    ["no snapshot", { occurredAt: new Date("2026-01-01T00:00:00Z") }, { priced: false, snapshotId: null }],
  ] as const)("%s", (_name, patch, expected) => {
    expect(repriceEvent([SNAP], { ...base, ...patch })).toMatchObject(expected);
  });

  it("stores bucket costs as strings, null where the rate is not listed and tokens were used", () => {
    const v = repriceEvent([SNAP], { ...base, tokens: { ...emptyTokens(), textOutput: 10, imageOutput: 100 } });
    expect(v.buckets).toEqual({ textInput: "0", cachedTextInput: "0", textOutput: null, imageInput: "0", cachedImageInput: "0", imageOutput: "0.003", perImage: "0" });
    expect(v.warnings).toEqual([expect.objectContaining({ code: "rate_not_listed", bucket: "textOutput" })]);
  });

  it("keeps warnings that do not come from pricing and replaces the pricing ones", () => {
    const warnings = [{ code: "openai_usage_mapping", message: "kept" }, { code: "rate_not_listed", message: "stale", bucket: "textOutput" }];
    const v = repriceEvent([SNAP], { ...base, warnings, tokens: { ...emptyTokens(), imageOutput: 1 } });
    expect(v.warnings).toEqual([{ code: "openai_usage_mapping", message: "kept" }]);
    expect(v.unpricedReason).toBeNull();
  });
});
