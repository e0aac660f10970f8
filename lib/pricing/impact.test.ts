import { describe, expect, it } from "vitest";
import { addImpact, deltaPercent, impactTable, newImpactAccumulator, type ImpactSide } from "@/lib/pricing/impact";
import { dec } from "@/lib/money/decimal";

const P = (cost: string): ImpactSide => ({ priced: true, cost });
const U: ImpactSide = { priced: false, cost: null };

describe("deltaPercent", () => {
  it.each([
    ["100", "110", "10.00"],
    ["3", "2", "-33.33"],
    ["0.000000000001", "0.000000000002", "100.00"],
    ["2", "2", "0.00"],
    ["0", "5", null],
  ])("%s -> %s = %s", (current, next, expected) => {
    expect(deltaPercent(dec(current), dec(next))).toBe(expected);
  });
});

describe("impactTable", () => {
  const cases: Array<[string, Array<[string, string, ImpactSide, ImpactSide]>, { rows: Array<[string, string, number, number, number, number, string, string, string, string | null]>; total: [number, string, string, string | null] }]> = [
    [
      "one group: a rate rise on two events, one unchanged",
      [
        ["t1", "2026-10", P("0.04"), P("0.05")],
        ["t1", "2026-10", P("0.06"), P("0.075")],
        ["t1", "2026-10", P("0.01"), P("0.01")],
      ],
      { rows: [["2026-10", "t1", 3, 2, 0, 0, "0.110000000", "0.135000000", "0.025000000", "22.73"]], total: [3, "0.110000000", "0.135000000", "22.73"] },
    ],
    [
      "unpriced events become priced (current 0 -> percent null) and a priced one becomes unpriced",
      [
        ["t2", "2026-11", U, P("0.2")],
        ["t2", "2026-11", U, P("0.3")],
        ["t1", "2026-11", P("1"), U],
      ],
      {
        rows: [
          ["2026-11", "t1", 1, 1, 0, 1, "1.000000000", "0.000000000", "-1.000000000", "-100.00"],
          ["2026-11", "t2", 2, 2, 2, 0, "0.000000000", "0.500000000", "0.500000000", null],
        ],
        total: [3, "1.000000000", "0.500000000", "-50.00"],
      },
    ],
    [
      "months sort before teams; exact at 12 decimals",
      [
        ["t9", "2026-09", P("0.000000000001"), P("0.000000000003")],
        ["t1", "2026-10", P("0.1"), P("0.1")],
      ],
      {
        rows: [
          ["2026-09", "t9", 1, 1, 0, 0, "0.000000000001", "0.000000000003", "0.000000000002", "200.00"],
          ["2026-10", "t1", 1, 0, 0, 0, "0.100000000", "0.100000000", "0.000000000", "0.00"],
        ],
        total: [2, "0.100000000001", "0.100000000003", "0.00"],
      },
    ],
  ];
  it.each(cases)("%s", (_label, events, expected) => {
    const acc = newImpactAccumulator();
    for (const [team, month, before, after] of events) addImpact(acc, team, month, before, after);
    const t = impactTable(acc);
    expect(t.rows.map((r) => [r.month, r.teamId, r.events, r.changedEvents, r.becomePriced, r.becomeUnpriced, r.currentCost, r.newCost, r.delta, r.deltaPercent])).toEqual(expected.rows);
    expect([t.total.events, t.total.currentCost, t.total.newCost, t.total.deltaPercent]).toEqual(expected.total);
  });
});
