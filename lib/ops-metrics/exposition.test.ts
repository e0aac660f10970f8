import { describe, expect, it } from "vitest";
import { escapeHelp, escapeLabelValue, renderExposition } from "./exposition";

describe("escapeLabelValue", () => {
  it.each([
    ["creative-studio", "creative-studio"],
    ['Q4 "hero" budget', 'Q4 \\"hero\\" budget'],
    ["C:\\images", "C:\\\\images"],
    ["two\nlines", "two\\nlines"],
    ['\\"\n', '\\\\\\"\\n'],
    ["café – ünïcode", "café – ünïcode"],
    ["", ""],
  ])("%j → %j", (raw, escaped) => expect(escapeLabelValue(raw)).toBe(escaped));
});

describe("escapeHelp", () => {
  it.each([
    ["Spend this month", "Spend this month"],
    ['quotes " stay', 'quotes " stay'],
    ["a\\b\nc", "a\\\\b\\nc"],
  ])("%j → %j", (raw, escaped) => expect(escapeHelp(raw)).toBe(escaped));
});

describe("renderExposition", () => {
  it("writes HELP, TYPE and samples per family, values as given, ending in a newline", () => {
    const text = renderExposition([
      {
        name: "spendscope_month_spend_usd",
        help: "Spend this month.",
        type: "gauge",
        samples: [
          { labels: { team: "alpha", model: "gpt-image-1" }, value: "412.500000000001" },
          { labels: { team: 'b"eta', model: "x\\y" }, value: "0" },
        ],
      },
      { name: "spendscope_ingest_requests_total", help: "Requests.", type: "counter", samples: [{ value: "3" }] },
      { name: "spendscope_empty", help: "Nothing yet.", type: "gauge", samples: [] },
    ]);
    expect(text).toBe(
      [
        "# HELP spendscope_month_spend_usd Spend this month.",
        "# TYPE spendscope_month_spend_usd gauge",
        'spendscope_month_spend_usd{team="alpha",model="gpt-image-1"} 412.500000000001',
        'spendscope_month_spend_usd{team="b\\"eta",model="x\\\\y"} 0',
        "# HELP spendscope_ingest_requests_total Requests.",
        "# TYPE spendscope_ingest_requests_total counter",
        "spendscope_ingest_requests_total 3",
        "# HELP spendscope_empty Nothing yet.",
        "# TYPE spendscope_empty gauge",
        "",
      ].join("\n"),
    );
  });

  it("is empty for no families", () => expect(renderExposition([])).toBe(""));

  it.each([
    ["-12.5", true],
    ["1e-7", true],
    ["NaN", true],
    ["+Inf", true],
    ["12,5", false],
    ["", false],
    ["0x10", false],
    ["1 2", false],
  ])("value %j accepted: %s", (value, ok) => {
    const render = () => renderExposition([{ name: "m", help: "h", type: "gauge", samples: [{ value }] }]);
    if (ok) expect(render()).toBe(`# HELP m h\n# TYPE m gauge\nm ${value}\n`);
    else expect(render).toThrow(/invalid value/);
  });

  it.each([
    ["metric name", { name: "spend-usd", labels: {} }, /invalid metric name/],
    ["label name", { name: "m", labels: { "team-slug": "a" } }, /invalid label name/],
    ["reserved label", { name: "m", labels: { __name__: "a" } }, /invalid label name/],
  ])("refuses an invalid %s", (_n, c, err) => {
    expect(() => renderExposition([{ name: c.name, help: "h", type: "gauge", samples: [{ labels: c.labels, value: "1" }] }])).toThrow(err);
  });
});
