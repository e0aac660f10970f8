/**
 * The reconciliation alert rule through the real claim/outbox machinery and the real SMTP sink: one mail per
 * (rule, billed day) whose variance passes the threshold, however many workers and passes run.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { dec } from "@/lib/money/decimal";
import { deliverOutbox } from "@/lib/alerts/outbox";
import { runEvaluation } from "@/lib/alerts/runner";
import { createRule } from "@/lib/alerts/service";
import { startSmtpSink, type SmtpSink } from "@/lib/alerts/smtp-sink";
import { loadReconciliation } from "@/lib/reconcile/service";
import { adminOf, firingsOf } from "./alerts-fixtures";
import { reconcileFixture } from "./reconcile-fixtures";

const NOW = new Date("2026-11-05T08:00:00Z");
let sink: SmtpSink;
let workerA: Db;
let workerB: Db;

beforeAll(async () => {
  sink = await startSmtpSink();
  workerA = createDb(inject("databaseUrl"), 2);
  workerB = createDb(inject("databaseUrl"), 2);
});

afterAll(async () => {
  await Promise.all([workerA.$disconnect(), workerB.$disconnect()]);
  await sink.stop();
});

describe("reconciliation alert rule", () => {
  it("claims exactly once per billed day above the threshold and mails through the outbox to SMTP once", async () => {
    const t = await reconcileFixture();
    const recipient = `recon-${t.orgId.slice(0, 8)}@alpha.test`;
    await createRule(adminOf(t.orgId), { name: "Invoice drift", metric: "reconciliation", team: "alpha", config: { thresholdPercent: "10", minVarianceUsd: "0.25", lookbackDays: 7 }, recipients: [recipient] });

    // Independently: the days of alpha's projects whose |billed − tracked| / billed is above 10 %.
    const r = await loadReconciliation({ orgId: t.orgId, visibleTeamIds: [t.teams.alpha.id] }, { from: "2026-10-28", to: "2026-11-03" });
    const expected = r.rows.filter((x) => dec(x.billed).gt(0) && dec(x.variance).abs().times(100).div(x.billed).gt(10)).map((x) => x.date);
    expect(expected).toContain("2026-11-02");
    expect(expected).toContain("2026-11-03");

    for (let pass = 0; pass < 3; pass++) {
      const now = new Date(NOW.getTime() + pass * 86_400_000); // later days re-evaluate the same billed days
      const [a, b] = await Promise.all([
        runEvaluation({ client: workerA, now, orgId: t.orgId, appUrl: "http://spendscope.test" }),
        runEvaluation({ client: workerB, now, orgId: t.orgId, appUrl: "http://spendscope.test" }),
      ]);
      expect([...a.errors, ...b.errors]).toEqual([]);
      expect(a.firings + b.firings).toBe(pass === 0 ? expected.length : 0);
      await deliverOutbox({ client: workerA, orgId: t.orgId, smtpUrl: sink.url, now });
    }
    const firings = await firingsOf(t.orgId);
    expect(firings.map((f) => f.periodKey).sort()).toEqual(expected);
    // Days crossed in one pass are claimed one by one and named together in one mail (as thresholds are).
    const mails = sink.messages.filter((m) => m.to.includes(recipient));
    expect(mails).toHaveLength(1);
    for (const d of expected) expect(mails[0].text).toContain(`On ${d} OpenAI billed`);
    expect(mails[0].text).toContain("On 2026-11-02 OpenAI billed $2.00 and Spendscope tracked $0.00");
    // What drove it: the days' variance by OpenAI project with its sources, and the page filtered to those days.
    expect(mails[0].text).toContain("What drove it: billed against tracked by OpenAI project:");
    expect(mails[0].text).toContain("The team / feature / model table does not apply");
    expect(mails[0].text).toMatch(/ {2}- 2026-11-02 .*\(team ALPHA\): billed \$2\.00, tracked \$0\.00, variance \+\$2\.00 \(100\.00%\); sources: /);
    expect(mails[0].text).toContain(`View the spend: http://spendscope.test/reconciliation?from=${expected[0]}&to=${expected[expected.length - 1]}`);
  });
});
