import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import pg from "pg";
import http from "node:http";
import { claimKey } from "@/lib/alerts/evaluate";
import { claimDueMessages } from "@/lib/alerts/queries";
import { LEASE_MS } from "@/lib/alerts/delivery-policy";
import { createDb, db, type Db } from "@/lib/db/client";
import { createBudget, createRule, muteRule, updateBudget, sendTestMessage, deleteBudget, updateRule, listBudgetViews } from "@/lib/alerts/service";
import { runEvaluation } from "@/lib/alerts/runner";
import { deliverOutbox, setMailerUrl } from "@/lib/alerts/outbox";
import { startSmtpSink, type SmtpSink } from "@/lib/alerts/smtp-sink";
import { createTestOrg } from "./helpers";
import { addRollup, adminOf, firingsOf, memberOf, outboxOf } from "./alerts-fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
const APP_URL = "http://spendscope.test";

let sink: SmtpSink;
let workerA: Db;
let workerB: Db;

beforeAll(async () => {
  sink = await startSmtpSink();
  // Two independent pools, as two worker processes would have.
  workerA = createDb(inject("databaseUrl"), 4);
  workerB = createDb(inject("databaseUrl"), 4);
});

afterAll(async () => {
  setMailerUrl(null);
  await Promise.all([workerA.$disconnect(), workerB.$disconnect()]);
  await sink.stop();
});

function mailsTo(recipient: string, marker: string) {
  return sink.messages.filter((m) => m.to.includes(recipient) && m.subject.includes(marker));
}

async function teamBudgetWithRule(opts: { amount?: string; thresholds?: string[]; recipients: string[]; ruleName: string; period?: "day" | "month" }) {
  const { org, teams } = await createTestOrg();
  const admin = adminOf(org.id);
  const budget = await createBudget(admin, { name: "Alpha monthly", period: opts.period ?? "month", amount: opts.amount ?? "100", team: "alpha" });
  const rule = await createRule(admin, {
    name: opts.ruleName,
    metric: "spend",
    budgetId: budget.id,
    config: { unit: "percent_of_budget", thresholds: opts.thresholds ?? ["50", "80", "100"] },
    recipients: opts.recipients,
  });
  return { org, teams, admin, budget, rule };
}

