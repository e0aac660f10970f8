import { describe, expect, it } from "vitest";
import { batchOpportunity } from "./batch-opportunity";
import { testFigures } from "./test-figures";

describe("batchOpportunity", () => {
  const inputs = [
    { feature: "catalog-backfill", provider: "openai", batch: false, figures: testFigures({ cost: "100.123456789012", events: 1000 }) },
    { feature: "catalog-backfill", provider: "openai", batch: true, figures: testFigures({ cost: "50", events: 1000 }) },
    { feature: "email-art", provider: "flatkey", batch: false, figures: testFigures({ cost: "10", events: 10 }) },
    { feature: "email-art", provider: "unknown", batch: false, figures: testFigures({ cost: "1", events: 1 }) },
    { feature: "hero", provider: "openai", batch: false, figures: testFigures({ cost: "999", events: 5 }) },
  ];
  const mult = (p: string) => (p === "openai" ? "0.5" : p === "flatkey" ? "0.6" : null);

  it("counts only delayable features' real-time spend and saves cost × (1 − multiplier)", () => {
    const r = batchOpportunity("batch", inputs, new Set(["catalog-backfill", "email-art"]), mult);
    expect(r.table.rows.map((x) => [x.key, x.cells.realtimeSpend, x.cells.savings])).toEqual([
      ["catalog-backfill", "100.123456789012", "50.061728394506"],
      ["email-art", "11.000000000", "4.000000000"],
    ]);
    expect(r.table.rows[0].cells.batchShare).toBe("33.3059");
    expect(r.savings).toBe("54.061728394506");
    expect(r.realtimeSpend).toBe("111.123456789012");
    expect(r.table.total).toMatchObject({ feature: "Total", savings: "54.061728394506" });
  });

  it("is empty without delayable features", () => {
    const r = batchOpportunity("batch", inputs, new Set(), mult);
    expect(r.table.rows).toEqual([]);
    expect(r.table.total).toBeNull();
    expect(r.savings).toBe("0.000000000");
  });
});
