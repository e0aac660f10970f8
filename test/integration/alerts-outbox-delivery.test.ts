/**
 * Outbox edge cases and a mail outage with two workers, against the real SMTP sink and real PostgreSQL:
 * every message is delivered once (counted by Message-ID at the sink).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { AppError } from "@/lib/api/errors";
import { createDb, db, Prisma, type Db } from "@/lib/db/client";
import { LEASE_MS, MAX_ATTEMPTS, retryDelayMs } from "@/lib/alerts/delivery-policy";
import { clearAcceptedJournal, deliverOutbox } from "@/lib/alerts/outbox";
import { claimDueMessages } from "@/lib/alerts/queries";
import { runEvaluation } from "@/lib/alerts/runner";
import { createBudget, createRule, listOutboxViews, retryOutboxMessage } from "@/lib/alerts/service";
import { startSmtpSink, type SmtpSink } from "@/lib/alerts/smtp-sink";
import { createTestOrg } from "./helpers";
import { addRollup, adminOf, outboxOf } from "./alerts-fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

let sink: SmtpSink;
let workerA: Db;
let workerB: Db;

beforeAll(async () => {
  sink = await startSmtpSink();
  // Two independent pools, as two worker processes would have (one connection each: embedded-safe).
  workerA = createDb(inject("databaseUrl"), 1);
  workerB = createDb(inject("databaseUrl"), 1);
});

afterAll(async () => {
  await Promise.all([workerA.$disconnect(), workerB.$disconnect()]);
  await sink.stop();
});

async function orgWithRule(recipients: string[], thresholds = ["50"]) {
  const { org, teams } = await createTestOrg();
  const admin = adminOf(org.id);
  const budget = await createBudget(admin, { name: "Alpha monthly", period: "month", amount: "100", team: "alpha" });
  const rule = await createRule(admin, { name: `Rule ${org.id.slice(0, 8)}`, metric: "spend", budgetId: budget.id, config: { unit: "percent_of_budget", thresholds }, recipients });
  return { org, teams, admin, rule };
}

const copiesOf = (id: string) => sink.messages.filter((m) => m.messageId === `${id}@spendscope`).length;

describe("recording 'sent' fails after the SMTP server accepted the message", () => {
  beforeAll(async () => {
    // A real failure of the UPDATE that records "sent", for the message ids listed in the table.
    await db().$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_fail_mark_sent (id uuid PRIMARY KEY)`);
    await db().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_fail_mark_sent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'sent' AND EXISTS (SELECT 1 FROM test_fail_mark_sent f WHERE f.id = NEW.id) THEN
          RAISE EXCEPTION 'simulated failure while recording sent';
        END IF;
        RETURN NEW;
      END $$`);
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_fail_mark_sent ON outbox_messages`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER test_fail_mark_sent BEFORE UPDATE ON outbox_messages FOR EACH ROW EXECUTE FUNCTION test_fail_mark_sent()`,
    );
  });
  afterAll(async () => {
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_fail_mark_sent ON outbox_messages`);
  });

  it("does not send it again: the acceptance is recorded on a later pass", async () => {
    clearAcceptedJournal();
    const { org, teams } = await orgWithRule(["once@alpha.test"]);
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "60" }]);
    expect((await runEvaluation({ now: NOW, orgId: org.id })).messages).toBe(1);
    const [msg] = await outboxOf(org.id);
    await db().$executeRaw(Prisma.sql`INSERT INTO test_fail_mark_sent (id) VALUES (${msg.id}::uuid)`);

    const lines: string[] = [];
    expect(await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: NOW, log: (l) => lines.push(l) })).toMatchObject({ claimed: 1, sent: 1 });
    expect(copiesOf(msg.id)).toBe(1);
    expect((await outboxOf(org.id))[0].status).toBe("pending"); // not recorded
    expect(lines.join("\n")).toMatch(/accepted but recording it failed/);

    // The database recovers; passes go on (the lease has even expired): recorded as sent, not sent again.
    await db().$executeRaw(Prisma.sql`DELETE FROM test_fail_mark_sent WHERE id = ${msg.id}::uuid`);
    expect(await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: at(LEASE_MS + 1) })).toMatchObject({ claimed: 0 });
    expect((await outboxOf(org.id))[0]).toMatchObject({ status: "sent", attempts: 1 });
    expect(copiesOf(msg.id)).toBe(1);
  });

  it("a message claimed again while still journaled is recorded, not re-sent", async () => {
    clearAcceptedJournal();
    const { org, teams } = await orgWithRule(["journal@alpha.test"]);
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "60" }]);
    await runEvaluation({ now: NOW, orgId: org.id });
    const [msg] = await outboxOf(org.id);
    await db().$executeRaw(Prisma.sql`INSERT INTO test_fail_mark_sent (id) VALUES (${msg.id}::uuid)`);
    await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: NOW });
    // Still failing at the next pass after the lease: the claim finds it journaled and does not send it.
    expect(await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: at(LEASE_MS + 1) })).toMatchObject({ claimed: 1, sent: 1 });
    expect(copiesOf(msg.id)).toBe(1);
    await db().$executeRaw(Prisma.sql`DELETE FROM test_fail_mark_sent WHERE id = ${msg.id}::uuid`);
    await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: at(2 * LEASE_MS + 2) });
    expect((await outboxOf(org.id))[0].status).toBe("sent");
    expect(copiesOf(msg.id)).toBe(1);
  });
});

describe("admin Retry", () => {
  it("leaves a message another worker holds alone, and retries a failed one", async () => {
    const { org, teams, admin } = await orgWithRule(["retry@alpha.test"]);
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "60" }]);
    await runEvaluation({ now: NOW, orgId: org.id });
    const [held] = await claimDueMessages(workerA, { now: NOW, leaseUntil: at(LEASE_MS), limit: 10, kinds: ["email"], orgId: org.id });
    expect(held).toBeDefined();

    const err = await retryOutboxMessage(admin, held.id, at(1000)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(409);
    expect(copiesOf(held.id)).toBe(0);
    expect((await outboxOf(org.id))[0].lockedUntil?.toISOString()).toBe(at(LEASE_MS).toISOString());

    // The holder sends it (here: its lease ends and a normal pass sends it once).
    await deliverOutbox({ client: workerB, orgId: org.id, smtpUrl: sink.url, now: at(LEASE_MS) });
    expect(copiesOf(held.id)).toBe(1);

    // A refused message fails at once; Retry makes it go out.
    const second = await orgWithRule(["refused@alpha.test"]);
    await addRollup(second.org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: second.teams.alpha.id, cost: "60" }]);
    await runEvaluation({ now: NOW, orgId: second.org.id });
    sink.rejectWith(550);
    try {
      expect(await deliverOutbox({ orgId: second.org.id, smtpUrl: sink.url, now: NOW })).toMatchObject({ failed: 1 });
    } finally {
      sink.rejectWith(null);
    }
    const [failed] = await outboxOf(second.org.id);
    await withMailer(() => retryOutboxMessage(second.admin, failed.id, at(1000)));
    expect(copiesOf(failed.id)).toBe(1);
  });
});

async function withMailer<T>(fn: () => Promise<T>): Promise<T> {
  const { setMailerUrl } = await import("@/lib/alerts/outbox");
  setMailerUrl(sink.url);
  try {
    return await fn();
  } finally {
    setMailerUrl(null);
  }
}

async function healthOutbox(): Promise<{ failed: number; oldestPendingAgeSeconds: number | null }> {
  const res = await health();
  expect(res.status).toBe(200);
  const body = (await res.json()) as { status: string; db: string; outbox: { failed: number; oldestPendingAgeSeconds: number | null } };
  expect(body).toMatchObject({ status: "ok", db: "ok" });
  return body.outbox;
}

describe("a message that gives up", () => {
  it(`fails after ${MAX_ATTEMPTS} attempts and shows in health and the Outbox counts`, async () => {
    const before = await healthOutbox();
    const { org, teams, admin } = await orgWithRule(["giveup@alpha.test"]);
    await addRollup(org.id, [{ hour: "2026-11-10T08:00:00Z", teamId: teams.alpha.id, cost: "60" }]);
    await runEvaluation({ now: NOW, orgId: org.id });
    const down = await startSmtpSink();
    await down.stop(); // a port that refuses connections
    let t = NOW.getTime();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const r = await deliverOutbox({ orgId: org.id, smtpUrl: down.url, now: new Date(t) });
      expect(r.claimed).toBe(1);
      t += retryDelayMs(attempt);
    }
    const [msg] = await outboxOf(org.id);
    expect(msg).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect((await listOutboxViews(admin)).counts.failed).toBe(1);
    const after = await healthOutbox();
    expect(after.failed).toBe(before.failed + 1);

    // A message waiting since two minutes ago (real clock) makes the oldest pending age at least 120 s.
    const { insertOutboxMessages } = await import("@/lib/alerts/queries");
    await insertOutboxMessages(db(), [{ orgId: org.id, firingId: null, kind: "email", recipient: "late@alpha.test", ruleId: null, subject: "s", textBody: "t", htmlBody: "" }], new Date(Date.now() - 120_000));
    expect((await healthOutbox()).oldestPendingAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(JSON.stringify(await healthOutbox())).not.toContain("alpha.test");
  });
});

describe("mail outage with two workers", () => {
  it("keeps trying while SMTP is down and, once it is back, delivers every message exactly once", async () => {
    const recipients = ["a@alpha.test", "b@alpha.test", "c@alpha.test"];
    const { org, teams } = await orgWithRule(recipients, ["25", "50", "75", "100"]);
    const port = sink.port;
    await sink.stop(); // SMTP down: the port refuses connections
    const smtpUrl = `smtp://127.0.0.1:${port}`;
    let t = NOW.getTime();
    try {
      // Alerts fire while SMTP is down, evaluated and delivered by both workers at once.
      for (const [i, cost] of ["30", "30", "30"].entries()) {
        await addRollup(org.id, [{ hour: `2026-11-1${i}T08:00:00Z`, teamId: teams.alpha.id, cost }]);
        await Promise.all([runEvaluation({ client: workerA, orgId: org.id, now: new Date(t) }), runEvaluation({ client: workerB, orgId: org.id, now: new Date(t) })]);
        const passes = await Promise.all([
          deliverOutbox({ client: workerA, orgId: org.id, smtpUrl, now: new Date(t) }),
          deliverOutbox({ client: workerB, orgId: org.id, smtpUrl, now: new Date(t) }),
        ]);
        expect(passes.reduce((n, p) => n + p.sent, 0)).toBe(0);
        t += 60 * 60_000;
      }
      const queued = await outboxOf(org.id);
      expect(queued).toHaveLength(3 * recipients.length); // 25, 50 and 75 % crossed, one message each per recipient
      expect(queued.every((m) => m.status === "pending" && m.attempts >= 1)).toBe(true);
    } finally {
      sink = await startSmtpSink({ port }); // SMTP is back on the same address
    }

    for (let round = 0; round < 10; round++) {
      const pending = (await outboxOf(org.id)).filter((m) => m.status === "pending");
      if (pending.length === 0) break;
      await Promise.all([
        deliverOutbox({ client: workerA, orgId: org.id, smtpUrl, now: new Date(t), limit: 2 }),
        deliverOutbox({ client: workerB, orgId: org.id, smtpUrl, now: new Date(t), limit: 2 }),
      ]);
      t += 60 * 60_000;
    }
    const rows = await outboxOf(org.id);
    expect(rows.map((m) => m.status)).toEqual(rows.map(() => "sent"));
    for (const m of rows) expect(copiesOf(m.id)).toBe(1);
    expect(sink.messages.filter((m) => recipients.some((r) => m.to.includes(r)))).toHaveLength(rows.length);
  });
});