describe("exactly one email per (rule, threshold, period)", () => {
  it("two workers evaluating and delivering at once claim and send each threshold once", async () => {
    const recipients = ["owner@alpha.test", "cfo@alpha.test"];
    const { org, teams } = await teamBudgetWithRule({ recipients, ruleName: "Race rule" });
    await addRollup(org.id, [
      { hour: "2026-11-03T10:00:00Z", teamId: teams.alpha.id, cost: "60" },
      { hour: "2026-11-20T10:00:00Z", teamId: teams.alpha.id, feature: "thumbnails", model: "gpt-image-1-mini", cost: "25.5" },
      // Another team's spend is outside the budget's scope.
      { hour: "2026-11-20T10:00:00Z", teamId: teams.beta.id, cost: "500" },
    ]);

    // Several rounds of two concurrent passes: the claims must hold under every interleaving.
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([
        runEvaluation({ client: workerA, now: NOW, orgId: org.id, appUrl: APP_URL }),
        runEvaluation({ client: workerB, now: NOW, orgId: org.id, appUrl: APP_URL }),
      ]);
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
      if (round === 0) expect(a.firings + b.firings).toBe(2); // 50 % and 80 %, claimed by exactly one of them
      else expect(a.firings + b.firings).toBe(0);
    }
    const firings = await firingsOf(org.id);
    expect(firings.map((f) => f.threshold).sort()).toEqual(["50", "80"]);
    expect(firings.every((f) => f.periodKey === "2026-11")).toBe(true);
    expect(firings.map((f) => f.value.toString())).toEqual(["85.5", "85.5"]);

    // One message per recipient names both thresholds crossed in that pass.
    const outbox = await outboxOf(org.id);
    expect(outbox.map((m) => m.recipient).sort()).toEqual([...recipients].sort());

    const [da, dbb] = await Promise.all([
      deliverOutbox({ client: workerA, orgId: org.id, smtpUrl: sink.url, now: NOW }),
      deliverOutbox({ client: workerB, orgId: org.id, smtpUrl: sink.url, now: NOW }),
    ]);
    expect(da.sent + dbb.sent).toBe(2);
    for (const r of recipients) {
      const got = mailsTo(r, "Race rule");
      expect(got).toHaveLength(1);
      expect(got[0].subject).toContain("80% of budget reached ($85.50 of $100.00)");
      expect(got[0].text).toContain("Scope:            team ALPHA");
      expect(got[0].text).toContain("50% of budget ($50.00), 80% of budget ($80.00)");
      expect(got[0].text).toContain("Current value:    $85.50");
      expect(got[0].text).toContain("Budget:           Alpha monthly: $100.00 per month");
      expect(got[0].text).toMatch(/Forecast: +\$105\.54 by 2026-11-30 \(run-rate \$3\.64\/day\)/);
      expect(got[0].text).toContain("  - hero-images: $60.00");
      expect(got[0].text).toContain("  - gpt-image-1-mini: $25.50");
      expect(got[0].text).toContain(`${APP_URL}/?team=alpha&from=2026-11-01&to=2026-11-30`);
      expect(got[0].html).toContain("<h2");
      expect(got[0].messageId).toMatch(/^[0-9a-f-]{36}@spendscope$/);
    }
    expect((await outboxOf(org.id)).every((m) => m.status === "sent" && m.attempts === 1 && m.sentAt !== null)).toBe(true);

    // Spend crosses 100 %: that threshold alone, once, even with both workers racing again.
    await addRollup(org.id, [{ hour: "2026-11-25T09:00:00Z", teamId: teams.alpha.id, cost: "14.5" }]);
    const later = new Date(NOW.getTime() + 60_000);
    const r = await Promise.all([
      runEvaluation({ client: workerA, now: later, orgId: org.id, appUrl: APP_URL }),
      runEvaluation({ client: workerB, now: later, orgId: org.id, appUrl: APP_URL }),
    ]);
    expect(r[0].firings + r[1].firings).toBe(1);
    await Promise.all([deliverOutbox({ client: workerA, orgId: org.id, smtpUrl: sink.url, now: later }), deliverOutbox({ client: workerB, orgId: org.id, smtpUrl: sink.url, now: later })]);
    for (const rcpt of recipients) {
      const got = mailsTo(rcpt, "Race rule");
      expect(got).toHaveLength(2);
      expect(got[1].subject).toContain("100% of budget reached ($100.00 of $100.00)");
    }
  });
});

describe("the claim under a race", () => {
  it("a worker that read the fired keys before another's claim committed waits for it and then skips that threshold", async () => {
    const { org, teams, rule } = await teamBudgetWithRule({ recipients: ["race@alpha.test"], ruleName: "Blocked rule", thresholds: ["50", "80"] });
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "90" }]);
    // "Worker A" has claimed 80 % in a transaction that has not committed yet.
    const a = new pg.Client({ connectionString: inject("databaseUrl") });
    await a.connect();
    try {
      await a.query("BEGIN");
      const key = claimKey({ ruleId: rule.id, periodKind: "month", periodKey: "2026-11", thresholdKey: "pct:80", budget: { amountUsd: "100", version: 1 } });
      await a.query(
        "INSERT INTO alert_firings (id, org_id, rule_id, claim_key, period_key, threshold, value) VALUES (gen_random_uuid(), $1, $2, $3, '2026-11', '80', 90)",
        [org.id, rule.id, key],
      );
      // Worker B sees neither claim, evaluates both thresholds, and blocks on A's uncommitted row for 80 %.
      const b = runEvaluation({ client: workerB, now: NOW, orgId: org.id, appUrl: APP_URL });
      await new Promise((r) => setTimeout(r, 300));
      await a.query("COMMIT");
      expect((await b).firings).toBe(1);
    } finally {
      await a.end();
    }
    const firings = await firingsOf(org.id);
    expect(firings.map((f) => f.threshold).sort()).toEqual(["50", "80"]);
    // B's message covers only the threshold it won.
    const [msg] = await outboxOf(org.id);
    expect(msg.textBody).toContain("Threshold:        50% of budget ($50.00)\n");
    expect(await outboxOf(org.id)).toHaveLength(1);
  });
});

