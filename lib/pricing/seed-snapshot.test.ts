import { describe, expect, it } from "vitest";
import { outputCostPerImage } from "@/lib/cost/estimate";
import { priceUsage } from "@/lib/cost/engine";
import { BUCKETS, emptyTokens, type PricingRow, type PricingSnapshotData } from "@/lib/cost/types";
import { Decimal, dec } from "@/lib/money/decimal";
import { matchRow } from "@/lib/pricing/resolve";
import { FLATKEY_2026_06_11, OPENAI_2026_01_01, OPENAI_2026_06_11, SEED_SNAPSHOTS } from "@/lib/pricing/seed-snapshot";

const rowOf = (snap: PricingSnapshotData, model: string): PricingRow => {
  const m = matchRow(snap.rows, model);
  if (!m) throw new Error(`${model} missing from ${snap.name}`);
  return m.row;
};
const toCent = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const toMill = (d: Decimal) => d.toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toFixed(3);

describe("OPENAI_2026_06_11 rates", () => {
  const expected: Record<string, Array<string | null>> = {
    "gpt-image-2": ["5", "1.25", null, "8", "2", "30"],
    "gpt-image-1.5": ["5", "1.25", "10", "8", "2", "32"],
    "gpt-image-1-mini": ["2", "0.2", null, "2.5", "0.25", "8"],
    "gpt-image-1": ["5", "1.25", null, "10", "2.5", "40"],
    "gpt-4.1-mini": ["0.4", "0.1", "1.6", "0.4", "0.1", null],
  };
  it.each(Object.entries(expected))("%s", (model, rates) => {
    const row = rowOf(OPENAI_2026_06_11, model);
    expect(row.model).toBe(model);
    expect(BUCKETS.map((b) => row.rates[b])).toEqual(rates);
    expect(row.aliases).toContain(`openai/${model}`);
  });

  it("snapshot metadata", () => {
    expect(OPENAI_2026_06_11).toMatchObject({ provider: "openai", name: "OpenAI standard rates 2026-06-11", batchMultiplier: "0.5", currency: "USD" });
    expect(OPENAI_2026_06_11.effectiveFrom.toISOString()).toBe("2026-06-11T00:00:00.000Z");
    expect(OPENAI_2026_06_11.notes).toMatch(/gpt-image-1-mini/);
    expect(OPENAI_2026_06_11.rows).toHaveLength(5);
  });
});

describe("guide per-image examples (1024x1024) reproduced from the seed", () => {
  // [model, quality, guide price]. Each is checked to the cent; all but one also to the tenth of a cent.
  const examples: Array<[string, string, string]> = [
    ["gpt-image-2", "low", "0.006"],
    ["gpt-image-2", "medium", "0.053"],
    ["gpt-image-2", "high", "0.211"],
    ["gpt-image-1.5", "low", "0.009"],
    ["gpt-image-1.5", "medium", "0.034"],
    ["gpt-image-1.5", "high", "0.133"],
    ["gpt-image-1-mini", "low", "0.005"],
    ["gpt-image-1-mini", "medium", "0.011"],
    ["gpt-image-1-mini", "high", "0.036"],
    ["gpt-image-1", "low", "0.011"],
    ["gpt-image-1", "medium", "0.042"],
    ["gpt-image-1", "high", "0.167"],
  ];
  it.each(examples)("%s %s ≈ $%s", (model, quality, guide) => {
    const cost = outputCostPerImage(rowOf(OPENAI_2026_06_11, model), "1024x1024", quality)!;
    expect(toCent(cost)).toBe(toCent(dec(guide)));
    // gpt-image-1 high is 4160 × $40 / 1M = $0.1664; the guide's $0.167 is rounded up, so only the cent matches.
    if (!(model === "gpt-image-1" && quality === "high")) expect(toMill(cost)).toBe(guide);
  });

  it("gpt-image-1 high is exactly 0.1664", () => {
    expect(outputCostPerImage(rowOf(OPENAI_2026_06_11, "gpt-image-1"), "1024x1024", "high")!.toFixed()).toBe("0.1664");
  });

  it("gpt-image-1-mini square prices are exact at $8/1M", () => {
    const row = rowOf(OPENAI_2026_06_11, "gpt-image-1-mini");
    expect(["low", "medium", "high"].map((q) => outputCostPerImage(row, "1024x1024", q)!.toFixed())).toEqual(["0.005", "0.011", "0.036"]);
  });

  it.each([
    ["medium", "52.68", "53"],
    ["high", "210.72", "211"],
  ])("1,000 gpt-image-2 %s square outputs = $%s (≈ $%s) of image output", (quality, exact, rounded) => {
    const r = priceUsage(
      { tokens: emptyTokens(), batch: false, images: 1000, size: "1024x1024", quality, model: "gpt-image-2" },
      { snapshot: { id: "seed", name: OPENAI_2026_06_11.name, batchMultiplier: "0.5" }, row: rowOf(OPENAI_2026_06_11, "gpt-image-2"), provider: "openai" },
    );
    expect(r.cost!.toFixed()).toBe(exact);
    expect(r.cost!.toDecimalPlaces(0).toFixed()).toBe(rounded);
  });
});

