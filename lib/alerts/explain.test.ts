import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money/decimal";
import { parseViewParams } from "@/lib/spend/filters";
import { openDimensions, percentChange, periodComparison, rankContributors, reconciliationNotes, RECONCILIATION_NOT_APPLICABLE, windowComparison, type ContributorTotals, type ReconciliationExplanation } from "./explain";
import { contributorText, explanationLines, measureText } from "./explain-render";
import { filteredViewUrl } from "./mail-templates";

const row = (dim: ContributorTotals["dim"], key: string, current: string, previous: string, label = key): ContributorTotals => ({ dim, key, label, current, previous });

describe("openDimensions", () => {
  it.each([
    [{ teamId: null, feature: null, model: null }, ["team", "feature", "model"]],
    [{ teamId: "t1", feature: null, model: null }, ["feature", "model"]],
    [{ teamId: "t1", feature: "hero", model: null }, ["model"]],
    [{ teamId: null, feature: null, model: "gpt-image-1" }, ["team", "feature"]],
    [{ teamId: "t1", feature: "hero", model: "gpt-image-1" }, []],
  ])("%o leaves %o open", (scope, dims) => {
    expect(openDimensions(scope)).toEqual(dims);
  });
});

describe("percentChange", () => {
  it.each([
    ["300", "100", "200.0"],
    ["50", "200", "-75.0"],
    ["100", "100", "0.0"],
    // 1/3 -> 33.333... rounds to 33.3; 2/3 -> 66.666... to 66.7
    ["4", "3", "33.3"],
    ["5", "3", "66.7"],
    // half-even at the first decimal: 0.25% -> 0.2, 0.35% -> 0.4
    ["1000.25", "1000", "0.0"],
    ["100.25", "100", "0.2"],
    ["100.35", "100", "0.4"],
    ["12", "0", null],
  ])("%s against %s is %s %%", (cur, prev, pct) => {
    expect(percentChange(dec(cur), dec(prev))).toBe(pct);
  });
});

describe("rankContributors", () => {
  const rows = [
    row("team", "t-a", "300", "100", "Alpha"),
    row("team", "t-b", "80.5", "120", "Beta"),
    row("team", "t-c", "12", "0", "Gamma"),
    row("team", "t-d", "5", "1", "Delta"),
    row("team", "t-e", "0", "50", "Gone"),
    row("feature", "hero", "250", "200"),
    row("feature", "ads", "250", "100"),
    row("feature", "thumbs", "147.5", "21"),
    row("model", "gpt-image-1", "397.5", "221"),
  ];

  it("takes three per open dimension, by value, ties by larger increase", () => {
    const g = rankContributors(rows, ["team", "feature", "model"], "cost");
    expect(g.map((x) => [x.dim, x.items.map((i) => i.key)])).toEqual([
      ["team", ["t-a", "t-b", "t-c"]],
      ["feature", ["ads", "hero", "thumbs"]],
      ["model", ["gpt-image-1"]],
    ]);
  });

  it.each([
    // key, value, previous, change, changePercent
    ["t-a", "300.000000000", "100.000000000", "200.000000000", "200.0"],
    ["t-b", "80.500000000", "120.000000000", "-39.500000000", "-32.9"],
    ["t-c", "12.000000000", "0.000000000", "12.000000000", null],
  ])("team %s: %s now, %s before, change %s (%s %%)", (key, value, previous, change, pct) => {
    const item = rankContributors(rows, ["team"], "cost")[0].items.find((i) => i.key === key);
    expect(item).toEqual({ key, label: expect.any(String), value, previous, change, changePercent: pct });
  });

  it("drops fixed dimensions and contributors with nothing now; counts stay integers", () => {
    const g = rankContributors([row("model", "m1", "1200", "800"), row("team", "t", "5", "0")], ["model"], "images");
    expect(g).toEqual([{ dim: "model", items: [{ key: "m1", label: "m1", value: "1200", previous: "800", change: "400", changePercent: "50.0" }] }]);
  });
});

describe("comparison windows", () => {
  it("compares a month so far with the same number of hours of the previous month", () => {
    const nov = { start: new Date("2026-11-01T00:00:00Z"), endExclusive: new Date("2026-12-01T00:00:00Z") };
    const oct = { start: new Date("2026-10-01T00:00:00Z"), endExclusive: new Date("2026-11-01T00:00:00Z") };
    const w = periodComparison(nov, oct, new Date("2026-11-25T12:30:00Z"));
    // 24 days + 13 hours elapsed (to the end of the current hour).
    expect(w.current.to.toISOString()).toBe("2026-11-25T13:00:00.000Z");
    expect(w.previous).toEqual({ from: oct.start, to: new Date("2026-10-25T13:00:00Z") });
  });

  it("caps at the previous period's end (31 days of March against 28 of February)", () => {
    const mar = { start: new Date("2026-03-01T00:00:00Z"), endExclusive: new Date("2026-04-01T00:00:00Z") };
    const feb = { start: new Date("2026-02-01T00:00:00Z"), endExclusive: new Date("2026-03-01T00:00:00Z") };
    expect(periodComparison(mar, feb, new Date("2026-03-31T10:00:00Z")).previous.to).toEqual(feb.endExclusive);
  });

  it("puts a rolling window against the one just before", () => {
    const w = { from: new Date("2026-11-25T09:00:00Z"), to: new Date("2026-11-25T12:00:00Z") };
    expect(windowComparison(w).previous).toEqual({ from: new Date("2026-11-25T06:00:00Z"), to: w.from });
  });
});

