import { describe, expect, it } from "vitest";
import { canonicalEventJson, canonicalJson, contentHash, storedContentHash } from "./canonical";
import { validateEvent, type NormalizedEvent } from "./event-schema";

const NOW = new Date("2026-11-01T12:00:00Z");

function normalized(raw: Record<string, unknown>): NormalizedEvent {
  const r = validateEvent(raw, NOW);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
}

const raw = {
  id: "evt-1",
  timestamp: "2026-11-01T10:00:00+01:00",
  feature: "hero",
  workflow: "text_to_image",
  model: "gpt-image-1",
  usage: { imageOutputTokens: 4160 },
  metadata: { b: 1, a: { y: [1, 2], x: null } },
};

describe("canonicalJson", () => {
  it.each<[string, unknown, string]>([
    ["sorts keys recursively", { b: 1, a: { d: 2, c: 3 } }, '{"a":{"c":3,"d":2},"b":1}'],
    ["keeps array order", [3, 1, 2], "[3,1,2]"],
    ["drops undefined properties", { a: undefined, b: null }, '{"b":null}'],
    ["dates as UTC ISO with ms", { t: new Date("2026-11-01T10:00:00+01:00") }, '{"t":"2026-11-01T09:00:00.000Z"}'],
    ["escapes strings", { s: 'a"b\n' }, '{"s":"a\\"b\\n"}'],
  ])("%s", (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it("rejects non-finite numbers", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe("contentHash", () => {
  const h = contentHash(normalized(raw));

  it("is a sha256 hex digest", () => {
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Record<string, unknown>]>([
    ["offset notation", { ...raw, timestamp: "2026-11-01T09:00:00Z" }],
    ["fractional zero seconds", { ...raw, timestamp: "2026-11-01T09:00:00.000Z" }],
    ["key order", Object.fromEntries(Object.entries(raw).reverse())],
    ["metadata key order", { ...raw, metadata: { a: { x: null, y: [1, 2] }, b: 1 } }],
    ["explicit defaults", { ...raw, provider: "openai", attempt: 1, outcome: "unknown", batch: false }],
    ["explicit zero buckets", { ...raw, usage: { imageOutputTokens: 4160, textInputTokens: 0 } }],
    ["whitespace around the model", { ...raw, model: " gpt-image-1 " }],
  ])("is unchanged by %s", (_name, variant) => {
    expect(contentHash(normalized(variant))).toBe(h);
  });

  it.each<[string, Record<string, unknown>]>([
    ["a different instant", { ...raw, timestamp: "2026-11-01T09:00:01Z" }],
    ["a different token count", { ...raw, usage: { imageOutputTokens: 4161 } }],
    ["a different attempt", { ...raw, attempt: 2 }],
    ["different metadata", { ...raw, metadata: { b: 2, a: { y: [1, 2], x: null } } }],
    ["metadata array order", { ...raw, metadata: { b: 1, a: { y: [2, 1], x: null } } }],
    ["the token source", { ...raw, usage: undefined, openaiUsage: { input_tokens: 0, output_tokens: 4160 } }],
  ])("changes with %s", (_name, variant) => {
    expect(contentHash(normalized(variant))).not.toBe(h);
  });
});

describe("canonicalEventJson", () => {
  const e = normalized(raw);
  it.each<[string, NormalizedEvent, string | undefined]>([
    ["a validated event", e, undefined],
    ["with the stored team", e, "alpha"],
    ["with a null team replaced", { ...e, team: null }, "beta"],
    ["with undefined fields", { ...e, traceId: undefined as unknown as null, stage: undefined as unknown as null }, undefined],
    ["with an extra key (generic path)", { ...e, extra: 1 } as unknown as NormalizedEvent, "alpha"],
    ["with a key missing (generic path)", (({ metadata: _m, ...rest }) => rest)(e) as unknown as NormalizedEvent, undefined],
    ["with tokens of another shape (generic path for them)", { ...e, tokens: { ...e.tokens, extra: 2 } as unknown as NormalizedEvent["tokens"] }, undefined],
    ["with strings to escape", { ...e, feature: 'q"\\\n\u2028', metadata: { "k\"": ["\u0000"] } }, undefined],
  ])("%s: is canonicalJson of the event", (_name, event, team) => {
    expect(canonicalEventJson(event, team)).toBe(canonicalJson(team === undefined ? event : { ...event, team }));
  });

  it("keeps the stored hash of an event that named its team", () => {
    expect(storedContentHash({ ...e, team: "alpha" }, "alpha")).toBe(contentHash({ ...e, team: "alpha" }));
  });
});