describe("output token tables", () => {
  it("gpt-image-2 uses one column for portrait and landscape", () => {
    const t = rowOf(OPENAI_2026_06_11, "gpt-image-2").imageOutputTokens;
    expect(t["1024x1536"]).toEqual({ low: 158, medium: 1372, high: 5488 });
    expect(t["1536x1024"]).toEqual(t["1024x1536"]);
  });

  it("gpt-image-1 and gpt-image-1.5 share the guide table", () => {
    const t = rowOf(OPENAI_2026_06_11, "gpt-image-1").imageOutputTokens;
    expect(t).toEqual({
      "1024x1024": { low: 272, medium: 1056, high: 4160 },
      "1024x1536": { low: 408, medium: 1584, high: 6240 },
      "1536x1024": { low: 400, medium: 1568, high: 6208 },
    });
    expect(rowOf(OPENAI_2026_06_11, "gpt-image-1.5").imageOutputTokens).toEqual(t);
  });

  it("gpt-image-1-mini portrait/landscape = square × gpt-image-1 ratio, rounded half-up", () => {
    const mini = rowOf(OPENAI_2026_06_11, "gpt-image-1-mini").imageOutputTokens;
    const g1 = rowOf(OPENAI_2026_06_11, "gpt-image-1").imageOutputTokens;
    for (const size of ["1024x1536", "1536x1024"]) {
      for (const q of ["low", "medium", "high"] as const) {
        const derived = dec(mini["1024x1024"][q]!).times(g1[size][q]!).div(g1["1024x1024"][q]!).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
        expect(mini[size][q]).toBe(derived.toNumber());
      }
    }
  });

  it("gpt-4.1-mini has no output table (vision analysis only)", () => {
    expect(rowOf(OPENAI_2026_06_11, "gpt-4.1-mini").imageOutputTokens).toEqual({});
  });
});

describe("demo snapshots", () => {
  it("OPENAI_2026_01_01 is older, has no gpt-image-2, and gpt-image-1.5 output at $40", () => {
    expect(OPENAI_2026_01_01.effectiveFrom.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(OPENAI_2026_01_01.provider).toBe("openai");
    expect(matchRow(OPENAI_2026_01_01.rows, "gpt-image-2")).toBeNull();
    expect(rowOf(OPENAI_2026_01_01, "gpt-image-1.5").rates.imageOutput).toBe("40");
    // not shared with the June snapshot
    expect(rowOf(OPENAI_2026_06_11, "gpt-image-1.5").rates.imageOutput).toBe("32");
  });

  it("FLATKEY_2026_06_11 is every OpenAI row under openai/<id>, 5% higher", () => {
    expect(FLATKEY_2026_06_11.provider).toBe("flatkey");
    expect(FLATKEY_2026_06_11.notes).toMatch(/illustrative/i);
    expect(FLATKEY_2026_06_11.rows.map((r) => r.model)).toEqual(OPENAI_2026_06_11.rows.map((r) => `openai/${r.model}`));
    for (const fk of FLATKEY_2026_06_11.rows) {
      const base = rowOf(OPENAI_2026_06_11, fk.aliases[0]);
      expect(fk.aliases).toEqual([base.model]);
      for (const b of BUCKETS) {
        const r = base.rates[b];
        expect(fk.rates[b] === null ? null : dec(fk.rates[b]!).toFixed()).toBe(r === null ? null : dec(r).times("1.05").toFixed());
      }
      expect(fk.imageOutputTokens).toEqual(base.imageOutputTokens);
    }
    expect(rowOf(FLATKEY_2026_06_11, "gpt-image-2").rates).toMatchObject({ textInput: "5.25", cachedTextInput: "1.3125", imageOutput: "31.5" });
  });

  it("every seed rate is a valid non-negative decimal string and every alias is unique per snapshot", () => {
    for (const snap of SEED_SNAPSHOTS) {
      const ids = snap.rows.flatMap((r) => [r.model, ...r.aliases].map((s) => s.toLowerCase()));
      expect(new Set(ids).size).toBe(ids.length);
      for (const row of snap.rows) {
        for (const b of BUCKETS) {
          const r = row.rates[b];
          // canonical form, as snapshot-schema.ts normalizes: plain notation, no trailing zeros
          if (r !== null) expect(r).toBe(dec(r).toFixed());
        }
      }
    }
  });
});
