import { describe, expect, it } from "vitest";
import { emptyTokens } from "@/lib/cost/types";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import type { NormalizedEvent } from "./event-schema";
import { prepareEvent } from "./prepare";

const SNAP: LoadedSnapshot = { ...OPENAI_2026_06_11, id: "snap-1", version: 1, status: "published", publishedAt: new Date("2026-06-11T00:00:00Z") };

const ev = (over: Partial<NormalizedEvent> = {}): NormalizedEvent => ({
  id: "e1",
  timestamp: new Date("2026-11-01T10:00:00Z"),
  team: "alpha",
  feature: "f",
  workflow: "text_to_image",
  stage: null,
  traceId: null,
  model: "gpt-image-2",
  provider: "openai",
  tokens: { ...emptyTokens(), textInput: 100, imageOutput: 1756 },
  tokenSource: "usage",
  images: 1,
  size: "1024x1024",
  quality: "medium",
  inputImages: null,
  batch: false,
  attempt: 1,
  outcome: "accepted",
  metadata: null,
  ...over,
});

describe("prepareEvent", () => {
  it.each([
    { name: "reported tokens", e: ev(), cost: "0.05318", estimated: 0, priced: true, codes: [] },
    { name: "batch", e: ev({ batch: true }), cost: "0.02659", estimated: 0, priced: true, codes: [] },
    { name: "image count only", e: ev({ tokens: emptyTokens(), images: 2, quality: "high" }), cost: "0.42144", estimated: 14048, priced: true, codes: ["estimated_from_image_count"] },
    { name: "text output on a row that lists none", e: ev({ tokens: { ...emptyTokens(), textOutput: 10, imageOutput: 1756 } }), cost: "0.05268", estimated: 0, priced: true, codes: ["rate_not_listed"] },
    { name: "unknown model", e: ev({ model: "mystery" }), cost: null, estimated: 0, priced: false, codes: [] },
    { name: "before any snapshot", e: ev({ timestamp: new Date("2026-01-01T00:00:00Z") }), cost: null, estimated: 0, priced: false, codes: [] },
  ])("$name", ({ e, cost, estimated, priced, codes }) => {
    const p = prepareEvent(e, "team-a", "hash", [SNAP], [{ code: "openai_usage_mapping", message: "note" }]);
    expect(p.cost === null ? null : p.cost.toFixed()).toBe(cost);
    expect(p.priced).toBe(priced);
    expect(p.estimatedImageOutputTokens).toBe(estimated);
    expect(p.warnings.map((w) => w.code)).toEqual(["openai_usage_mapping", ...codes]);
    expect(p.snapshotId).toBe(priced || e.model === "mystery" ? "snap-1" : null);
    if (!priced) expect(p.unpricedReason?.code).toBe(e.model === "mystery" ? "model_not_priced" : "no_snapshot");
  });
});
