import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvMetaOf, exportCsv, importCsv, type CsvMeta } from "@/lib/pricing/formats/csv";
import { rates, sampleSnapshot } from "@/lib/pricing/formats/fixtures/sample-snapshot";
import type { ImportResult } from "@/lib/pricing/formats/result";

const META: CsvMeta = { name: "CSV import", provider: "openai", effectiveFrom: "2026-06-11" };
const HEADER = CSV_COLUMNS.join(",");

function ok(r: ImportResult) {
  if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r.errors)}`);
  return r;
}
function errorsOf(r: ImportResult) {
  if (r.ok) throw new Error("expected failure");
  return r.errors;
}

const UNIT_ROWS = [
  { model: "dall-e-3", aliases: [], rates: rates(null, null, null, null, null, null), imageOutputTokens: {}, imagePrices: { "1024x1024": { standard: "0.04", hd: "0.08" }, "*": { "*": "0.12" } } },
  { model: "flux-mp", aliases: ["bfl/flux-mp"], rates: rates(null, null, null, null, null, null), imageOutputTokens: {}, megapixelPrice: "0.03" },
];

describe("importCsv: per-image and per-megapixel columns", () => {
  it("reads image_prices and megapixel_price, and exports them only when a row has them", () => {
    const text = [`${HEADER},image_prices,megapixel_price`, "dall-e-3,,,,,,,,,1024x1024:HD=$0.08;standard=0.04 *:*=0.12,", "flux-mp,bfl/flux-mp,,,,,,,,,0.030"].join("\n");
    const r = ok(importCsv(text, META));
    expect(r.snapshot.rows).toEqual(UNIT_ROWS);
    expect(exportCsv(r.snapshot).split("\n").slice(0, 3)).toEqual([`${HEADER},image_prices,megapixel_price`, "dall-e-3,,,,,,,,,1024x1024:standard=0.04;hd=0.08 *:*=0.12,", "flux-mp,bfl/flux-mp,,,,,,,,,0.03"]);
    expect(exportCsv(sampleSnapshot()).split("\n")[0]).toBe(HEADER);
  });

  it.each([
    ["no quality", "m,,,,,,,,,1024x1024:", /lists no qualities/],
    ["bad size", "m,,,,,,,,,big:low=1", /not a size/],
    ["bad price", "m,,,,,,,,,1024x1024:low=-1", /must not be negative/],
    ["repeated quality", "m,,,,,,,,,*:hd=1;hd=2", /lists hd twice/],
  ])("rejects %s in image_prices", (_label, line, message) => {
    const errors = errorsOf(importCsv(`${HEADER},image_prices,megapixel_price\n${line},`, META));
    expect(errors[0]).toMatchObject({ line: 2, path: "image_prices", message: expect.stringMatching(message) });
  });
});

describe("importCsv", () => {
  it("reads the documented columns", () => {
    const text = [
      HEADER,
      "gpt-image-2,openai/gpt-image-2|gpt-image-2-2026-04-21,5,1.25,not listed,8,2,30,1024x1024:low=196;medium=1756;high=7024 1024x1536:low=158;medium=1372;high=5488",
      "gpt-image-1-mini,,2,0.20,-,$2.50,0.25,8,",
    ].join("\n");
    const r = ok(importCsv(text, { ...META, source: "https://openai.com/api/pricing/", batchMultiplier: "0.50" }));
    expect(r.snapshot).toMatchObject({ name: "CSV import", provider: "openai", source: "https://openai.com/api/pricing/", batchMultiplier: "0.5", currency: "USD" });
    expect(r.snapshot.effectiveFrom.toISOString()).toBe("2026-06-11T00:00:00.000Z");
    expect(r.snapshot.rows).toEqual([
      {
        model: "gpt-image-2",
        aliases: ["openai/gpt-image-2", "gpt-image-2-2026-04-21"],
        rates: rates("5", "1.25", null, "8", "2", "30"),
        imageOutputTokens: { "1024x1024": { low: 196, medium: 1756, high: 7024 }, "1024x1536": { low: 158, medium: 1372, high: 5488 } },
      },
      { model: "gpt-image-1-mini", aliases: [], rates: rates("2", "0.2", null, "2.5", "0.25", "8"), imageOutputTokens: {} },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it.each(["", "-", "not listed", "Not Listed", "  NOT LISTED  ", " - "])("%j means not listed", (cell) => {
    const r = ok(importCsv(`model,text_output\nm,${cell}`, META));
    expect(r.snapshot.rows[0].rates.textOutput).toBeNull();
  });

  it("matches header names loosely and in any order", () => {
    const r = ok(importCsv("Image Output,MODEL,text-input\n30,gpt-image-2,5", META));
    expect(r.snapshot.rows[0].rates).toEqual(rates("5", null, null, null, null, "30"));
  });

  it("ignores comments, blank lines and all-empty rows, and handles CRLF and a BOM", () => {
    const text = `\uFEFF# exported 2026-06-11\r\n${HEADER}\r\n\r\n# gpt-image-2 first\r\ngpt-image-2,,5,,,,,30,\r\n,,,,,,,,\r\ngpt-image-1,,5,,,,,40,\r\n`;
    const r = ok(importCsv(text, META));
    expect(r.snapshot.rows.map((x) => [x.model, x.rates.imageOutput])).toEqual([
      ["gpt-image-2", "30"],
      ["gpt-image-1", "40"],
    ]);
  });

  it("warns about unknown and missing columns", () => {
    const r = ok(importCsv("model,image_output,comment\nm,30,hello", META));
    expect(r.warnings.map((w) => w.message)).toEqual([
      'unknown column "comment" ignored',
      ...["text_input", "cached_text_input", "text_output", "image_input", "cached_image_input"].map((c) => `no ${c} column: every row treats it as not listed`),
    ]);
    expect(r.warnings[0].line).toBe(1);
  });

  it("imports a header-only file as an empty snapshot with a warning", () => {
    const r = ok(importCsv(`${HEADER}\n`, META));
    expect(r.snapshot.rows).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toContain("the file has a header but no model rows");
  });

  it("imports 500 rows", () => {
    const lines = [HEADER];
    for (let i = 0; i < 500; i++) lines.push(`model-${i},alias-${i},${i}.5,0.25,,8,2,30,1024x1024:low=${i + 1};high=${i + 100}`);
    const r = ok(importCsv(lines.join("\n"), META));
    expect(r.snapshot.rows).toHaveLength(500);
    expect(r.snapshot.rows[499]).toMatchObject({ model: "model-499", aliases: ["alias-499"], rates: { textInput: "499.5" } });
  });
});

