import { describe, expect, it } from "vitest";
import type { PricingSnapshotData } from "@/lib/cost/types";
import { rates, sampleSnapshot } from "@/lib/pricing/formats/fixtures/sample-snapshot";
import { exportJson, importJson } from "@/lib/pricing/formats/json";

const SMALL: PricingSnapshotData = {
  name: "Tiny",
  provider: "openai",
  effectiveFrom: new Date("2026-06-11T00:00:00Z"),
  source: "src",
  notes: "",
  currency: "USD",
  batchMultiplier: "0.5",
  rows: [{ model: "gpt-image-2", aliases: ["openai/gpt-image-2"], rates: rates("5", "1.25", null, "8", "2", "30"), imageOutputTokens: { "1024x1024": { low: 196, high: 7024 } } }],
};

const SMALL_TEXT = `{
  "name": "Tiny",
  "provider": "openai",
  "effectiveFrom": "2026-06-11T00:00:00.000Z",
  "source": "src",
  "notes": "",
  "currency": "USD",
  "batchMultiplier": "0.5",
  "rows": [
    {
      "model": "gpt-image-2",
      "aliases": [
        "openai/gpt-image-2"
      ],
      "rates": {
        "textInput": "5",
        "cachedTextInput": "1.25",
        "textOutput": null,
        "imageInput": "8",
        "cachedImageInput": "2",
        "imageOutput": "30"
      },
      "imageOutputTokens": {
        "1024x1024": {
          "low": 196,
          "high": 7024
        }
      }
    }
  ]
}
`;

describe("exportJson", () => {
  it("writes the documented shape, pretty, with a trailing newline", () => {
    expect(exportJson(SMALL)).toBe(SMALL_TEXT);
  });

  it("is independent of key insertion order", () => {
    const shuffled: PricingSnapshotData = {
      ...SMALL,
      rows: [
        {
          imageOutputTokens: { "1024x1024": { high: 7024, low: 196 } },
          rates: { imageOutput: "30", cachedImageInput: "2", imageInput: "8", textOutput: null, cachedTextInput: "1.25", textInput: "5" },
          aliases: ["openai/gpt-image-2"],
          model: "gpt-image-2",
        },
      ],
    };
    expect(exportJson(shuffled)).toBe(SMALL_TEXT);
  });

  it("writes rates as canonical strings even when the snapshot holds storage-scale strings", () => {
    const stored = { ...SMALL, batchMultiplier: "0.500000", rows: [{ ...SMALL.rows[0], rates: rates("5.000000000000", "1.250000000000", null, "8", "2.0", "30") }] };
    expect(exportJson(stored)).toBe(SMALL_TEXT);
  });
});

describe("importJson", () => {
  it("reads the exported text back", () => {
    const r = importJson(SMALL_TEXT);
    expect(r).toEqual({ ok: true, snapshot: SMALL, skipped: [], warnings: [] });
  });

  it.each([
    ["sample snapshot", sampleSnapshot()],
    ["no rows", sampleSnapshot({ rows: [] })],
    ["odd metadata", sampleSnapshot({ name: 'Quote " and ünïcode', notes: "line 1\nline 2", batchMultiplier: "1", effectiveFrom: new Date("2026-01-31T23:59:59.999Z") })],
    [
      "per-image and per-megapixel prices",
      sampleSnapshot({
        rows: [
          { model: "dall-e-3", aliases: [], rates: rates(null, null, null, null, null, null), imageOutputTokens: {}, imagePrices: { "1024x1024": { standard: "0.04", hd: "0.08" }, "*": { "*": "0.12" } } },
          { model: "flux-mp", aliases: [], rates: rates(null, null, null, null, null, null), imageOutputTokens: {}, megapixelPrice: "0.03" },
        ],
      }),
    ],
  ])("round-trips exactly: %s", (_label, snapshot) => {
    const text = exportJson(snapshot);
    const r = importJson(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot).toEqual(snapshot);
    expect(exportJson(r.snapshot)).toBe(text);
  });

  it("normalizes non-canonical input so a second export is canonical", () => {
    const r = importJson(SMALL_TEXT.replace('"1.25"', "1.250").replace('"30"', '"3e1"'));
    expect(r.ok && exportJson(r.snapshot)).toBe(SMALL_TEXT);
  });

  it("accepts a UTF-8 byte order mark", () => {
    expect(importJson(`\uFEFF${SMALL_TEXT}`).ok).toBe(true);
  });

  it.each(["", "{", "{\"name\": }", "not json"])("reports invalid JSON %j", (text) => {
    const r = importJson(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: "", message: expect.stringMatching(/^not valid JSON/) });
  });

  it("passes skipInvalid through", () => {
    const doc = JSON.parse(SMALL_TEXT);
    doc.rows.push({ model: "bad", rates: { textInput: "-1" } });
    const text = JSON.stringify(doc);
    expect(importJson(text).ok).toBe(false);
    const r = importJson(text, { skipInvalid: true });
    expect(r.ok && r.skipped.map((s) => [s.row, s.model])).toEqual([[1, "bad"]]);
  });
});

describe("importJson: per-image and per-megapixel prices", () => {
  const row = (extra: Record<string, unknown>) => JSON.stringify({ name: "n", provider: "vendor", effectiveFrom: "2026-06-11", rows: [{ model: "m", rates: {}, ...extra }] });
  it("canonicalizes prices and key order", () => {
    const r = importJson(row({ imagePrices: { "*": { "*": 0.5 }, "1024x1024": { hd: "0.080", standard: 0.04 } }, megapixelPrice: "0.0300" }));
    expect(r.ok && r.snapshot.rows[0]).toMatchObject({ imagePrices: { "1024x1024": { standard: "0.04", hd: "0.08" }, "*": { "*": "0.5" } }, megapixelPrice: "0.03" });
    expect(r.ok && Object.keys(r.snapshot.rows[0].imagePrices!)).toEqual(["1024x1024", "*"]);
  });
  it.each([
    ["a null price", { imagePrices: { "*": { hd: null } } }, "rows[0].imagePrices.*.hd"],
    ["an uppercase quality", { imagePrices: { "*": { HD: "1" } } }, "rows[0].imagePrices.*.HD"],
    ["a bad size", { imagePrices: { "1024 x 1024": { hd: "1" } } }, "rows[0].imagePrices.1024 x 1024"],
    ["a negative megapixel price", { megapixelPrice: "-1" }, "rows[0].megapixelPrice"],
  ])("rejects %s", (_label, extra, path) => {
    const r = importJson(row(extra));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });
});
