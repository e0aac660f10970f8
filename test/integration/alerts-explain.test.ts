/**
 * Explained alerts end to end on PostgreSQL: a rule fires, its explanation (top contributors per open dimension
 * against the same stretch of the previous period) is recorded with the firing, and the mail delivered to a real
 * SMTP sink and the webhook JSON carry it with the filtered-view link.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBudget, createRule, sendTestMessage } from "@/lib/alerts/service";
import { ALERT_METRICS } from "@/lib/alerts/types";
import { env } from "@/lib/env";
import { runEvaluation } from "@/lib/alerts/runner";
import { deliverOutbox, setMailerUrl } from "@/lib/alerts/outbox";
import { startSmtpSink, type SmtpSink } from "@/lib/alerts/smtp-sink";
import type { AlertExplanation } from "@/lib/alerts/explain";
import { createTestOrg } from "./helpers";
import { addRollup, adminOf, firingsOf, outboxOf } from "./alerts-fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
const APP_URL = "http://spendscope.test";
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  setMailerUrl(null);
  await sink.stop();
});

async function orgWithSpend() {
  const { org, teams } = await createTestOrg();
  const a = teams.alpha.id;
  const b = teams.beta.id;
  await addRollup(org.id, [
    // Previous period, inside the compared stretch (Oct 1 .. Oct 25 13:00).
    { hour: "2026-10-10T10:00:00Z", teamId: a, feature: "hero-images", model: "gpt-image-1", cost: "40" },
    { hour: "2026-10-12T10:00:00Z", teamId: b, feature: "thumbnails", model: "gpt-image-1-mini", cost: "50" },
    // After the compared stretch: not part of "before" (like for like).
    { hour: "2026-10-26T10:00:00Z", teamId: a, feature: "hero-images", model: "gpt-image-1", cost: "1000" },
    // This period.
    { hour: "2026-11-03T10:00:00Z", teamId: a, feature: "hero-images", model: "gpt-image-1", cost: "60" },
    { hour: "2026-11-20T10:00:00Z", teamId: b, feature: "thumbnails", model: "gpt-image-1-mini", cost: "45.25" },
    { hour: "2026-11-21T10:00:00Z", teamId: b, feature: "hero-images", model: "gpt-image-1", cost: "10" },
    { hour: "2026-11-22T10:00:00Z", teamId: a, feature: "icons", model: "gpt-image-1", cost: "5" },
    { hour: "2026-11-22T11:00:00Z", teamId: a, feature: "avatars", model: "gpt-image-1", cost: "2" },
  ]);
  return { org, teams };
}

describe("alerts that explain themselves", () => {
  it("a firing's mail names the top contributors per open dimension with their change, the forecast and the link", async () => {
    const { org } = await orgWithSpend();
    const recipient = "finance@explain.test";
    await createRule(adminOf(org.id), {
      name: "Explained org spend",
      metric: "spend",
      config: { unit: "usd", thresholds: ["100"], periodKind: "month" },
      recipients: [recipient],
      webhookUrl: "https://hooks.example.com/spend",
    });
    const run = await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL });
    expect(run.errors).toEqual([]);
    expect(run.firings).toBe(1);

    // Recorded with the firing (history shows it).
    const [firing] = await firingsOf(org.id);
    const e = (firing.details as unknown as { explanation: AlertExplanation }).explanation;
    expect(e.measure).toBe("cost");
    expect(e.window).toEqual({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-25T13:00:00.000Z" });
    expect(e.previousWindow).toEqual({ from: "2026-10-01T00:00:00.000Z", to: "2026-10-25T13:00:00.000Z" });
    expect(e.groups.map((g) => [g.dim, g.items.map((i) => `${i.label} ${i.value} ${i.previous} ${i.change} ${i.changePercent}`)])).toEqual([
      // ALPHA 60 + 5 + 2 = 67 against 40 (the 1000 on Oct 26 is after the compared stretch); BETA 45.25 + 10 against 50.
      ["team", ["ALPHA 67.000000000 40.000000000 27.000000000 67.5", "BETA 55.250000000 50.000000000 5.250000000 10.5"]],
      // Four features; the top three: hero 60 + 10, thumbnails 45.25, icons 5 (new). avatars (2) is left out.
      ["feature", ["hero-images 70.000000000 40.000000000 30.000000000 75.0", "thumbnails 45.250000000 50.000000000 -4.750000000 -9.5", "icons 5.000000000 0.000000000 5.000000000 null"]],
      ["model", ["gpt-image-1 77.000000000 40.000000000 37.000000000 92.5", "gpt-image-1-mini 45.250000000 50.000000000 -4.750000000 -9.5"]],
    ]);
    expect(e.forecast?.projected).toMatch(/^\d+\.\d+$/);
    expect(e.link).toBe(`${APP_URL}/?from=2026-11-01&to=2026-11-30`);

    const email = (await outboxOf(org.id)).filter((m) => m.kind === "email").map((m) => m.id);
    const sent = await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: NOW, ids: email });
    expect(sent.sent).toBe(1);
    const [mail] = sink.messages.filter((m) => m.to.includes(recipient));
    const lines = mail.text.split(/\r?\n/);
    for (const line of [
      "What drove it: top spend against the same stretch before:",
      "Teams:",
      "  - ALPHA: $67.00 (previous $40.00, +$27.00, +67.5%)",
      "  - BETA: $55.25 (previous $50.00, +$5.25, +10.5%)",
      "Features:",
      "  - hero-images: $70.00 (previous $40.00, +$30.00, +75.0%)",
      "  - thumbnails: $45.25 (previous $50.00, -$4.75, -9.5%)",
      "  - icons: $5.00 (previous $0.00, +$5.00, new)",
      "Models:",
      "  - gpt-image-1: $77.00 (previous $40.00, +$37.00, +92.5%)",
      "  - gpt-image-1-mini: $45.25 (previous $50.00, -$4.75, -9.5%)",
      `View the spend: ${APP_URL}/?from=2026-11-01&to=2026-11-30`,
    ]) expect(lines).toContain(line);
    expect(mail.text).not.toContain("avatars");
    expect(mail.text).toMatch(/Forecast: +\$[\d,]+\.\d\d by 2026-11-30/);
    expect(mail.html).toContain("ALPHA: <strong>$67.00</strong> (previous $40.00, +$27.00, +67.5%)");
    expect(mail.html).toContain(`href="${APP_URL}/?from=2026-11-01&amp;to=2026-11-30"`);

    // The webhook JSON carries the same explanation, amounts as decimal strings.
    const hook = (await outboxOf(org.id)).find((m) => m.kind === "webhook");
    const body = JSON.parse(hook!.textBody) as { explanation: AlertExplanation; link: string };
    expect(body.explanation).toEqual(e);
    expect(body.link).toBe(e.link);
  });

  it("a rule scoped to a team explains only the dimensions it leaves open, and links that scope", async () => {
    const { org } = await orgWithSpend();
    await createRule(adminOf(org.id), {
      name: "Alpha hero spend",
      metric: "spend",
      team: "alpha",
      feature: "hero-images",
      config: { unit: "usd", thresholds: ["50"], periodKind: "month" },
      recipients: ["alpha@explain.test"],
    });
    expect((await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL })).firings).toBe(1);
    const e = ((await firingsOf(org.id))[0].details as unknown as { explanation: AlertExplanation }).explanation;
    expect(e.groups).toEqual([
      { dim: "model", items: [{ key: "gpt-image-1", label: "gpt-image-1", value: "60.000000000", previous: "40.000000000", change: "20.000000000", changePercent: "50.0" }] },
    ]);
    expect(e.link).toBe(`${APP_URL}/?team=alpha&feature=hero-images&from=2026-11-01&to=2026-11-30`);
  });

  it("a spike explains the spike window against the window of equal length before it, in mail and webhook", async () => {
    const { org, teams } = await createTestOrg();
    const a = teams.alpha.id;
    const b = teams.beta.id;
    await addRollup(org.id, [
      // Lookback only (before the compared window 09:00-11:00).
      { hour: "2026-11-24T20:00:00Z", teamId: a, feature: "hero-images", model: "gpt-image-1", cost: "4" },
      // The compared window before the spike.
      { hour: "2026-11-25T10:00:00Z", teamId: b, feature: "thumbnails", model: "gpt-image-1-mini", cost: "2" },
      // The spike window 11:00-13:00.
      { hour: "2026-11-25T11:00:00Z", teamId: a, feature: "hero-images", model: "gpt-image-1", cost: "30" },
      { hour: "2026-11-25T12:00:00Z", teamId: b, feature: "thumbnails", model: "gpt-image-1-mini", cost: "12" },
      { hour: "2026-11-25T12:00:00Z", teamId: a, feature: "icons", model: "gpt-image-1", cost: "5" },
    ]);
    const recipient = "spike@explain.test";
    await createRule(adminOf(org.id), {
      name: "Spike",
      metric: "spike",
      config: { windowHours: 2, lookbackHours: 24, multiplier: "3", minWindowSpendUsd: "10", periodKind: "day" },
      recipients: [recipient],
      webhookUrl: "https://hooks.example.com/spike",
    });
    const run = await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL });
    expect(run.errors).toEqual([]);
    expect(run.firings).toBe(1);
    const e = ((await firingsOf(org.id))[0].details as unknown as { explanation: AlertExplanation }).explanation;
    expect(e.window).toEqual({ from: "2026-11-25T11:00:00.000Z", to: "2026-11-25T13:00:00.000Z" });
    expect(e.previousWindow).toEqual({ from: "2026-11-25T09:00:00.000Z", to: "2026-11-25T11:00:00.000Z" });
    expect(e.link).toBe(`${APP_URL}/?from=2026-11-25&to=2026-11-25`);

    const email = (await outboxOf(org.id)).filter((m) => m.kind === "email").map((m) => m.id);
    expect((await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: NOW, ids: email })).sent).toBe(1);
    const [mail] = sink.messages.filter((m) => m.to.includes(recipient));
    const lines = mail.text.split(/\r?\n/);
    for (const line of [
      "What drove it: top spend against the same stretch before:",
      // ALPHA 30 + 5 new in the window; BETA 12 against 2 in the two hours before (the lookback's $4 is older).
      "  - ALPHA: $35.00 (previous $0.00, +$35.00, new)",
      "  - BETA: $12.00 (previous $2.00, +$10.00, +500.0%)",
      "  - hero-images: $30.00 (previous $0.00, +$30.00, new)",
      "  - thumbnails: $12.00 (previous $2.00, +$10.00, +500.0%)",
      "  - icons: $5.00 (previous $0.00, +$5.00, new)",
      "  - gpt-image-1: $35.00 (previous $0.00, +$35.00, new)",
      "  - gpt-image-1-mini: $12.00 (previous $2.00, +$10.00, +500.0%)",
      `View the spend: ${APP_URL}/?from=2026-11-25&to=2026-11-25`,
    ]) expect(lines).toContain(line);
    const hook = (await outboxOf(org.id)).find((m) => m.kind === "webhook");
    expect((JSON.parse(hook!.textBody) as { explanation: AlertExplanation }).explanation).toEqual(e);
  });

  it("Send test carries an example explanation computed for the current window", async () => {
    const { org } = await orgWithSpend();
    const recipient = "test-send@explain.test";
    const rule = await createRule(adminOf(org.id), {
      name: "Not crossed yet",
      metric: "spend",
      config: { unit: "usd", thresholds: ["5000"], periodKind: "month" },
      recipients: [recipient],
    });
    setMailerUrl(sink.url);
    const r = await sendTestMessage(adminOf(org.id), rule.id, NOW);
    expect(r).toMatchObject({ queued: 1, sent: 1 });
    expect(await firingsOf(org.id)).toEqual([]);
    const [mail] = sink.messages.filter((m) => m.to.includes(recipient));
    expect(mail.subject).toMatch(/^\[Test\] /);
    const lines = mail.text.split(/\r?\n/);
    expect(lines[0]).toContain("What drove it is an example computed for the current window");
    for (const line of [
      "What drove it: top spend against the same stretch before:",
      "  - ALPHA: $67.00 (previous $40.00, +$27.00, +67.5%)",
      "  - hero-images: $70.00 (previous $40.00, +$30.00, +75.0%)",
      "  - gpt-image-1-mini: $45.25 (previous $50.00, -$4.75, -9.5%)",
      `View the spend: ${env().APP_URL.replace(/\/+$/, "")}/?from=2026-11-01&to=2026-11-30`,
    ]) expect(lines).toContain(line);
    expect(mail.html).toContain("ALPHA: <strong>$67.00</strong> (previous $40.00, +$27.00, +67.5%)");
  });

  // Every metric type of lib/alerts/types.ts (and an image quota): a "Send test" mail says what drives it.
  const everyRule: { metric: (typeof ALERT_METRICS)[number]; name: string; config: Record<string, unknown>; budget?: "usd" | "images"; heading: string }[] = [
    { metric: "spend", name: "usd", config: { unit: "usd", thresholds: ["5000"], periodKind: "month" }, heading: "What drove it: top spend against the same stretch before:" },
    { metric: "spend", name: "pct", config: { unit: "percent_of_budget", thresholds: ["80"] }, budget: "usd", heading: "What drove it: top spend against the same stretch before:" },
    { metric: "spend", name: "quota", config: { unit: "percent_of_budget", thresholds: ["80"] }, budget: "images", heading: "What drove it: top images against the same stretch before:" },
    { metric: "forecast", name: "forecast", config: {}, budget: "usd", heading: "What drove it: top spend against the same stretch before:" },
    { metric: "spike", name: "spike", config: { windowHours: 2, lookbackHours: 24, multiplier: "3", minWindowSpendUsd: "10" }, heading: "What drove it: top spend against the same stretch before:" },
    { metric: "retries", name: "retries", config: { measure: "failed_share_percent", threshold: "20", windowHours: 24, minAttempts: 1 }, heading: "What drove it: top retries and failed attempts against the same stretch before:" },
    { metric: "unpriced", name: "unpriced", config: { windowHours: 24 }, heading: "What drove it: top unpriced events against the same stretch before:" },
    // No billed day imported in this org: the contributor table does not apply, and the mail says why.
    { metric: "reconciliation", name: "recon", config: { thresholdPercent: "10" }, heading: "What drove it: billed against tracked by OpenAI project:" },
  ];
  it("covers every metric type", () => {
    expect([...new Set(everyRule.map((r) => r.metric))].sort()).toEqual([...ALERT_METRICS].sort());
  });
  it.each(everyRule)("Send test of a $metric rule ($name) carries its explanation", async (r) => {
    const { org } = await orgWithSpend();
    const admin = adminOf(org.id);
    const budget = r.budget
      ? await createBudget(admin, r.budget === "images" ? { name: "Quota", period: "month", amount: "1000", unit: "images" } : { name: "Budget", period: "month", amount: "1000" })
      : null;
    const recipient = `${r.name}@every.test`;
    const rule = await createRule(admin, { name: `Every ${r.name}`, metric: r.metric, config: r.config, recipients: [recipient], ...(budget ? { budgetId: budget.id } : {}) });
    setMailerUrl(sink.url);
    expect(await sendTestMessage(admin, rule.id, NOW)).toMatchObject({ queued: 1, sent: 1 });
    const [mail] = sink.messages.filter((m) => m.to.includes(recipient));
    expect(mail.text.split(/\r?\n/)).toContain(r.heading);
    expect(mail.html).toContain(r.heading.slice(0, -1));
  });
});