describe("importCsv errors name the physical line", () => {
  it.each<[string, string, { line: number; path: string; message: RegExp }]>([
    ["negative rate", "m,,-5,,,,,,", { line: 2, path: "text_input", message: /negative/ }],
    ["non-numeric rate", "m,,,,,,,thirty,", { line: 2, path: "image_output", message: /not a decimal/ }],
    ["thousands separator", 'm,,"1,000",,,,,,', { line: 2, path: "text_input", message: /not a decimal/ }],
    ["empty model", ",,5,,,,,,", { line: 2, path: "model", message: /must not be empty/ }],
    ["model with a space", "gpt image,,5,,,,,,", { line: 2, path: "model", message: /whitespace/ }],
    ["alias with a space", "m,open ai/m,5,,,,,,", { line: 2, path: "aliases", message: /whitespace/ }],
    ["bad token syntax", "m,,5,,,,,,1024x1024:low", { line: 2, path: "image_output_tokens", message: /expected quality=tokens/ }],
    ["bad size", "m,,5,,,,,,1024 x 1024:low=1", { line: 2, path: "image_output_tokens", message: /expected SIZE:quality=tokens/ }],
    ["unknown quality", "m,,5,,,,,,1024x1024:ultra=1", { line: 2, path: "image_output_tokens", message: /not a quality/ }],
    ["zero tokens", "m,,5,,,,,,1024x1024:low=0", { line: 2, path: "image_output_tokens", message: /positive integer/ }],
    ["too few fields", "m,,5", { line: 2, path: "", message: /expected 9 fields like the header, found 3/ }],
    ["too many fields", "m,,5,,,,,,,extra", { line: 2, path: "", message: /found 10/ }],
  ])("%s", (_label, line, expected) => {
    const errors = errorsOf(importCsv(`${HEADER}\n${line}`, META));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: expected.line, path: expected.path });
    expect(errors[0].message).toMatch(expected.message);
  });

  it("counts comments, blank lines and multi-line quoted cells", () => {
    const text = [
      "# comment", // 1
      HEADER, // 2
      "", // 3
      'ok-1,"a|', // 4: a quoted cell spanning two lines
      'b",5,,,,,30,', // 5
      "# another comment", // 6
      "bad-1,,x,,,,,,", // 7
      "", // 8
      'bad-2,"c|', // 9
      'd",-1,,,,,,', // 10
    ].join("\r\n");
    const r = importCsv(text, META);
    const errors = errorsOf(r);
    expect(errors.map((e) => [e.line, e.model])).toEqual([
      [7, "bad-1"],
      [9, "bad-2"],
    ]);
    if (!r.ok) expect(r.partial?.rows.map((x) => [x.model, x.aliases])).toEqual([["ok-1", ["a", "b"]]]);
  });

  it("reports duplicate ids with the line of the later row", () => {
    const errors = errorsOf(importCsv(`${HEADER}\ngpt-image-2,openai/gpt-image-2,5,,,,,30,\nGPT-Image-2,,5,,,,,30,\nx,OPENAI/gpt-image-2,5,,,,,30,`, META));
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [3, "model"],
      [4, "aliases"],
    ]);
    expect(errors[0].message).toMatch(/already used by model "gpt-image-2"/);
  });

  it.each<[string, string, RegExp]>([
    ["no model column", "name,text_input\nm,5", /missing the model column/],
    ["duplicate column", "model,text_input,Text Input\nm,5,6", /column text_input appears twice/],
  ])("header problem: %s", (_label, text, message) => {
    const errors = errorsOf(importCsv(text, META));
    expect(errors[0].line).toBe(1);
    expect(errors[0].message).toMatch(message);
  });

  it.each([
    ["an unclosed quote", '"unclosed,,5,,,,,,\nx,,1,,,,,,\n', /Quote Not Closed/],
    ["text after a closing quote", '"bad"x,,5,,,,,,\nx,,1,,,,,,\n', /Invalid Closing Quote/],
  ])("reports CSV syntax errors with the line they start on: %s", (_label, tail, message) => {
    const errors = errorsOf(importCsv(`# "quoted" comment\n${HEADER}\nm,,5,,,,,,\n${tail}`, META));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^CSV syntax: /);
    expect(errors[0].message).toMatch(message);
    expect(errors[0].line).toBe(4);
  });

  it("reports an empty file", () => {
    expect(errorsOf(importCsv("", META))[0].message).toMatch(/empty/);
  });

  it.each<[string, Partial<CsvMeta>, string]>([
    ["empty name", { name: "" }, "name"],
    ["bad provider", { provider: "Open AI" }, "provider"],
    ["bad date", { effectiveFrom: "June 11" }, "effectiveFrom"],
    ["bad multiplier", { batchMultiplier: "2" }, "batchMultiplier"],
  ])("metadata error: %s", (_label, meta, path) => {
    const errors = errorsOf(importCsv(`${HEADER}\nm,,5,,,,,,`, { ...META, ...meta }, { skipInvalid: true }));
    expect(errors.map((e) => e.path)).toEqual([path]);
  });

  it("skipInvalid keeps the valid rows and lists one skipped entry per bad line", () => {
    const text = [HEADER, "a,,5,,,,,,", "b,,-5,,,,,x,", "c,,6,,,,,,", "a,,7,,,,,,"].join("\n");
    const r = ok(importCsv(text, META, { skipInvalid: true }));
    expect(r.snapshot.rows.map((x) => x.model)).toEqual(["a", "c"]);
    expect(r.skipped.map((s) => [s.line, s.model, s.path])).toEqual([
      [3, "b", "text_input"],
      [5, "a", "model"],
    ]);
    expect(r.skipped[0].message).toBe("text_input: must not be negative (got -5); image_output: is not a decimal number (got \"x\")");
  });
});

