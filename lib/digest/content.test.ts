import { describe, expect, it } from "vitest";
import { zeroFigures, type Figures } from "@/lib/spend/figures";
import { budgetBurn, digestContent, movers } from "./content";
import { pctText, renderDigestMail } from "./template";

const fig = (o: Partial<Figures>): Figures => ({ ...zeroFigures(), ...o });
const none = { current: {}, previous: {} };

describe("movers", () => {
  it.each<[Record<string, string>, Record<string, string>, [string, string, string | null][]]>([
    // current, previous -> [name, change, change %] by largest absolute change, ties by name
    [{ a: "100", b: "50.5" }, { a: "40", b: "55", c: "5" }, [["a", "60.000000000", "150.0000"], ["c", "-5.000000000", "-100.0000"], ["b", "-4.500000000", "-8.1818"]]],
    [{ x: "1", y: "1" }, { x: "1" }, [["y", "1.000000000", null]]],
    [{ a: "2", b: "2", c: "2", d: "2" }, {}, [["a", "2.000000000", null], ["b", "2.000000000", null], ["c", "2.000000000", null]]],
    [{ same: "3.25" }, { same: "3.25" }, []],
  ])("%j against %j", (cur, prev, expected) => {
    expect(movers(cur, prev).map((m) => [m.name, m.change, m.changePercent])).toEqual(expected);
  });
});

describe("budgetBurn", () => {
  it.each<[string, string, string | null, string | null, string | null, boolean]>([
    // amount, spent, forecast -> percent, forecast percent, over budget
    ["500", "150.5", "600", "30.10", "120.00", true],
    ["500", "150.5", "450", "30.10", "90.00", false],
    ["100", "120", null, "120.00", null, true],
    ["0", "5", "5", null, null, true],
  ])("%s budget, %s spent, forecast %s", (amount, spent, forecast, percent, forecastPercent, over) => {
    const b = budgetBurn({ name: "B", period: "month 2026-11", amount, spent, forecast, hard: false });
    expect([b.percent, b.forecastPercent, b.overBudget]).toEqual([percent, forecastPercent, over]);
  });
});

describe("digestContent", () => {
  it.each<[Figures, Figures, string, string | null, string | null, string | null, string | null]>([
    // current, previous -> spend change, change %, cost per accepted (now, before), its change %
    // The whole spend (retries and failures included) over accepted outputs: 150.5 / 43 = 3.5; 100 / 40 = 2.5.
    [fig({ cost: "150.5", acceptedOutputs: 43, events: 60 }), fig({ cost: "100", acceptedOutputs: 40, events: 50 }), "50.500000000", "50.5000", "3.500000000", "2.500000000", "40.0000"],
    [fig({ cost: "10", acceptedOutputs: 0, events: 3 }), fig({ cost: "0" }), "10.000000000", null, null, null, null],
    [fig({ cost: "7", acceptedOutputs: 3 }), fig({ cost: "14", acceptedOutputs: 0 }), "-7.000000000", "-50.0000", "2.333333333333", null, null],
  ])("spend %# ", (current, previous, change, pct, cpa, cpaPrev, cpaPct) => {
    const c = digestContent({ current, previous, breakdown: { feature: none, model: none, quality: none }, budgets: [] });
    expect([c.spend.change, c.spend.changePercent]).toEqual([change, pct]);
    expect([c.costPerAccepted.current, c.costPerAccepted.previous, c.costPerAccepted.changePercent]).toEqual([cpa, cpaPrev, cpaPct]);
  });

  it("counts unpriced and warning events of the week", () => {
    const c = digestContent({ current: fig({ events: 9, unpricedEvents: 2, warningEvents: 3 }), previous: fig({ events: 4 }), breakdown: { feature: none, model: none, quality: none }, budgets: [] });
    expect(c.events).toEqual({ total: 9, previousTotal: 4, unpriced: 2, warnings: 3, estimated: 0 });
  });
});

describe("renderDigestMail", () => {
  const content = digestContent({
    current: fig({ cost: "150.5", acceptedOutputs: 43, events: 60, unpricedEvents: 2, warningEvents: 1 }),
    previous: fig({ cost: "100", acceptedOutputs: 40, events: 50 }),
    breakdown: { feature: { current: { "hero<img>": "100" }, previous: { "hero<img>": "40" } }, model: none, quality: { current: { high: "90" }, previous: { high: "30" } } },
    budgets: [{ name: "Team & co", period: "month 2026-11", amount: "500", spent: "150.5", forecast: "600", hard: false }],
  });
  const meta = { appUrl: "https://spend.example/", orgName: "Acme", team: { slug: "growth", name: "Growth <Ops>" }, week: { weekStart: "2026-11-23", weekEnd: "2026-11-29" } };
  const mail = renderDigestMail(meta, content);

  it.each<[string, string]>([
    ["subject", "Weekly spend for Growth <Ops>: $150.50 (+50.5 %), 2026-11-23 to 2026-11-29"],
    ["text", "Spend this week: $150.50"],
    ["text", "Change: +$50.50 (+50.5 %)"],
    ["text", "Cost per accepted output: $3.50 (43 accepted; previous week $2.50)"],
    ["text", "Unpriced events: 2"],
    ["text", "Events with warnings: 1"],
    ["text", "hero<img>: $100.00 (+$60.00, +150.0 %)"],
    ["text", "Team & co: $150.50 of $500.00 (30.10 %) this month 2026-11; forecast $600.00 (120.00 %) - over budget"],
    ["text", "Open the week: https://spend.example/usage?team=growth&from=2026-11-23&to=2026-11-29"],
    ["text", "Unsubscribe or change teams: https://spend.example/settings/digest"],
    ["html", "hero&lt;img&gt;"],
    ["html", "Weekly digest: Growth &lt;Ops&gt;"],
    ["html", 'href="https://spend.example/settings/digest"'],
  ])("%s says %s", (part, expected) => {
    expect(mail[part as "subject" | "text" | "html"]).toContain(expected);
  });

  it("html is table-based with inline styles and no external assets or scripts", () => {
    expect(mail.html).toMatch(/<table role="presentation"/);
    expect(mail.html).not.toMatch(/<(script|link|img|style)\b|src=|url\(/i);
    expect(mail.html).not.toContain("<Ops>");
  });

  it.each<[string | null, string]>([
    [null, "new"],
    ["50.5000", "+50.5 %"],
    ["-8.1818", "-8.2 %"],
    ["0.0000", "+0.0 %"],
  ])("pctText(%s) = %s", (p, t) => expect(pctText(p)).toBe(t));
});
