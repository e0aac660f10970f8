import { describe, expect, it } from "vitest";
import { slackEscape, toSlackPayload } from "./slack";

const payload = {
  text: "ignored here",
  test: false,
  rule: { id: "rule-1", name: "Studio <budget>", metric: "spend" },
  scope: { team: "creative-studio", feature: "hero images & banners", model: null, workflow: null },
  period: { kind: "month", key: "2026-11", startDate: "2026-11-01", endDate: "2026-11-30" },
  firings: [{ message: "80% of budget reached ($412.50 of $500.00)" }, { message: "<!channel> 50% reached" }],
  budget: { name: "Studio monthly", amount: "500", hard: true },
  spentSoFar: "412.5",
  forecast: { projected: "1498.75", runRatePerDay: "15.68", method: "trailing_mean" },
  top: { unit: "usd", label: "spend", features: [{ name: "hero images & banners", value: "300" }, { name: "ads", value: "112.5" }], models: [{ name: "gpt-image-2", value: "412.5" }] },
  link: "https://spend.example.com/usage?team=creative-studio&from=2026-11-01&to=2026-11-30",
};

describe("slackEscape", () => {
  it.each([
    ["a & b", "a &amp; b"],
    ["<!channel>", "&lt;!channel&gt;"],
    ["<https://evil|click>", "&lt;https://evil|click&gt;"],
    ["plain *bold*", "plain *bold*"],
  ])("%s → %s", (raw, escaped) => expect(slackEscape(raw)).toBe(escaped));
});

describe("toSlackPayload", () => {
  const s = toSlackPayload(payload);

  it("has the fallback text (escaped) and the block types in order", () => {
    expect(s.text).toBe("Studio &lt;budget&gt;: 80% of budget reached ($412.50 of $500.00) &lt;!channel&gt; 50% reached");
    expect(s.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context", "actions"]);
  });

  it("puts the facts in fields with money formatted", () => {
    expect(s.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Studio <budget>", emoji: false } });
    expect(s.blocks[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: "80% of budget reached ($412.50 of $500.00)\n&lt;!channel&gt; 50% reached" } });
    expect((s.blocks[2].fields as { text: string }[]).map((f) => f.text)).toEqual([
      "*Scope*\nteam creative-studio, feature hero images &amp; banners",
      "*Period*\n2026-11-01 – 2026-11-30",
      "*Spent so far*\n$412.50",
      "*Budget*\n$500.00 (Studio monthly)",
      "*Forecast*\n$1,498.75",
    ]);
    expect(s.blocks[3]).toEqual({
      type: "context",
      elements: [
        { type: "mrkdwn", text: "*Top features:* hero images &amp; banners $300.00, ads $112.50" },
        { type: "mrkdwn", text: "*Top models:* gpt-image-2 $412.50" },
      ],
    });
    expect(s.blocks[4]).toEqual({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "View the spend" }, url: payload.link }] });
  });

  it("leaves out what the payload lacks and marks tests", () => {
    const t = toSlackPayload({ test: true, rule: { name: "x".repeat(200) }, scope: {}, firings: [], top: { unit: "count", features: [{ name: "a", value: "3" }], models: [] } });
    expect(t.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"]);
    expect(((t.blocks[0].text as { text: string }).text)).toHaveLength(150);
    expect(((t.blocks[0].text as { text: string }).text).startsWith("[Test] xxx")).toBe(true);
    expect((t.blocks[2].fields as { text: string }[]).map((f) => f.text)).toEqual(["*Scope*\nwhole organization"]);
    expect(t.blocks[3]).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "*Top features:* a 3" }] });
    expect(t.text).toBe(`[Test] ${"x".repeat(200)}: whole organization`);
  });
});

describe("toSlackPayload with an explanation", () => {
  const explanation = {
    measure: "cost",
    window: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-20T00:00:00.000Z" },
    previousWindow: { from: "2026-10-01T00:00:00.000Z", to: "2026-10-20T00:00:00.000Z" },
    groups: [
      { dim: "feature", items: [{ key: "ads", label: "ads <1>", value: "67.000000000", previous: "40.000000000", change: "27.000000000", changePercent: "67.5" }] },
      { dim: "model", items: [] },
    ],
    forecast: null,
    link: "https://spend.example.com/?team=creative-studio",
  };
  const s = toSlackPayload({ ...payload, explanation });

  it("replaces the top lists with one escaped section per open dimension, worded like the mail", () => {
    expect(s.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "section", "section", "section", "actions"]);
    const texts = s.blocks.slice(3, 6).map((b) => (b.text as { text: string }).text);
    expect(texts[0]).toBe("*What drove it: top spend against the same stretch before*");
    expect(texts[1]).toBe("*Features*\n• ads &lt;1&gt;: $67.00 (previous $40.00, +$27.00, +67.5%)");
    expect(texts[2]).toBe("*Models*\n(none)");
    expect(JSON.stringify(s.blocks)).not.toContain("Top features");
  });
});

describe("toSlackPayload with a reconciliation explanation (no contributor table)", () => {
  const explanation = {
    measure: "cost",
    window: { from: "2026-11-02T00:00:00.000Z", to: "2026-11-03T00:00:00.000Z" },
    previousWindow: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" },
    groups: [],
    forecast: null,
    link: "https://spend.example.com/reconciliation?from=2026-11-02&to=2026-11-02",
    notes: ["Why <table> does not apply:", "2026-11-02 proj_a (team A&B): variance +$2.00"],
  };
  const s = toSlackPayload({ ...payload, explanation });

  it("renders the notes, escaped, in place of the dimension sections", () => {
    const texts = s.blocks.filter((b) => b.type === "section").slice(2).map((b) => (b.text as { text: string }).text);
    expect(texts).toEqual(["*What drove it: billed against tracked by OpenAI project*", "Why &lt;table&gt; does not apply:", "• 2026-11-02 proj_a (team A&amp;B): variance +$2.00"]);
  });
});