describe("rendering", () => {
  it.each([
    ["cost", { key: "a", label: "Alpha", value: "300", previous: "100", change: "200", changePercent: "200.0" }, "$300.00 (previous $100.00, +$200.00, +200.0%)"],
    ["cost", { key: "b", label: "Beta", value: "80.5", previous: "120", change: "-39.5", changePercent: "-32.9" }, "$80.50 (previous $120.00, -$39.50, -32.9%)"],
    ["images", { key: "m", label: "m", value: "1200", previous: "0", change: "1200", changePercent: null }, "1,200 images (previous 0 images, +1,200 images, new)"],
    ["unpriced", { key: "m", label: "m", value: "7", previous: "9", change: "-2", changePercent: "-22.2" }, "7 (previous 9, -2, -22.2%)"],
  ] as const)("%s contributor reads %s", (measure, c, text) => {
    expect(contributorText(measure, c)).toBe(text);
  });

  it("lists each open dimension", () => {
    const e = { measure: "cost" as const, window: { from: "", to: "" }, previousWindow: { from: "", to: "" }, forecast: null, link: "x", groups: rankContributors([row("feature", "hero", "10", "5")], ["feature", "model"], "cost") };
    expect(explanationLines(e)).toEqual([
      "What drove it: top spend against the same stretch before:",
      "Features:",
      "  - hero: $10.00 (previous $5.00, +$5.00, +100.0%)",
      "Models:",
      "  (none)",
    ]);
    expect(measureText("images", "1")).toBe("1 image");
  });
});

describe("the link opens the Overview filtered to exactly the scope and period", () => {
  it.each([
    [{ team: { slug: "creative-studio", name: "C" }, feature: "hero & banners", model: null, workflow: null }, "2026-11-01", "2026-11-30", null],
    [{ team: null, feature: null, model: "gpt-image-1", workflow: "image_edit" as const }, "2026-11-25", "2026-11-25", null],
    // An image quota's link also narrows to its size and quality.
    [{ team: { slug: "growth", name: "G" }, feature: null, model: null, workflow: null }, "2026-11-01", "2026-11-30", { size: "1024x1024", quality: "high" }],
  ])("%o %s..%s %o", (scope, from, to, images) => {
    const url = new URL(filteredViewUrl("https://spend.example.com", scope, from, to, images));
    expect(url.pathname).toBe("/");
    const v = parseViewParams(Object.fromEntries(url.searchParams), "UTC", new Date("2026-11-25T12:00:00Z"));
    expect(v.problems).toEqual([]);
    expect(v.range).toEqual({ from, to });
    expect(v.filters).toEqual({
      team: scope.team ? [scope.team.slug] : [],
      feature: scope.feature ? [scope.feature] : [],
      model: scope.model ? [scope.model] : [],
      workflow: scope.workflow ? [scope.workflow] : [],
      provider: [],
      outcome: [],
      size: images ? [images.size] : [],
      quality: images ? [images.quality] : [],
    });
  });
});

describe("reconciliationNotes: a fired billed day explained by OpenAI project and its variance sources", () => {
  const r = (date: string, projects: string[], team: string | null, billed: string, tracked: string, unexplained: string, sources: ReconciliationExplanation["sources"] = []): ReconciliationExplanation => ({
    date,
    projects,
    team,
    billed,
    tracked,
    variance: dec(billed).minus(tracked).toFixed(),
    variancePercent: dec(billed).isZero() ? null : dec(billed).minus(tracked).times(100).div(billed).toDecimalPlaces(2).toFixed(2),
    unexplained,
    sources,
  });
  it.each([
    [
      "billed with no tracked events: all of it explained by that source",
      [r("2026-11-02", ["proj_a"], "ALPHA", "2", "0", "0", [{ source: "no_tracked_events", amount: "2", events: null }])],
      ["2026-11-02 proj_a (team ALPHA): billed $2.00, tracked $0.00, variance +$2.00 (100.00%); sources: no tracked events $2.00"],
    ],
    [
      // 112 − 100 = 12: $3 unmatched line items, 4 unpriced events, $9 left unexplained.
      "ranked by |variance|, matched rows left out, counts and the unexplained rest named",
      [
        r("2026-11-03", ["proj_b"], "BETA", "10", "10", "0"),
        r("2026-11-03", ["proj_c"], null, "5", "6", "-1"),
        r("2026-11-03", ["proj_a"], "ALPHA", "112", "100", "9", [
          { source: "unmatched_line_items", amount: "3", events: null, lineItems: ["Text models"] },
          { source: "unpriced_events", amount: null, events: 4 },
        ]),
      ],
      [
        "2026-11-03 proj_a (team ALPHA): billed $112.00, tracked $100.00, variance +$12.00 (10.71%); sources: line items with no tracked counterpart $3.00, unpriced events 4, unexplained $9.00",
        "2026-11-03 proj_c (no team): billed $5.00, tracked $6.00, variance -$1.00 (-20.00%); sources: unexplained -$1.00",
      ],
    ],
  ])("%s", (_name, rows, lines) => {
    expect(reconciliationNotes(rows)).toEqual([RECONCILIATION_NOT_APPLICABLE, ...lines]);
  });

  it("renders in place of the contributor groups", () => {
    const notes = reconciliationNotes([r("2026-11-02", ["proj_a"], "ALPHA", "2", "0", "0", [{ source: "no_tracked_events", amount: "2", events: null }])]);
    const e = { measure: "cost" as const, window: { from: "", to: "" }, previousWindow: { from: "", to: "" }, groups: [], forecast: null, link: "x", notes };
    expect(explanationLines(e)).toEqual([
      "What drove it: billed against tracked by OpenAI project:",
      RECONCILIATION_NOT_APPLICABLE,
      "  - 2026-11-02 proj_a (team ALPHA): billed $2.00, tracked $0.00, variance +$2.00 (100.00%); sources: no tracked events $2.00",
    ]);
  });
});
