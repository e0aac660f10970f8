import { describe, expect, it } from "vitest";
import {
  MAX_BATCH_EVENTS,
  UsageBatchSchema,
  UsageEventSchema,
  suggestField,
  validateBatch,
  validateEvent,
  type UsageEventInput,
} from "./event-schema";

const NOW = new Date("2026-11-01T12:00:00Z");

const base = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "evt-1",
  timestamp: "2026-11-01T10:00:00+01:00",
  team: "design",
  feature: "hero-images",
  workflow: "text_to_image",
  model: "gpt-image-1",
  usage: { textInputTokens: 50, imageOutputTokens: 4160 },
  ...over,
});

describe("validateEvent: normalization", () => {
  it("fills defaults and normalizes strings", () => {
    const r = validateEvent(base({ model: "  gpt-image-1 ", provider: " OpenAI ", team: " Design ", size: "1024X1024", quality: "HIGH" }), NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event).toEqual({
      id: "evt-1",
      timestamp: new Date("2026-11-01T09:00:00.000Z"),
      team: "design",
      feature: "hero-images",
      workflow: "text_to_image",
      stage: null,
      traceId: null,
      model: "gpt-image-1",
      provider: "openai",
      tokens: { textInput: 50, cachedTextInput: 0, textOutput: 0, imageInput: 0, cachedImageInput: 0, imageOutput: 4160 },
      tokenSource: "usage",
      images: null,
      size: "1024x1024",
      quality: "high",
      inputImages: null,
      batch: false,
      attempt: 1,
      outcome: "unknown",
      metadata: null,
    });
  });

  it("maps openaiUsage and reports its warnings", () => {
    const r = validateEvent(
      base({ usage: undefined, openaiUsage: { input_tokens: 10, output_tokens: 20, total_tokens: 31 }, images: 1 }),
      NOW,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.tokenSource).toBe("openai");
    expect(r.event.tokens.imageOutput).toBe(20);
    expect(r.event.tokens.textInput).toBe(10);
    expect(r.warnings[0]).toMatch(/total_tokens/);
  });

  it("accepts images without token usage (per-image estimate)", () => {
    const r = validateEvent(base({ usage: undefined, images: 2, size: "1024x1024", quality: "medium" }), NOW);
    expect(r.ok && r.event.tokenSource).toBe("none");
    expect(r.ok && r.event.images).toBe(2);
  });

  it("accepts null for optional fields", () => {
    const r = validateEvent(base({ team: null, stage: null, traceId: null, metadata: null, batch: null }), NOW);
    expect(r.ok && r.event.team).toBeNull();
    expect(r.ok && r.event.batch).toBe(false);
  });

  it("accepts stage on other workflows (a label only)", () => {
    const r = validateEvent(base({ stage: "generation" }), NOW);
    expect(r.ok && r.event.stage).toBe("generation");
  });

  it("allows exactly 5 minutes in the future, not more", () => {
    expect(validateEvent(base({ timestamp: "2026-11-01T12:05:00Z" }), NOW).ok).toBe(true);
    expect(validateEvent(base({ timestamp: "2026-11-01T12:05:00.001Z" }), NOW).ok).toBe(false);
  });
});

describe("validateEvent: rejections", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["missing id", { id: undefined }, "id", /is required/],
    ["empty id", { id: "" }, "id", /must not be empty/],
    ["id too long", { id: "x".repeat(129) }, "id", /at most 128/],
    ["timestamp without offset", { timestamp: "2026-11-01T10:00:00" }, "timestamp", /UTC offset/],
    ["date only", { timestamp: "2026-11-01" }, "timestamp", /ISO-8601/],
    ["impossible date", { timestamp: "2026-02-30T10:00:00Z" }, "timestamp", /ISO-8601/],
    ["future timestamp", { timestamp: "2026-11-01T13:00:00Z" }, "timestamp", /5 minutes in the future/],
    ["team not a slug", { team: "Design Team" }, "team", /team slug/],
    ["feature too long", { feature: "f".repeat(101) }, "feature", /at most 100/],
    ["blank feature", { feature: "   " }, "feature", /must not be empty/],
    ["unknown workflow", { workflow: "video" }, "workflow", /one of text_to_image/],
    ["stage missing for analysis_then_generate", { workflow: "analysis_then_generate" }, "stage", /required when workflow/],
    ["bad stage", { stage: "render" }, "stage", /analysis, generation/],
    ["model too long", { model: "m".repeat(201) }, "model", /at most 200/],
    ["negative tokens", { usage: { imageOutputTokens: -1 } }, "usage.imageOutputTokens", /non-negative/],
    ["fractional tokens", { usage: { textInputTokens: 1.5 } }, "usage.textInputTokens", /whole number/],
    ["tokens above 2^31-1", { usage: { textOutputTokens: 2 ** 31 } }, "usage.textOutputTokens", /2\^31-1/],
    ["tokens as strings", { usage: { textOutputTokens: "12" } }, "usage.textOutputTokens", /whole number/],
    ["unknown usage key", { usage: { imageOutputToken: 5 } }, "usage.imageOutputToken", /did you mean "imageOutputTokens"/],
    ["usage and openaiUsage", { openaiUsage: { input_tokens: 1, output_tokens: 1 } }, "openaiUsage", /not both/],
    ["no usage and no images", { usage: undefined }, "usage", /images so the cost can be estimated/],
    ["inconsistent openaiUsage", { usage: undefined, openaiUsage: { input_tokens: 5, output_tokens: 1, input_tokens_details: { text_tokens: 9 } } }, "openaiUsage.input_tokens_details", /exceed/],
    ["negative images", { images: -1 }, "images", /non-negative/],
    ["attempt 0", { attempt: 0 }, "attempt", /1 or more/],
    ["batch as string", { batch: "true" }, "batch", /true or false/],
    ["bad outcome", { outcome: "ok" }, "outcome", /accepted, rejected, failed, unknown/],
    ["metadata array", { metadata: [1] }, "metadata", /JSON object/],
    ["metadata over 4 KB", { metadata: { blob: "x".repeat(4100) } }, "metadata", /4096 bytes/],
    ["typo in a top-level field", { trace_id: "t" }, "trace_id", /unknown field "trace_id" \(did you mean "traceId"\?\)/],
    ["unrelated unknown field", { zzzzzz: 1 }, "zzzzzz", /unknown field "zzzzzz"; allowed:/],
  ];
  it.each(cases)("%s", (_name, over, path, message) => {
    const r = validateEvent(base(over), NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.issues.find((i) => i.path === path);
    expect(hit, JSON.stringify(r.issues)).toBeDefined();
    expect(hit?.message).toMatch(message);
  });

  it("metadata limit counts UTF-8 bytes, not characters", () => {
    // 1400 x "€" (3 bytes) = 4200 bytes but only 1400 characters.
    expect(validateEvent(base({ metadata: { s: "€".repeat(1400) } }), NOW).ok).toBe(false);
    expect(validateEvent(base({ metadata: { s: "e".repeat(1400) } }), NOW).ok).toBe(true);
  });
});

