import { describe, expect, it } from "vitest";
import { validateEvent } from "./event-schema";
import {
  OpenAIExportError,
  imagesUsageEventId,
  imagesUsageToEvents,
  parseOpenAICostsExport,
  parseOpenAIImagesUsageExport,
  type ImagesUsageRow,
} from "./openai-exports";

const DAY1 = 1761955200; // 2025-11-01T00:00:00Z
const DAY2 = DAY1 + 86400;

const cost = (value: number | string, lineItem: string | null = "Image models", projectId: string | null = "proj_abc") => ({
  object: "organization.costs.result",
  amount: { value, currency: "usd" },
  line_item: lineItem,
  project_id: projectId,
});
const page = (buckets: Array<{ start: number; results: unknown[] }>, more = false) => ({
  object: "page",
  data: buckets.map((b) => ({ object: "bucket", start_time: b.start, end_time: b.start + 86400, results: b.results })),
  has_more: more,
  next_page: more ? "page_AAA" : null,
});

describe("parseOpenAICostsExport", () => {
  it("parses one page with exact decimal amounts", () => {
    const rows = parseOpenAICostsExport(
      JSON.stringify(page([{ start: DAY1, results: [cost(0.06), cost(0.1 + 0.2, "Text models", null)] }])),
    );
    expect(rows).toEqual([
      { date: "2025-11-01", lineItem: "Image models", projectId: "proj_abc", amount: "0.060000000", currency: "USD" },
      // The JSON number 0.30000000000000004 is kept exactly as printed, never rounded through float math.
      { date: "2025-11-01", lineItem: "Text models", projectId: null, amount: "0.30000000000000004", currency: "USD" },
    ]);
  });

  it("accepts an array of pages, JSONL (CRLF, blank lines, BOM) and already-parsed values alike", () => {
    const p1 = page([{ start: DAY1, results: [cost(1.5)] }], true);
    const p2 = page([{ start: DAY2, results: [cost("2.25")] }]);
    const expected = [
      { date: "2025-11-01", lineItem: "Image models", projectId: "proj_abc", amount: "1.500000000", currency: "USD" },
      { date: "2025-11-02", lineItem: "Image models", projectId: "proj_abc", amount: "2.250000000", currency: "USD" },
    ];
    expect(parseOpenAICostsExport(JSON.stringify([p1, p2]))).toEqual(expected);
    expect(parseOpenAICostsExport(`\uFEFF${JSON.stringify(p1)}\r\n\r\n${JSON.stringify(p2)}\r\n`)).toEqual(expected);
    expect(parseOpenAICostsExport([p1, p2])).toEqual(expected);
  });

  it("accepts the older `result` bucket field and missing line item / project", () => {
    const rows = parseOpenAICostsExport({
      object: "page",
      data: [{ object: "bucket", start_time: DAY1, end_time: DAY2, result: [{ object: "organization.costs.result", amount: { value: 3, currency: "usd" } }] }],
    });
    expect(rows).toEqual([{ date: "2025-11-01", lineItem: null, projectId: null, amount: "3.000000000", currency: "USD" }]);
  });

  it("counts a bucket repeated by overlapping exports once and sums different buckets of the same day", () => {
    const p = page([{ start: DAY1, results: [cost(0.1)] }]);
    const rows = parseOpenAICostsExport([p, p, page([{ start: DAY1 + 3600, results: [cost(0.2)] }])]);
    expect(rows.map((r) => r.amount)).toEqual(["0.300000000"]);
  });

  it.each<[string, unknown, RegExp]>([
    ["not JSON", "{nope", /line 1: not valid JSON/],
    ["empty", "\n\n", /empty/],
    ["wrong result object", page([{ start: DAY1, results: [{ ...cost(1), object: "organization.usage.images.result" }] }]), /data\.0\.results\.0\.object/],
    ["amount with exponent string", page([{ start: DAY1, results: [cost("1e3")] }]), /amount\.value/],
    ["missing data", { object: "page" }, /data/],
    [
      "conflicting repeat",
      [page([{ start: DAY1, results: [cost(1)] }]), page([{ start: DAY1, results: [cost(2)] }])],
      /different amounts/,
    ],
  ])("rejects %s", (_name, input, message) => {
    expect(() => parseOpenAICostsExport(input)).toThrow(OpenAIExportError);
    expect(() => parseOpenAICostsExport(input)).toThrow(message);
  });
});

const imagesResult = (over: Record<string, unknown> = {}) => ({
  object: "organization.usage.images.result",
  images: 4,
  num_model_requests: 2,
  model: "gpt-image-1",
  size: "1024x1024",
  source: "image.generation",
  project_id: "proj_abc",
  user_id: null,
  api_key_id: null,
  ...over,
});

