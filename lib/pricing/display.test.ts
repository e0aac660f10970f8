import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money/decimal";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { formatExactUsd, formatInstant, formatPct, formatRate, formatRateDelta, perImageTable } from "./display";

describe("display", () => {
  it.each([
    [formatRate("0.2"), "$0.20"],
    [formatRate("5"), "$5.00"],
    [formatRate("1.3125"), "$1.3125"],
    [formatRate(null), "Not listed"],
    [formatRateDelta("-2.5"), "-$2.50"],
    [formatRateDelta("8"), "+$8.00"],
    [formatPct("-8.33"), "-8.33%"],
    [formatPct("0.00"), "+0.00%"],
    [formatExactUsd(dec("1234567.05268"), 3), "$1,234,567.05268"],
    [formatExactUsd("0.005", 3), "$0.005"],
    [formatInstant("2026-06-11T00:00:00.000Z"), "2026-06-11 00:00 UTC"],
  ])("%s", (got, want) => {
    expect(got).toBe(want);
  });

  it("derives the per-image image output cost of every size × quality, standard and batch", () => {
    const row = OPENAI_2026_06_11.rows.find((r) => r.model === "gpt-image-2")!;
    const t = perImageTable(row, "0.5");
    expect(t.map((r) => r.size)).toEqual(["1024x1024", "1024x1536", "1536x1024"]);
    expect(t[0].cells).toEqual([
      { quality: "low", tokens: 196, cost: "0.00588", batchCost: "0.00294" },
      { quality: "medium", tokens: 1756, cost: "0.05268", batchCost: "0.02634" },
      { quality: "high", tokens: 7024, cost: "0.21072", batchCost: "0.10536" },
    ]);
    const vision = OPENAI_2026_06_11.rows.find((r) => r.model === "gpt-4.1-mini")!;
    expect(perImageTable(vision, "0.5")).toEqual([]);
  });
});
