import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money/decimal";
import { describeSource, hasTrackedCounterpart, reconcile, variancePercent, type BilledLine, type TrackedDay } from "@/lib/reconcile/explain";

const day = (over: Partial<TrackedDay> = {}): TrackedDay => ({ events: 10, cost: "0", unpricedEvents: 0, warningEvents: 0, models: ["gpt-image-1.5"], ...over });
const lines = (...xs: Array<[string, string]>): BilledLine[] => xs.map(([lineItem, amount]) => ({ lineItem, amount }));

describe("hasTrackedCounterpart", () => {
  it.each([
    ["", [], true],
    ["Image models", [], true],
    ["gpt-image-1, output", [], true],
    ["GPT-4.1-mini, input", ["gpt-4.1-mini"], true],
    ["gpt-4.1-mini, input", ["gpt-image-1.5"], false],
    ["Text models", ["gpt-image-1.5"], false],
    ["File search", ["gpt-4.1-mini"], false],
  ] as Array<[string, string[], boolean]>)("%j with models %j -> %s", (li, models, expected) => {
    expect(hasTrackedCounterpart(li, models)).toBe(expected);
  });
});

describe("variancePercent", () => {
  it.each([
    ["100", "10", "10.00"],
    ["3", "1", "33.33"],
    ["2", "-0.5", "-25.00"],
    ["0", "-4", null],
  ])("billed %s, variance %s -> %s", (billed, variance, expected) => {
    expect(variancePercent(dec(billed), dec(variance))).toBe(expected);
  });
});

describe("reconcile", () => {
  const cases: Array<[string, BilledLine[], TrackedDay | null, { variance: string; pct: string | null; sources: Array<[string, string | null, number | null]>; unexplained: string; status: string }]> = [
    [
      "billed equals tracked: matched, nothing to explain",
      lines(["Image models", "12.50"]),
      day({ cost: "12.5" }),
      { variance: "0.000000000", pct: "0.00", sources: [], unexplained: "0.000000000", status: "matched" },
    ],
    [
      "a text line item the team has no counterpart for explains the whole gap",
      lines(["Image models", "10"], ["Text models", "2.40"]),
      day({ cost: "10" }),
      { variance: "2.400000000", pct: "19.35", sources: [["unmatched_line_items", "2.400000000", null]], unexplained: "0.000000000", status: "explained" },
    ],
    [
      "a day with no tracked events: all billed is explained by it",
      lines(["Image models", "3.2"]),
      day({ events: 0, cost: "0", models: [] }),
      { variance: "3.200000000", pct: "100.00", sources: [["no_tracked_events", "3.200000000", 0]], unexplained: "0.000000000", status: "explained" },
    ],
    [
      "an unmapped project: nothing can be tracked for it",
      lines(["Image models", "1"]),
      null,
      { variance: "1.000000000", pct: "100.00", sources: [["no_tracked_events", "1.000000000", 0]], unexplained: "0.000000000", status: "explained" },
    ],
    [
      "tracked short with unpriced events: the rest is explained by their missing cost",
      lines(["Image models", "8"]),
      day({ cost: "6", unpricedEvents: 3, warningEvents: 1 }),
      { variance: "2.000000000", pct: "25.00", sources: [["unpriced_events", null, 3], ["warning_events", null, 1]], unexplained: "2.000000000", status: "explained" },
    ],
    [
      "tracked above billed with no source: unexplained, negative percent",
      lines(["Image models", "4"]),
      day({ cost: "5" }),
      { variance: "-1.000000000", pct: "-25.00", sources: [], unexplained: "-1.000000000", status: "unexplained" },
    ],
    [
      "half a cent is within tolerance (matched); exact decimals kept",
      lines(["", "1.000000000001"]),
      day({ cost: "0.995000000001" }),
      { variance: "0.005000000", pct: "0.50", sources: [], unexplained: "0.005000000", status: "matched" },
    ],
  ];
  it.each(cases)("%s", (_label, billed, tracked, expected) => {
    const r = reconcile(billed, tracked);
    expect(r.variance).toBe(expected.variance);
    expect(r.variancePercent).toBe(expected.pct);
    expect(r.sources.map((s) => [s.source, s.amount, s.events])).toEqual(expected.sources);
    expect(r.unexplained).toBe(expected.unexplained);
    expect(r.status).toBe(expected.status);
  });

  it("describes each source in words", () => {
    const r = reconcile(lines(["Image models", "10"], ["Text models", "2.4"]), day({ cost: "9", unpricedEvents: 1 }));
    expect(r.sources.map(describeSource)).toEqual(["line items with no tracked counterpart: Text models ($2.40)", "1 unpriced event tracked at $0"]);
  });
});