describe("delivery while the SMTP server is down", () => {
  it("keeps the message pending with attempts and the error, then delivers it exactly once when the server is back", async () => {
    const { org, teams } = await teamBudgetWithRule({ recipients: ["ops@alpha.test"], ruleName: "Down rule", thresholds: ["50"] });
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "70" }]);
    expect((await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL })).firings).toBe(1);

    // A port nobody listens on: start a server to learn a free port, stop it, and point the mailer there.
    const probe = await startSmtpSink();
    const port = probe.port;
    await probe.stop();
    const downUrl = `smtp://127.0.0.1:${port}`;

    const first = await deliverOutbox({ orgId: org.id, smtpUrl: downUrl, now: NOW });
    expect(first).toMatchObject({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    let [msg] = await outboxOf(org.id);
    expect(msg.status).toBe("pending");
    expect(msg.attempts).toBe(1);
    expect(msg.lastError).toMatch(/ECONNREFUSED/);
    expect(msg.lockedUntil).toBeNull();
    expect(msg.nextAttemptAt.getTime()).toBe(NOW.getTime() + 30_000);

    // Not due yet: backoff is respected.
    expect((await deliverOutbox({ orgId: org.id, smtpUrl: downUrl, now: new Date(NOW.getTime() + 10_000) })).claimed).toBe(0);
    // Still down at the next try: the delay doubles.
    const t2 = new Date(NOW.getTime() + 30_000);
    expect(await deliverOutbox({ orgId: org.id, smtpUrl: downUrl, now: t2 })).toMatchObject({ claimed: 1, retrying: 1 });
    [msg] = await outboxOf(org.id);
    expect(msg.attempts).toBe(2);
    expect(msg.nextAttemptAt.getTime()).toBe(t2.getTime() + 60_000);

    // The server comes back on the same port.
    const back = await startSmtpSink({ port });
    try {
      const t3 = new Date(t2.getTime() + 60_000);
      expect(await deliverOutbox({ orgId: org.id, smtpUrl: back.url, now: t3 })).toMatchObject({ claimed: 1, sent: 1 });
      expect(await deliverOutbox({ orgId: org.id, smtpUrl: back.url, now: new Date(t3.getTime() + 3_600_000) })).toMatchObject({ claimed: 0 });
      expect(back.messages).toHaveLength(1);
      expect(back.messages[0].to).toEqual(["ops@alpha.test"]);
      expect(back.messages[0].subject).toContain("Down rule");
      [msg] = await outboxOf(org.id);
      expect(msg).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    } finally {
      await back.stop();
    }
  });

  it("retries a transient refusal (451) and gives up on a permanent one (550)", async () => {
    const { org, teams } = await teamBudgetWithRule({ recipients: ["a@alpha.test"], ruleName: "Refused rule", thresholds: ["50"] });
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "70" }]);
    await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL });
    const picky = await startSmtpSink();
    try {
      picky.rejectWith(451);
      expect(await deliverOutbox({ orgId: org.id, smtpUrl: picky.url, now: NOW })).toMatchObject({ retrying: 1 });
      picky.rejectWith(550);
      expect(await deliverOutbox({ orgId: org.id, smtpUrl: picky.url, now: new Date(NOW.getTime() + 30_000) })).toMatchObject({ failed: 1 });
      const [msg] = await outboxOf(org.id);
      expect(msg.status).toBe("failed");
      expect(msg.lastError).toMatch(/550/);
      expect(picky.messages).toHaveLength(0);
    } finally {
      await picky.stop();
    }
  });
});

