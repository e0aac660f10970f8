import { describe, expect, it } from "vitest";
import { sampleSnapshot } from "@/lib/pricing/formats/fixtures/sample-snapshot";
import type { ImportResult } from "@/lib/pricing/formats/result";
import { SnapshotInput, parseSnapshotJson } from "@/lib/pricing/snapshot-schema";

/** The example document from the format spec. */
function specDoc(): Record<string, unknown> {
  return {
    name: "OpenAI 2026-06-11",
    provider: "openai",
    effectiveFrom: "2026-06-11T00:00:00Z",
    source: "https://openai.com/api/pricing/",
    notes: "",
    currency: "USD",
    batchMultiplier: "0.5",
    rows: [
      {
        model: "gpt-image-2",
        aliases: ["openai/gpt-image-2"],
        rates: { textInput: "5", cachedTextInput: "1.25", textOutput: null, imageInput: "8", cachedImageInput: "2", imageOutput: "30" },
        imageOutputTokens: { "1024x1024": { low: 196, medium: 1756, high: 7024 } },
      },
    ],
  };
}

function withRow(row: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const doc = specDoc();
  const base = (doc.rows as Record<string, unknown>[])[0];
  return { ...doc, ...extra, rows: [{ ...base, ...row }] };
}

function errorsOf(r: ImportResult) {
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.snapshot)}`);
  return r.errors;
}

describe("parseSnapshotJson: valid input", () => {
  it("parses the documented example", () => {
    const r = parseSnapshotJson(specDoc());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.effectiveFrom.toISOString()).toBe("2026-06-11T00:00:00.000Z");
    expect(r.snapshot.rows[0].rates).toEqual({
      textInput: "5",
      cachedTextInput: "1.25",
      textOutput: null,
      imageInput: "8",
      cachedImageInput: "2",
      imageOutput: "30",
    });
    expect(r.skipped).toEqual([]);
  });

  it("treats JSON numbers and decimal strings alike and normalizes both", () => {
    const asNumbers = withRow({ rates: { textInput: 5, cachedTextInput: 1.25, imageInput: 8e0, cachedImageInput: 2, imageOutput: 30 } }, { batchMultiplier: 0.5 });
    const asStrings = withRow({ rates: { textInput: "5.00", cachedTextInput: "1.250", imageInput: "8", cachedImageInput: "2e0", imageOutput: "3e1" } }, { batchMultiplier: "0.50" });
    const a = parseSnapshotJson(asNumbers);
    const b = parseSnapshotJson(asStrings);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.snapshot).toEqual(b.snapshot);
      expect(a.snapshot.rows[0].rates.cachedTextInput).toBe("1.25");
      expect(a.snapshot.batchMultiplier).toBe("0.5");
    }
  });

  it("fills defaults: missing rate keys are null, aliases [], tokens {}, source/notes '', USD, 0.5", () => {
    const r = parseSnapshotJson({ name: "n", provider: "openai", effectiveFrom: "2026-06-11", rows: [{ model: "m", rates: { imageOutput: "30" } }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot).toMatchObject({ source: "", notes: "", currency: "USD", batchMultiplier: "0.5" });
    expect(r.snapshot.rows[0]).toEqual({
      model: "m",
      aliases: [],
      rates: { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: "30" },
      imageOutputTokens: {},
    });
  });

  it.each([
    ["2026-06-11", "2026-06-11T00:00:00.000Z"],
    ["2026-06-11T02:00:00+02:00", "2026-06-11T00:00:00.000Z"],
    ["2026-06-11T00:00:00.123Z", "2026-06-11T00:00:00.123Z"],
  ])("accepts effectiveFrom %s", (input, iso) => {
    const r = parseSnapshotJson({ ...specDoc(), effectiveFrom: input });
    expect(r.ok && r.snapshot.effectiveFrom.toISOString()).toBe(iso);
  });

  it("accepts provider slugs with - _ .", () => {
    for (const provider of ["openai", "azure_ai", "vertex_ai-image-models", "flat.key2"]) {
      expect(parseSnapshotJson({ ...specDoc(), provider }).ok).toBe(true);
    }
  });

  it("accepts an empty rows array", () => {
    const r = parseSnapshotJson({ ...specDoc(), rows: [] });
    expect(r.ok && r.snapshot.rows).toEqual([]);
  });

  it("trims model ids and puts token sizes in canonical order", () => {
    const r = parseSnapshotJson(withRow({ model: "  gpt-image-2 ", imageOutputTokens: { auto: { high: 3 }, "1536x1024": { high: 2, low: 1 }, "1024x1024": { low: 1 } } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.rows[0].model).toBe("gpt-image-2");
    expect(Object.keys(r.snapshot.rows[0].imageOutputTokens)).toEqual(["1024x1024", "1536x1024", "auto"]);
    expect(Object.keys(r.snapshot.rows[0].imageOutputTokens["1536x1024"])).toEqual(["low", "high"]);
  });
});

describe("parseSnapshotJson: every documented error", () => {
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["empty name", { ...specDoc(), name: " " }, "name", /must not be empty/],
    ["missing name", { ...specDoc(), name: undefined }, "name", /must be a string/],
    ["uppercase provider", { ...specDoc(), provider: "OpenAI" }, "provider", /lowercase slug/],
    ["provider with a space", { ...specDoc(), provider: "open ai" }, "provider", /lowercase slug/],
    ["effectiveFrom not a date", { ...specDoc(), effectiveFrom: "yesterday" }, "effectiveFrom", /ISO-8601/],
    ["effectiveFrom without offset", { ...specDoc(), effectiveFrom: "2026-06-11T00:00:00" }, "effectiveFrom", /ISO-8601/],
    ["effectiveFrom impossible date", { ...specDoc(), effectiveFrom: "2026-02-30" }, "effectiveFrom", /ISO-8601/],
    ["currency EUR", { ...specDoc(), currency: "EUR" }, "currency", /must be "USD"/],
    ["batchMultiplier 0", { ...specDoc(), batchMultiplier: "0" }, "batchMultiplier", /greater than 0/],
    ["batchMultiplier above 1", { ...specDoc(), batchMultiplier: 1.5 }, "batchMultiplier", /at most 1/],
    ["batchMultiplier negative", { ...specDoc(), batchMultiplier: "-0.5" }, "batchMultiplier", /negative/],
    ["batchMultiplier not numeric", { ...specDoc(), batchMultiplier: "half" }, "batchMultiplier", /not a decimal/],
    ["unknown top-level key", { ...specDoc(), batchMultipler: "0.5" }, "", /Unrecognized key/],
    ["rows missing", { ...specDoc(), rows: undefined }, "rows", /is required/],
    ["rows not an array", { ...specDoc(), rows: {} }, "rows", /must be an array/],
    ["empty model", withRow({ model: "" }), "rows[0].model", /must not be empty/],
    ["model with whitespace", withRow({ model: "gpt image" }), "rows[0].model", /whitespace/],
    ["model with |", withRow({ model: "a|b" }), "rows[0].model", /"\|"/],
    ["alias with whitespace", withRow({ aliases: ["open ai/x"] }), "rows[0].aliases[0]", /whitespace/],
    ["alias equal to own model", withRow({ aliases: ["GPT-IMAGE-2"] }), "rows[0].aliases[0]", /repeats "gpt-image-2" in the same row/],
    ["negative rate", withRow({ rates: { textInput: "-5" } }), "rows[0].rates.textInput", /negative/],
    ["negative number rate", withRow({ rates: { textInput: -5 } }), "rows[0].rates.textInput", /negative/],
    ["non-numeric rate", withRow({ rates: { imageOutput: "thirty" } }), "rows[0].rates.imageOutput", /not a decimal/],
    ["boolean rate", withRow({ rates: { imageOutput: true } }), "rows[0].rates.imageOutput", /decimal string, a number or null/],
    ["empty-string rate", withRow({ rates: { imageOutput: "" } }), "rows[0].rates.imageOutput", /use null/],
    ["unknown rate key", withRow({ rates: { textinput: "5" } }), "rows[0].rates", /Unrecognized key: "textinput"/],
    ["rates missing", withRow({ rates: undefined }), "rows[0].rates", /expected object/],
    ["unknown row key", withRow({ rate: {} }), "rows[0]", /Unrecognized key/],
    ["bad size key", withRow({ imageOutputTokens: { "1024X1024": { low: 1 } } }), "rows[0].imageOutputTokens.1024X1024", /size like "1024x1024"/],
    ["size key with spaces", withRow({ imageOutputTokens: { "1024 x 1024": { low: 1 } } }), "rows[0].imageOutputTokens.1024 x 1024", /size like/],
    ["unknown quality", withRow({ imageOutputTokens: { "1024x1024": { ultra: 1 } } }), "rows[0].imageOutputTokens.1024x1024", /unknown quality "ultra"/],
    ["zero tokens", withRow({ imageOutputTokens: { "1024x1024": { low: 0 } } }), "rows[0].imageOutputTokens.1024x1024.low", /positive integer/],
    ["fractional tokens", withRow({ imageOutputTokens: { "1024x1024": { low: 1.5 } } }), "rows[0].imageOutputTokens.1024x1024.low", /positive integer/],
    ["negative tokens", withRow({ imageOutputTokens: { "1024x1024": { low: -3 } } }), "rows[0].imageOutputTokens.1024x1024.low", /positive integer/],
    ["string tokens", withRow({ imageOutputTokens: { "1024x1024": { low: "196" } } }), "rows[0].imageOutputTokens.1024x1024.low", /positive integer/],
    ["size without qualities", withRow({ imageOutputTokens: { auto: {} } }), "rows[0].imageOutputTokens.auto", /lists no qualities/],
  ])("%s", (_label, doc, path, message) => {
    const errors = errorsOf(parseSnapshotJson(doc));
    expect(errors.some((e) => e.path === path && message.test(e.message))).toBe(true);
  });

  it("rejects a non-object document", () => {
    for (const doc of [null, [], "x", 5]) expect(errorsOf(parseSnapshotJson(doc))[0].path).toBe("");
  });

  it("reports the row index and model on row errors", () => {
    const doc = specDoc();
    (doc.rows as unknown[]).push({ model: "gpt-image-1", rates: { textInput: "x" } });
    const errors = errorsOf(parseSnapshotJson(doc));
    expect(errors).toEqual([{ row: 1, model: "gpt-image-1", path: "rows[1].rates.textInput", message: expect.stringMatching(/not a decimal/) }]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["model repeats a model", { model: "gpt-image-2", rates: {} }, "rows[1].model", /already used by model "gpt-image-2"/],
    ["model repeats in another case", { model: "GPT-Image-2", rates: {} }, "rows[1].model", /already used/],
    ["model collides with an alias", { model: "openai/gpt-image-2", rates: {} }, "rows[1].model", /already used by model "gpt-image-2"/],
    ["alias collides with a model", { model: "x", aliases: ["gpt-image-2"], rates: {} }, "rows[1].aliases[0]", /already used/],
    ["alias collides with an alias", { model: "x", aliases: ["OpenAI/GPT-image-2"], rates: {} }, "rows[1].aliases[0]", /already used/],
  ])("ids are unique across the snapshot: %s", (_label, second, path, message) => {
    const doc = specDoc();
    (doc.rows as unknown[]).push(second);
    const errors = errorsOf(parseSnapshotJson(doc));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 1, path });
    expect(errors[0].message).toMatch(message);
  });
});

describe("parseSnapshotJson: skipInvalid and partial", () => {
  const doc = () => ({
    ...specDoc(),
    rows: [
      { model: "a", rates: { textInput: "1" } },
      { model: "b", rates: { textInput: "-1" }, imageOutputTokens: { x: { low: 1 } } },
      { model: "A", rates: {} },
      { model: "c", rates: { textInput: 2 } },
    ],
  });

  it("fails by default and returns the valid rows as partial", () => {
    const r = parseSnapshotJson(doc());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.row)).toEqual([1, 1, 2]);
    expect(r.partial?.rows.map((x) => x.model)).toEqual(["a", "c"]);
  });

  it("with skipInvalid returns the valid rows and one skipped entry per bad row", () => {
    const r = parseSnapshotJson(doc(), { skipInvalid: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.rows.map((x) => x.model)).toEqual(["a", "c"]);
    expect(r.skipped).toHaveLength(2);
    expect(r.skipped[0]).toMatchObject({ row: 1, model: "b", path: "rows[1].rates.textInput" });
    expect(r.skipped[0].message).toMatch(/negative.*imageOutputTokens/);
    expect(r.skipped[1]).toMatchObject({ row: 2, model: "A", path: "rows[2].model" });
  });

  it("metadata errors fail even with skipInvalid, without partial", () => {
    const r = parseSnapshotJson({ ...doc(), currency: "EUR" }, { skipInvalid: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.partial).toBeUndefined();
  });

  it("fails when every row is invalid, even with skipInvalid", () => {
    const r = parseSnapshotJson({ ...specDoc(), rows: [{ model: "" }, { model: "x", rates: { textInput: "y" } }] }, { skipInvalid: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.at(-1)).toEqual({ path: "rows", message: "no valid rows to import" });
  });
});

describe("SnapshotInput (route handler schema)", () => {
  it("parses a create/update body into PricingSnapshotData", () => {
    const r = SnapshotInput.safeParse(specDoc());
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.rows[0].rates.imageOutput).toBe("30");
  });

  it("accepts an exported snapshot's own shape, Date included", () => {
    const s = sampleSnapshot();
    const r = SnapshotInput.safeParse(s);
    expect(r.success && r.data).toEqual(s);
  });

  it("reports id collisions with the row path", () => {
    const doc = specDoc();
    (doc.rows as unknown[]).push({ model: "x", aliases: ["gpt-image-2"], rates: {} });
    const r = SnapshotInput.safeParse(doc);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([["rows", 1, "aliases", 0]]);
  });
});
