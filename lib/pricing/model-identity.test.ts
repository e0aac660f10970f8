import { describe, expect, it } from "vitest";
import { canonicalModel, canonicalModelId, modelNameResolver, stripVendorPrefix } from "@/lib/pricing/model-identity";
import { FLATKEY_2026_06_11, OPENAI_2026_01_01, OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";

const OPENAI = OPENAI_2026_06_11.rows;
const FLATKEY = FLATKEY_2026_06_11.rows;

describe("canonicalModel: a model as called -> its canonical priced model", () => {
  const cases: Array<[string, readonly (typeof OPENAI)[number][], string, string]> = [
    ["exact id", OPENAI, "gpt-image-2", "gpt-image-2"],
    ["case and whitespace", OPENAI, " GPT-Image-1.5 ", "gpt-image-1.5"],
    ["vendor prefix via alias", OPENAI, "openai/gpt-image-2", "gpt-image-2"],
    ["prefix and case via alias", OPENAI, "OpenAI/GPT-Image-1.5", "gpt-image-1.5"],
    ["dated variant", OPENAI, "gpt-image-1.5-2026-05-01", "gpt-image-1.5"],
    ["dated variant of an alias", OPENAI, "openai/gpt-image-1.5-2026-05-01", "gpt-image-1.5"],
    ["router row keyed openai/<id>: prefix stripped", FLATKEY, "openai/gpt-image-2", "gpt-image-2"],
    ["router row via its bare alias", FLATKEY, "gpt-image-2", "gpt-image-2"],
    ["router row, dated variant", FLATKEY, "gpt-image-1.5-2025-12-16", "gpt-image-1.5"],
    ["no prefix matching: mini is its own model", OPENAI, "gpt-image-1-mini", "gpt-image-1-mini"],
    ["unpriced keeps its own name, case and all", OPENAI, "Imagen-4-Ultra", "Imagen-4-Ultra"],
    ["unpriced prefixed name is not stripped", OPENAI, "google/imagen-4", "google/imagen-4"],
    ["unpriced under an older snapshot", OPENAI_2026_01_01.rows, "gpt-image-2", "gpt-image-2"],
    ["unpriced, not a real date suffix", OPENAI, "gpt-image-1.5-2026-13-01", "gpt-image-1.5-2026-13-01"],
    ["no rows at all", [], "openai/gpt-image-2", "openai/gpt-image-2"],
  ];
  it.each(cases)("%s: %s", (_label, rows, asCalled, expected) => {
    expect(canonicalModel(rows, asCalled)).toBe(expected);
  });

  it("is idempotent: the canonical id resolves to itself", () => {
    for (const rows of [OPENAI, FLATKEY]) {
      for (const r of rows) {
        const c = canonicalModel(rows, r.model);
        expect(canonicalModel(rows, c)).toBe(c);
      }
    }
  });
});

describe("canonicalModelId: from the stored (model as called, priced row id)", () => {
  const cases: Array<[string, string | null, string]> = [
    ["gpt-image-1.5-2026-05-01", "gpt-image-1.5", "gpt-image-1.5"],
    ["gpt-image-2", "openai/gpt-image-2", "gpt-image-2"],
    ["x", "Vendor/Sub/Model-A", "model-a"],
    ["Imagen-4", null, "Imagen-4"],
    ["Imagen-4", "  ", "Imagen-4"],
  ];
  it.each(cases)("(%s, %s) -> %s", (asCalled, priced, expected) => {
    expect(canonicalModelId(asCalled, priced)).toBe(expected);
  });
});

describe("stripVendorPrefix", () => {
  it.each([
    ["openai/gpt-image-2", "gpt-image-2"],
    ["a/b/c", "c"],
    ["gpt-image-2", "gpt-image-2"],
    ["trailing/", "trailing/"],
  ])("%s -> %s", (id, expected) => expect(stripVendorPrefix(id)).toBe(expected));
});

describe("modelNameResolver: names typed into filters, budgets, rules", () => {
  const resolve = modelNameResolver([OPENAI, FLATKEY]);
  it.each([
    ["openai/gpt-image-1.5", "gpt-image-1.5"],
    ["GPT-Image-1.5", "gpt-image-1.5"],
    ["gpt-image-1.5-2026-05-01", "gpt-image-1.5"],
    ["gpt-image-2", "gpt-image-2"],
    ["my-unpriced-model", "my-unpriced-model"],
  ])("%s -> %s", (name, expected) => expect(resolve(name)).toBe(expected));

  it("the first row set that prices the name decides", () => {
    const renamed = [{ ...OPENAI[0], model: "gpt-image-next", aliases: ["gpt-image-2"] }];
    expect(modelNameResolver([renamed, OPENAI])("gpt-image-2")).toBe("gpt-image-next");
    expect(modelNameResolver([OPENAI, renamed])("gpt-image-2")).toBe("gpt-image-2");
  });
});
