import { describe, expect, it } from "vitest";
import { bucketTable, dimensionItems, dimensionTable } from "./breakdowns";
import { testFigures } from "./test-figures";

describe("dimensionTable", () => {
  const current = [
    { key: "hero", figures: testFigures({ cost: "3", events: 10, images: 6, acceptedOutputs: 5, retries: 2 }) },
    { key: "alt", figures: testFigures({ cost: "1", events: 4, images: 0, acceptedOutputs: 0 }) },
  ];
  const previous = [{ key: "hero", figures: testFigures({ cost: "2", events: 8 }) }];
  const daily = [
    { key: "hero", day: "2026-11-01", cost: "1" },
    { key: "hero", day: "2026-11-03", cost: "2" },
    { key: "alt", day: "2026-11-02", cost: "1" },
  ];
  const items = dimensionItems(current, daily, previous, (k) => ({ label: k.toUpperCase(), href: `/features/${k}` }));
  const build = (sort: { key: string; dir: "asc" | "desc" }) =>
    dimensionTable({
      id: "features",
      title: "Features",
      items,
      total: testFigures({ cost: "4", events: 14, images: 6, acceptedOutputs: 5, retries: 2 }),
      previousTotal: testFigures({ cost: "2" }),
      range: { from: "2026-11-01", to: "2026-11-03" },
      sort,
    });

  it("computes share, change, unit costs and a daily sparkline per row", () => {
    const t = build({ key: "spend", dir: "desc" });
    expect(t.rows.map((r) => r.key)).toEqual(["hero", "alt"]);
    expect(t.rows[0].cells).toMatchObject({
      name: "HERO",
      spend: "3.000000000",
      share: "75.0000",
      change: "50.0000",
      requests: 10,
      images: 6,
      costPerImage: "0.500000000",
      costPerAccepted: "0.600000000",
      retriesPerAccepted: "0.400000",
    });
    expect(t.rows[0].spark).toEqual([1, 0, 2]);
    expect(t.rows[1].cells).toMatchObject({ change: null, costPerImage: null, costPerAccepted: null });
    expect(t.total).toMatchObject({ name: "Total", spend: "4.000000000", share: "100.0000", change: "100.0000" });
  });

  it.each([
    [{ key: "name", dir: "asc" as const }, ["alt", "hero"]],
    [{ key: "spend", dir: "asc" as const }, ["alt", "hero"]],
    [{ key: "change", dir: "asc" as const }, ["hero", "alt"]],
    [{ key: "costPerImage", dir: "desc" as const }, ["hero", "alt"]],
  ])("sorts by %j", (sort, order) => {
    expect(build(sort).rows.map((r) => r.key)).toEqual(order);
  });
});

describe("bucketTable", () => {
  it("lists the six buckets with shares, and a total equal to the cost", () => {
    const f = testFigures({
      cost: "0.06",
      events: 1,
      buckets: { textInput: "0.0005", imageInput: "0.00682", imageOutput: "0.05268" },
      tokens: { textInput: 100, imageInput: 853, imageOutput: 1756 },
    });
    const t = bucketTable("buckets", f);
    expect(t.rows.map((r) => r.cells.bucket)).toEqual(["Text input", "Cached text input", "Text output", "Image input", "Cached image input", "Image output"]);
    expect(t.rows[5].cells).toMatchObject({ cost: "0.052680000", share: "87.8000", tokens: 1756 });
    expect(t.total).toMatchObject({ cost: "0.060000000", tokens: 2709 });
  });
});