describe("leases and webhooks", () => {
  it("a message claimed by a worker that died is sent by another only after the lease expires, with the same Message-ID", async () => {
    const { org, teams } = await teamBudgetWithRule({ recipients: ["lease@alpha.test"], ruleName: "Lease rule", thresholds: ["50"] });
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "70" }]);
    await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL });
    // Worker A claims the message and dies before sending (or after sending, before marking it sent).
    const [taken] = await claimDueMessages(workerA, { now: NOW, leaseUntil: new Date(NOW.getTime() + LEASE_MS), limit: 10, kinds: ["email"], orgId: org.id });
    expect(taken.recipient).toBe("lease@alpha.test");
    expect(await deliverOutbox({ client: workerB, orgId: org.id, smtpUrl: sink.url, now: new Date(NOW.getTime() + LEASE_MS - 1) })).toMatchObject({ claimed: 0 });
    expect(await deliverOutbox({ client: workerB, orgId: org.id, smtpUrl: sink.url, now: new Date(NOW.getTime() + LEASE_MS) })).toMatchObject({ claimed: 1, sent: 1 });
    const got = mailsTo("lease@alpha.test", "Lease rule");
    expect(got).toHaveLength(1);
    expect(got[0].messageId).toBe(`${taken.id}@spendscope`);
    const [msg] = await outboxOf(org.id);
    expect(msg).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("posts JSON to the webhook with an idempotency key, retries a 5xx and gives up on a 4xx", async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }[] = [];
    let answer = 503;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        res.statusCode = answer;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    try {
      const { org, teams } = await createTestOrg();
      const admin = adminOf(org.id);
      await createRule(admin, { name: "Hook rule", metric: "unpriced", config: { windowHours: 24 }, webhookUrl: url });
      await addRollup(org.id, [{ hour: "2026-11-25T11:00:00Z", teamId: teams.alpha.id, model: "gpt-image-9", unpricedEvents: 2, events: 2 }]);
      expect((await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL })).messages).toBe(1);
      expect(await deliverOutbox({ orgId: org.id, smtpUrl: null, now: NOW })).toMatchObject({ claimed: 1, retrying: 1 });
      answer = 200;
      expect(await deliverOutbox({ orgId: org.id, smtpUrl: null, now: new Date(NOW.getTime() + 30_000) })).toMatchObject({ sent: 1 });
      expect(received).toHaveLength(2);
      const [msg] = await outboxOf(org.id);
      expect(received[1].headers["idempotency-key"]).toBe(msg.id);
      expect(received[1].headers["content-type"]).toBe("application/json");
      expect(received[1].body).toMatchObject({ rule: { name: "Hook rule", metric: "unpriced" }, firings: [{ threshold: "0", value: "2", thresholdUnit: "count" }], test: false });
      expect(String(received[1].body.text)).toContain("2 unpriced events");

      await createRule(admin, { name: "Gone hook", metric: "unpriced", config: { windowHours: 24, threshold: 1 }, webhookUrl: url });
      answer = 410;
      await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL });
      expect(await deliverOutbox({ orgId: org.id, smtpUrl: null, now: NOW })).toMatchObject({ failed: 1 });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("re-arming", () => {
  it("fires again in the next period, and when the budget changes, but not before", async () => {
    const { org, teams, admin, budget } = await teamBudgetWithRule({ recipients: ["rearm@alpha.test"], ruleName: "Rearm rule", thresholds: ["80"] });
    await addRollup(org.id, [{ hour: "2026-11-05T08:00:00Z", teamId: teams.alpha.id, cost: "90" }]);
    expect((await runEvaluation({ now: NOW, orgId: org.id })).firings).toBe(1);
    expect((await runEvaluation({ now: new Date("2026-11-30T23:59:00Z"), orgId: org.id })).firings).toBe(0);

    // December: nothing spent yet, nothing fires; once December crosses 80 % it fires for 2026-12.
    const dec1 = new Date("2026-12-01T00:30:00Z");
    expect((await runEvaluation({ now: dec1, orgId: org.id })).firings).toBe(0);
    await addRollup(org.id, [{ hour: "2026-12-01T00:00:00Z", teamId: teams.alpha.id, cost: "81" }]);
    expect((await runEvaluation({ now: dec1, orgId: org.id })).firings).toBe(1);
    expect((await firingsOf(org.id)).map((f) => f.periodKey)).toEqual(["2026-11", "2026-12"]);

    // Raising the budget bumps its revision: 80 % of 101 = 80.80 is still crossed by 81 and re-arms.
    const updated = await updateBudget(admin, budget.id, { amount: "101" });
    expect(updated.revision).toBe(2);
    expect((await runEvaluation({ now: dec1, orgId: org.id })).firings).toBe(1);
    // A rename does not re-arm.
    expect((await updateBudget(admin, budget.id, { name: "Renamed" })).revision).toBe(2);
    expect((await runEvaluation({ now: dec1, orgId: org.id })).firings).toBe(0);
    const firings = await firingsOf(org.id);
    expect(firings.map((f) => f.budgetAmount?.toString())).toEqual(["100", "100", "101"]);
    expect(firings[2].claimKey).toContain("budget=101@v2");
  });
});