describe("parseOpenAIImagesUsageExport", () => {
  it("returns one row per bucket result", () => {
    const rows = parseOpenAIImagesUsageExport(
      JSON.stringify(page([{ start: DAY1, results: [imagesResult(), imagesResult({ source: "image.edit", images: 1, num_model_requests: 1 })] }])),
    );
    expect(rows).toEqual([
      {
        start: new Date("2025-11-01T00:00:00Z"),
        end: new Date("2025-11-02T00:00:00Z"),
        model: "gpt-image-1",
        size: "1024x1024",
        source: "image.generation",
        projectId: "proj_abc",
        images: 4,
        requests: 2,
      },
      expect.objectContaining({ source: "image.edit", images: 1, requests: 1 }),
    ]);
  });

  it("rejects negative counts", () => {
    expect(() => parseOpenAIImagesUsageExport(page([{ start: DAY1, results: [imagesResult({ images: -1 })] }]))).toThrow(/images/);
  });
});

describe("imagesUsageToEvents", () => {
  const row = (over: Partial<ImagesUsageRow> = {}): ImagesUsageRow => ({
    start: new Date("2025-11-01T00:00:00Z"),
    end: new Date("2025-11-02T00:00:00Z"),
    model: "gpt-image-1",
    size: "1024x1024",
    source: "image.generation",
    projectId: "proj_abc",
    images: 4,
    requests: 2,
    ...over,
  });
  const opts = { teamForProject: (p: string | null) => (p === "proj_abc" ? "design" : null), defaultTeam: "unassigned" };

  it("produces valid, deterministic, per-image-priced events", () => {
    const [e] = imagesUsageToEvents([row()], opts);
    expect(e).toMatchObject({
      id: "openai-images:1761955200:proj_abc:gpt-image-1:1024x1024:image.generation",
      timestamp: new Date("2025-11-01T00:00:00Z"),
      team: "design",
      feature: "openai-import",
      workflow: "text_to_image",
      tokenSource: "none",
      tokens: { textInput: 0, cachedTextInput: 0, textOutput: 0, imageInput: 0, cachedImageInput: 0, imageOutput: 0 },
      images: 4,
      quality: null,
      outcome: "unknown",
      metadata: expect.objectContaining({ requests: 2 }),
    });
    expect(imagesUsageToEvents([row()], opts)).toEqual([e]);
    // The event passes the API's own validation (as JSON) unchanged.
    const asJson = { ...e, timestamp: e.timestamp.toISOString(), tokens: undefined, tokenSource: undefined, openaiUsage: undefined };
    const v = validateEvent(JSON.parse(JSON.stringify(asJson)), new Date("2026-01-01T00:00:00Z"));
    expect(v.ok && v.event).toEqual(e);
  });

  it.each<[string, Partial<ImagesUsageRow>, string]>([
    ["edit", { source: "image.edit" }, "image_edit"],
    ["variation", { source: "image.variation" }, "image_edit"],
    ["ungrouped source", { source: null }, "text_to_image"],
  ])("maps source %s to a workflow", (_name, over, workflow) => {
    expect(imagesUsageToEvents([row(over)], opts)[0].workflow).toBe(workflow);
  });

  it("falls back to the default team, uses '-' for ungrouped fields and a custom feature", () => {
    const [e] = imagesUsageToEvents([row({ projectId: null, size: null })], { ...opts, feature: "backfill" });
    expect(e.team).toBe("unassigned");
    expect(e.feature).toBe("backfill");
    expect(e.id).toBe("openai-images:1761955200:-:gpt-image-1:-:image.generation");
  });

  it("sums rows that map to the same id and skips empty rows", () => {
    const events = imagesUsageToEvents([row(), row({ images: 1, requests: 1 }), row({ model: "x", images: 0, requests: 0 })], opts);
    expect(events).toHaveLength(1);
    expect(events[0].images).toBe(5);
    expect(events[0].metadata).toMatchObject({ requests: 3 });
  });

  it("hashes ids that would exceed 128 characters", () => {
    const id = imagesUsageEventId(row({ projectId: `proj_${"x".repeat(120)}` }));
    expect(id).toMatch(/^openai-images:sha256:[0-9a-f]{64}$/);
    expect(imagesUsageEventId(row({ projectId: `proj_${"x".repeat(120)}` }))).toBe(id);
  });

  it("requires the export to be grouped by model", () => {
    expect(() => imagesUsageToEvents([row({ model: null })], opts)).toThrow(/group_by=model/);
  });
});