describe("validateBatch", () => {
  it("reports every bad event by index and full path", () => {
    const r = validateBatch(
      {
        events: [
          base({ id: "a" }),
          base({ id: "b", usage: { imageOutputTokens: -5 }, workflow: "nope" }),
          base({ id: "c" }),
          base({ id: "d", timestamp: "yesterday" }),
        ],
      },
      NOW,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.index, e.path])).toEqual([
      [1, "events[1].workflow"],
      [1, "events[1].usage.imageOutputTokens"],
      [3, "events[3].timestamp"],
    ]);
  });

  it("returns normalized events in input order", () => {
    const r = validateBatch({ events: [base({ id: "b" }), base({ id: "a" }), base({ id: "c" })] }, NOW);
    expect(r.ok && r.events.map((e) => e.id)).toEqual(["b", "a", "c"]);
    expect(r.ok && r.duplicatesCollapsed).toBe(0);
  });

  it("collapses same id + same content, even with different key order and offset notation", () => {
    const a = base({ id: "dup" });
    const reordered = Object.fromEntries(Object.entries(base({ id: "dup", timestamp: "2026-11-01T09:00:00Z" })).reverse());
    const r = validateBatch({ events: [a, base({ id: "x" }), reordered, a] }, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.events.map((e) => e.id)).toEqual(["dup", "x"]);
    expect(r.duplicatesCollapsed).toBe(2);
  });

  it("rejects same id + different content at every index", () => {
    const r = validateBatch({ events: [base({ id: "dup" }), base({ id: "ok" }), base({ id: "dup", attempt: 2 })] }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { index: 0, path: "events[0].id", message: 'duplicate id "dup" with different content (also at events[2])' },
      { index: 2, path: "events[2].id", message: 'duplicate id "dup" with different content (also at events[0])' },
    ]);
  });

  const bodyCases: Array<[string, unknown, string, RegExp]> = [
    ["not an object", "hello", "body", /events/],
    ["array body", [base()], "body", /events/],
    ["missing events", {}, "events", /is required/],
    ["events not an array", { events: {} }, "events", /array of events/],
    ["empty batch", { events: [] }, "events", /at least 1/],
    ["too many events", { events: Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({})) }, "events", /at most 5000/],
    ["unknown body key", { events: [base()], evnts: [] }, "evnts", /did you mean "events"/],
  ];
  it.each(bodyCases)("body error: %s", (_name, body, path, message) => {
    const r = validateBatch(body, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(r.errors)).toBeDefined();
    expect(hit?.index).toBeNull();
    expect(hit?.message).toMatch(message);
  });

  it("accepts exactly 5000 events", () => {
    const events = Array.from({ length: MAX_BATCH_EVENTS }, (_, i) => base({ id: `e${i}` }));
    const r = validateBatch({ events }, NOW);
    expect(r.ok && r.events.length).toBe(MAX_BATCH_EVENTS);
  });

  it("surfaces openaiUsage warnings per event", () => {
    const r = validateBatch(
      { events: [base({ usage: undefined, openaiUsage: { input_tokens: 1, output_tokens: 1, total_tokens: 5 } })] },
      NOW,
    );
    expect(r.ok && r.warnings).toEqual([{ index: 0, path: "events[0]", message: expect.stringMatching(/total_tokens/) }]);
  });
});

describe("exported zod schemas", () => {
  it("UsageEventSchema applies cross-field rules", () => {
    const input: UsageEventInput = { ...(base() as UsageEventInput), workflow: "analysis_then_generate" };
    const r = UsageEventSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["stage"]);
  });

  it("UsageBatchSchema bounds the batch", () => {
    expect(UsageBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(UsageBatchSchema.safeParse({ events: [base()] }).success).toBe(true);
  });
});

describe("suggestField", () => {
  it.each([
    ["TraceId", "traceId"],
    ["input_images", "inputImages"],
    ["modle", "model"],
    ["completely-different", null],
  ])("%s -> %s", (key, expected) => {
    expect(suggestField(key, ["traceId", "inputImages", "model", "team"])).toBe(expected);
  });
});