describe("exportCsv", () => {
  it("writes the header and one line per model", () => {
    const text = exportCsv(sampleSnapshot());
    expect(text.split("\n")).toEqual([
      HEADER,
      "gpt-image-2,openai/gpt-image-2,5,1.25,,8,2,30,1024x1024:low=196;medium=1756;high=7024 1024x1536:low=158;medium=1372;high=5488 1536x1024:low=158;medium=1372;high=5488",
      "gpt-image-1.5,openai/gpt-image-1.5|gpt-image-1.5-2025-12-16,5,1.25,10,8,2,32,1024x1024:low=272;medium=1056;high=4160",
      "gpt-image-1-mini,,2,0.2,,2.5,0.25,8,1024x1024:low=625 auto:medium=1375",
      "gpt-4.1-mini,,0.4,0.1,1.6,0.4,0.1,,",
      "",
    ]);
  });

  it.each([
    ["sample snapshot", sampleSnapshot()],
    ["no rows", sampleSnapshot({ rows: [] })],
    [
      "cells that need quoting",
      sampleSnapshot({ rows: [{ model: "vendor,model", aliases: ['say"hi"', "#hash"], rates: rates(null, null, null, null, null, "1"), imageOutputTokens: {} }] }),
    ],
    ["notes with newlines and a non-default multiplier", sampleSnapshot({ notes: "a\nb", batchMultiplier: "0.25" })],
    ["per-image and per-megapixel prices", sampleSnapshot({ rows: [...sampleSnapshot().rows, ...UNIT_ROWS] })],
  ])("round-trips exactly: %s", (_label, snapshot) => {
    const text = exportCsv(snapshot);
    const r = ok(importCsv(text, csvMetaOf(snapshot)));
    expect(r.snapshot).toEqual(snapshot);
    expect(exportCsv(r.snapshot)).toBe(text);
  });

  it("canonicalizes storage-scale rate strings", () => {
    const s = sampleSnapshot({ rows: [{ model: "m", aliases: [], rates: rates("5.000000000000", null, null, null, null, "0.250"), imageOutputTokens: {} }] });
    expect(exportCsv(s).split("\n")[1]).toBe("m,,5,,,,,0.25,");
  });
});
