import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { exportJson } from "@/lib/pricing/formats/json";
import { csvCommentMeta, detectFormat, exportCsvWithMeta, ImportRequestSchema, parseImport, type ImportRequest } from "./import";

const NOW = new Date("2026-11-25T12:00:00Z");
const LITELLM = readFileSync(path.join(import.meta.dirname, "formats/fixtures/litellm-excerpt.json"), "utf8");
const req = (r: Partial<ImportRequest> & Pick<ImportRequest, "format" | "content">): ImportRequest => ImportRequestSchema.parse(r);

describe("parseImport", () => {
  it("JSON: file metadata can be overridden by the request", () => {
    const r = parseImport(req({ format: "json", content: exportJson(OPENAI_2026_06_11), provider: "openai-eu", effectiveFrom: "2026-07-01" }), NOW);
    expect(r.ok && [r.snapshot.provider, r.snapshot.effectiveFrom.toISOString(), r.snapshot.rows.length]).toEqual(["openai-eu", "2026-07-01T00:00:00.000Z", 5]);
  });

  it("JSON syntax errors name the line", () => {
    const r = parseImport(req({ format: "json", content: '{\n  "name": "x",\n  "rows": [,]\n}' }), NOW);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 3, path: "" });
  });

  it("CSV: metadata from comment lines; a missing provider is one clear error", () => {
    const csv = exportCsvWithMeta(OPENAI_2026_06_11);
    expect(csvCommentMeta(csv)).toMatchObject({ provider: "openai", name: OPENAI_2026_06_11.name, effectiveFrom: "2026-06-11T00:00:00.000Z", batchMultiplier: "0.5" });
    const r = parseImport(req({ format: "csv", content: csv }), NOW);
    expect(r.ok && exportJson(r.snapshot)).toBe(exportJson(OPENAI_2026_06_11));
    const noProvider = parseImport(req({ format: "csv", content: "model,text_input\ngpt-image-2,5\n" }), NOW);
    expect(!noProvider.ok && noProvider.errors).toEqual([expect.objectContaining({ path: "provider" })]);
  });

  it("CSV without an effective date uses the import time and says so", () => {
    const r = parseImport(req({ format: "csv", content: "model,image_output\ngpt-image-2,30\n", provider: "openai" }), NOW);
    expect(r.ok && r.snapshot.effectiveFrom.toISOString()).toBe(NOW.toISOString());
    expect(r.ok && r.warnings[0]).toMatchObject({ path: "effectiveFrom" });
    expect(r.ok && r.snapshot.name).toBe("openai rates imported 2026-11-25");
  });

  it("LiteLLM: per-token prices become exact per-1M rates; skipped entries carry their line", () => {
    const r = parseImport(req({ format: "litellm", content: LITELLM, effectiveFrom: "2026-06-11" }), NOW);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.snapshot.rows.find((x) => x.model === "gpt-image-1")?.rates).toEqual({
      textInput: "5",
      cachedTextInput: "1.25",
      textOutput: null,
      imageInput: "10",
      cachedImageInput: null,
      imageOutput: "40",
    });
    const lines = LITELLM.split("\n");
    for (const s of r.skipped) expect(lines[s.line! - 1]).toContain(`"${s.model}"`);
  });

  it("refuses rates storage would round (more than 9 decimals)", () => {
    const r = parseImport(req({ format: "csv", content: "model,text_input\ngpt-image-2,0.0000000001\n", provider: "openai", effectiveFrom: "2026-01-01" }), NOW);
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ model: "gpt-image-2", path: "rows[0].rates.textInput" })]);
  });
});

describe("detectFormat", () => {
  it.each([
    ["rates.csv", "model\n", "csv"],
    ["openai.json", exportJson(OPENAI_2026_06_11), "json"],
    ["model_prices_and_context_window.json", LITELLM, "litellm"],
    ["broken.json", "{", "json"],
  ])("%s -> %s", (name, content, format) => {
    expect(detectFormat(name, content)).toBe(format);
  });
});