describe("muted rules", () => {
  it("sends nothing while muted and fires after the mute ends", async () => {
    const { org, teams, admin, rule } = await teamBudgetWithRule({ recipients: ["muted@alpha.test"], ruleName: "Muted rule", thresholds: ["50"] });
    await muteRule(admin, rule.id, { until: "2026-11-26T00:00:00Z" }, new Date("2026-11-25T00:00:00Z"));
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "70" }]);
    const r = await runEvaluation({ now: NOW, orgId: org.id });
    expect(r).toMatchObject({ firings: 0, messages: 0, errors: [] });
    await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: NOW });
    expect(await outboxOf(org.id)).toHaveLength(0);
    expect(mailsTo("muted@alpha.test", "Muted rule")).toHaveLength(0);
    expect(await firingsOf(org.id)).toHaveLength(0);

    const after = new Date("2026-11-26T00:00:01Z");
    expect((await runEvaluation({ now: after, orgId: org.id })).firings).toBe(1);
    await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: after });
    expect(mailsTo("muted@alpha.test", "Muted rule")).toHaveLength(1);
  });

  it("test-send bypasses claims and the mute, and records nothing as fired", async () => {
    const { org, teams, admin, rule } = await teamBudgetWithRule({ recipients: ["test@alpha.test"], ruleName: "Test-send rule", thresholds: ["50"] });
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "20" }]);
    setMailerUrl(sink.url);
    try {
      const r = await sendTestMessage(admin, rule.id, NOW);
      expect(r).toEqual({ queued: 1, sent: 1, pending: 0 });
    } finally {
      setMailerUrl(null);
    }
    const got = mailsTo("test@alpha.test", "Test-send rule");
    expect(got).toHaveLength(1);
    expect(got[0].subject.startsWith("[Test] ")).toBe(true);
    expect(got[0].text).toContain("Spend is $20.00 in month 2026-11: 20% of the $100.00 budget, below 50%.");
    expect(await firingsOf(org.id)).toHaveLength(0);
  });
});

describe("each metric from the rollup", () => {
  it("forecast, spike, retries and unpriced rules fire on their data", async () => {
    const { org, teams } = await createTestOrg();
    const admin = adminOf(org.id);
    const budget = await createBudget(admin, { name: "Org month", period: "month", amount: "1000" });
    const rows = [];
    // 40 $/day for the 7 days before Nov 25; with 120 earlier and 30 today, 430 spent: 430 + 40 × 5.5 days left = 650 (65 %).
    for (let d = 18; d <= 24; d++) rows.push({ hour: `2026-11-${d}T10:00:00Z`, teamId: teams.alpha.id, cost: "40" });
    rows.push({ hour: "2026-11-02T10:00:00Z", teamId: teams.alpha.id, cost: "120" });
    await addRollup(org.id, rows);
    // Last 2 hours: $30 in the current hour against $1/h before; retries and unpriced events too.
    await addRollup(org.id, [
      { hour: "2026-11-25T12:00:00Z", teamId: teams.beta.id, feature: "avatars", cost: "30", events: 10, retries: 6, acceptedOutputs: 4 },
      { hour: "2026-11-25T11:00:00Z", teamId: teams.beta.id, feature: "avatars", outcome: "failed", events: 5, cost: "0" },
      { hour: "2026-11-25T11:00:00Z", teamId: teams.alpha.id, feature: "new-model", model: "gpt-image-9", events: 3, unpricedEvents: 3 },
    ]);
    const names = ["forecast 60", "forecast 70", "spike", "retries", "failed share", "unpriced"];
    await createRule(admin, { name: names[0], metric: "forecast", budgetId: budget.id, config: { percentOfBudget: "60" }, recipients: ["f@x.test"] });
    await createRule(admin, { name: names[1], metric: "forecast", budgetId: budget.id, config: { percentOfBudget: "70" }, recipients: ["f@x.test"] });
    await createRule(admin, { name: names[2], metric: "spike", team: "beta", config: { windowHours: 2, lookbackHours: 24, multiplier: "3", minWindowSpendUsd: "5" }, recipients: ["s@x.test"] });
    await createRule(admin, { name: names[3], metric: "retries", team: "beta", config: { measure: "retries_per_accepted_output", threshold: "1", windowHours: 6, minAttempts: 5 }, recipients: ["r@x.test"] });
    await createRule(admin, { name: names[4], metric: "retries", team: "beta", config: { measure: "failed_share_percent", threshold: "40", windowHours: 6, minAttempts: 5 }, recipients: ["r@x.test"] });
    await createRule(admin, { name: names[5], metric: "unpriced", config: { windowHours: 24 }, recipients: ["u@x.test"] });

    const r = await runEvaluation({ now: NOW, orgId: org.id });
    expect(r.errors).toEqual([]);
    const firings = await db().alertFiring.findMany({ where: { orgId: org.id }, include: { rule: true } });
    const byRule = Object.fromEntries(firings.map((f) => [f.rule.name, f]));
    expect(Object.keys(byRule).sort()).toEqual(["forecast 60", "retries", "spike", "unpriced"]);
    expect(byRule["forecast 60"].value.toString()).toBe("650");
    expect(byRule["forecast 60"].forecast?.toString()).toBe("650");
    // Spike: window = hours 11:00 and 12:00 (30 $), hourly 15 $ > 3 × baseline 0.
    expect(byRule["spike"].value.toString()).toBe("15");
    // Retries: 6 retries / 4 accepted = 1.5 > 1. Failed share: 5 of 15 = 33 % < 40 %.
    expect(byRule["retries"].value.toString()).toBe("1.5");
    expect(byRule["unpriced"].value.toString()).toBe("3");
    expect((byRule["unpriced"].details as { top: { features: { name: string }[] } }).top.features[0].name).toBe("new-model");
  });
});

