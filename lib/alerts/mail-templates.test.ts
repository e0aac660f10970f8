import { describe, expect, it } from "vitest";
import { evaluateRule } from "./evaluate";
import { periodFor } from "./periods";
import { filteredViewUrl, renderAlertMail, renderWebhookPayload, scopeLabel, type AlertMessageInput } from "./mail-templates";
import type { SpendRule } from "./types";

const NOW = new Date("2026-11-25T12:00:00Z");
const period = periodFor("month", NOW, "UTC");
const rule: SpendRule = { id: "rule-1", metric: "spend", periodKind: "month", unit: "percent_of_budget", thresholds: ["50", "80", "100"], budget: { amountUsd: "500", version: 2 } };
const firings = evaluateRule({ rule, values: { metric: "spend", spentSoFar: "412.5" }, period, firedClaimKeys: [], now: NOW });

const input: AlertMessageInput = {
  appUrl: "https://spend.example.com/",
  orgName: "Northwind <Creative>",
  rule: { id: "rule-1", name: "Studio budget", metric: "spend" },
  scope: { team: { slug: "creative-studio", name: "Creative Studio" }, feature: "hero images & banners", model: null, workflow: null },
  period: { kind: "month", key: "2026-11", startDate: "2026-11-01", endDate: "2026-11-30" },
  firings,
  budget: { name: "Studio monthly", amount: "500", hard: true },
  spentSoFar: "412.5",
  forecast: { projected: "498.75", runRatePerDay: "15.68", method: "trailing_mean" },
  top: { unit: "usd", label: "spend", features: [{ name: "hero images & banners", value: "300" }, { name: "ads", value: "112.5" }], models: [{ name: "gpt-image-2", value: "412.5" }] },
};

describe("renderAlertMail", () => {
  const mail = renderAlertMail(input);

  it("says what crossed what in the subject", () => {
    expect(firings.map((f) => f.threshold)).toEqual(["50", "80"]);
    expect(mail.subject).toBe("[Spendscope] Studio budget: 80% of budget reached ($412.50 of $500.00) · team Creative Studio, feature hero images & banners, 2026-11");
  });

  it.each([
    "Scope:            team Creative Studio, feature hero images & banners",
    "Metric:           Spend",
    "Period:           month 2026-11 (2026-11-01 to 2026-11-30)",
    "Threshold:        50% of budget ($250.00), 80% of budget ($400.00)",
    "Current value:    $412.50",
    "Budget:           Studio monthly: $500.00 per month (hard limit)",
    "Forecast:         $498.75 by 2026-11-30 (run-rate $15.68/day)",
    "  - hero images & banners: $300.00",
    "  - gpt-image-2: $412.50",
    "View the spend: https://spend.example.com/?team=creative-studio&feature=hero+images+%26+banners&from=2026-11-01&to=2026-11-30",
    "Rule history:   https://spend.example.com/alerts/history?rule=rule-1",
  ])("plain text has %s", (line) => {
    expect(mail.text.split("\n")).toContain(line);
  });

  it("escapes everything in the HTML and links the filtered view", () => {
    expect(mail.html).toContain("Northwind &lt;Creative&gt;");
    expect(mail.html).not.toContain("<Creative>");
    expect(mail.html).toContain("hero images &amp; banners");
    expect(mail.html).toContain('href="https://spend.example.com/?team=creative-studio&amp;feature=hero+images+%26+banners&amp;from=2026-11-01&amp;to=2026-11-30"');
    expect(mail.html).toContain("$412.50");
  });

  it("marks test messages", () => {
    const t = renderAlertMail({ ...input, test: true });
    expect(t.subject.startsWith("[Test] [Spendscope]")).toBe(true);
    expect(t.text.startsWith("This is a test message")).toBe(true);
    expect(t.html).toContain("This is a test message");
  });

  it("needs a firing", () => {
    expect(() => renderAlertMail({ ...input, firings: [] })).toThrow(RangeError);
  });
});

describe("renderWebhookPayload", () => {
  it("carries the facts as JSON with decimal strings", () => {
    const p = renderWebhookPayload(input) as { text: string; firings: { threshold: string; value: string; claimKey: string }[]; scope: { team: string }; link: string };
    expect(p.text.split("\n")[0]).toBe(renderAlertMail(input).subject);
    expect(p.firings.map((f) => [f.threshold, f.value])).toEqual([["50", "412.500000000"], ["80", "412.500000000"]]);
    expect(p.firings[1].claimKey).toBe("alert|v1|rule-1|month=2026-11|pct:80|budget=500@v2");
    expect(p.scope.team).toBe("creative-studio");
    expect(p.link).toContain("/?team=creative-studio");
  });
});

describe("scope and links", () => {
  it.each([
    [{ team: null, feature: null, model: null, workflow: null }, "whole organization"],
    [{ team: null, feature: null, model: "gpt-image-1", workflow: "image_edit" }, "model gpt-image-1, workflow image_edit"],
  ])("%j -> %s", (scope, label) => {
    expect(scopeLabel(scope)).toBe(label);
  });

  it("builds the view link with only the filters that apply", () => {
    expect(filteredViewUrl("http://x", { team: null, feature: null, model: "m 1", workflow: null }, "2026-11-25", "2026-11-25")).toBe("http://x/?model=m+1&from=2026-11-25&to=2026-11-25");
  });
});

describe("explained alerts", () => {
  const explanation = {
    measure: "cost" as const,
    window: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-25T13:00:00.000Z" },
    previousWindow: { from: "2026-10-01T00:00:00.000Z", to: "2026-10-25T13:00:00.000Z" },
    groups: [{ dim: "model" as const, items: [{ key: "gpt-image-2", label: "gpt-image-2 <new>", value: "412.5", previous: "150", change: "262.5", changePercent: "175.0" }] }],
    forecast: { projected: "498.75", runRatePerDay: "15.68", method: "trailing_mean" },
    link: "https://spend.example.com/?team=creative-studio&feature=hero&from=2026-11-01&to=2026-11-30",
  };
  const mail = renderAlertMail({ ...input, explanation });

  it("replaces the top lists with the contributors and their change", () => {
    const lines = mail.text.split("\n");
    expect(lines).toContain("Models:");
    expect(lines).toContain("  - gpt-image-2 <new>: $412.50 (previous $150.00, +$262.50, +175.0%)");
    expect(lines).toContain(`View the spend: ${explanation.link}`);
    expect(mail.text).not.toContain("Top features by");
    expect(mail.html).toContain("gpt-image-2 &lt;new&gt;: <strong>$412.50</strong> (previous $150.00, +$262.50, +175.0%)");
    expect(mail.html).toContain('href="https://spend.example.com/?team=creative-studio&amp;feature=hero&amp;from=2026-11-01&amp;to=2026-11-30"');
  });

  it("carries the explanation in the webhook JSON with decimal strings", () => {
    const p = renderWebhookPayload({ ...input, explanation }) as { explanation: typeof explanation; link: string };
    expect(p.explanation.groups[0].items[0]).toMatchObject({ value: "412.5", change: "262.5", changePercent: "175.0" });
    expect(p.link).toBe(explanation.link);
  });
});