describe("authorization and validation", () => {
  it("members manage their teams' budgets and rules only; bad input is a 400 with field paths", async () => {
    const { org, teams } = await createTestOrg();
    const member = memberOf(org.id, [teams.alpha.id]);
    const own = await createBudget(member, { name: "Mine", period: "week", amount: "10", team: "alpha" });
    await expect(createBudget(member, { name: "Theirs", period: "week", amount: "10", team: "beta" })).rejects.toMatchObject({ status: 403 });
    await expect(createBudget(member, { name: "Org", period: "week", amount: "10" })).rejects.toMatchObject({ status: 403 });
    await expect(createBudget(member, { name: "", period: "year", amount: "-1", team: "alpha" })).rejects.toMatchObject({
      status: 400,
      extra: { invalidFields: expect.arrayContaining([expect.objectContaining({ path: "period" }), expect.objectContaining({ path: "amount" }), expect.objectContaining({ path: "name" })]) },
    });
    await expect(createBudget(member, { name: "X", period: "week", amount: "10", team: "nope" })).rejects.toMatchObject({ status: 400 });

    await expect(
      createRule(member, { name: "r", metric: "spend", budgetId: own.id, config: { unit: "percent_of_budget", thresholds: ["80", "80.0"] }, recipients: ["not-an-email"] }),
    ).rejects.toMatchObject({
      status: 400,
      extra: { invalidFields: expect.arrayContaining([expect.objectContaining({ path: "config.thresholds" }), expect.objectContaining({ path: "recipients[0]" })]) },
    });
    await expect(createRule(member, { name: "r", metric: "forecast", config: {}, recipients: ["a@b.test"] })).rejects.toMatchObject({
      status: 400,
      extra: { invalidFields: [expect.objectContaining({ path: "budgetId" })] },
    });
    const rule = await createRule(member, { name: "ok", metric: "spend", budgetId: own.id, config: { unit: "percent_of_budget", thresholds: ["80"] }, recipients: ["a@b.test"] });
    // The rule took the budget's scope.
    expect((await db().alertRule.findUniqueOrThrow({ where: { id: rule.id } })).teamId).toBe(teams.alpha.id);
    await expect(createRule(member, { name: "x", metric: "unpriced", team: "beta", config: { windowHours: 1 }, recipients: ["a@b.test"] })).rejects.toMatchObject({ status: 403 });
    await expect(updateRule(memberOf(org.id, [teams.beta.id]), rule.id, { name: "stolen" })).rejects.toMatchObject({ status: 403 });
    await expect(updateRule(member, rule.id, { config: { unit: "percent_of_budget", thresholds: [] } })).rejects.toMatchObject({ status: 400 });
    await updateRule(member, rule.id, { config: { unit: "percent_of_budget", thresholds: ["50", "90"] } });
    await expect(deleteBudget(member, own.id)).rejects.toMatchObject({ status: 409 });
    const views = await listBudgetViews(member, NOW);
    expect(views.map((v) => [v.name, v.rules, v.scope.team?.slug])).toEqual([["Mine", 1, "alpha"]]);
    const audit = await db().auditLog.findMany({ where: { orgId: org.id, entityType: { in: ["budget", "alert_rule"] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["budget.create", "alert_rule.create", "alert_rule.update"]);
  });
});
