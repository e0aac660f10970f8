/**
 * Weekly team digests on real PostgreSQL with the real SMTP sink: opt-in rules, nothing before Monday 08:00 in the
 * organization's zone, and exactly one mail per (recipient, team, week) with two workers ticking at once and a
 * restart (a fresh client and an empty accepted-journal) in between.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import fc from "fast-check";
import { createDb, db, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/api/errors";
import { readJson } from "@/lib/api/route";
import { parseInput } from "@/lib/api/zod-fields";
import { clearAcceptedJournal, deliverOutbox, setMailerUrl } from "@/lib/alerts/outbox";
import { startWorker, type AlertWorker, type PassResult } from "@/lib/alerts/worker";
import { dueWeek } from "@/lib/digest/schedule";
import { createBudget } from "@/lib/alerts/service";
import { startSmtpSink, type SmtpSink } from "@/lib/alerts/smtp-sink";
import { digestSettingsSchema, enqueueDueDigests, getDigestSettings, previewDigest, saveDigestSettings } from "@/lib/digest/service";
import { HARDENING_SEED, hardeningRuns, hostileBody } from "../support/hostile";
import { describeBody, expectClientAnswer, fromService } from "../support/hostile-outcome";
import { createTestOrg, createTestUser } from "./helpers";
import { addRollup, adminOf, memberOf, outboxOf } from "./alerts-fixtures";

let sink: SmtpSink;
let workerA: Db;
let workerB: Db;

beforeAll(async () => {
  sink = await startSmtpSink();
  workerA = createDb(inject("databaseUrl"), 1);
  workerB = createDb(inject("databaseUrl"), 1);
});

afterAll(async () => {
  await Promise.all([workerA.$disconnect(), workerB.$disconnect()]);
  await sink.stop();
});

// After the previous week's send time (Monday 2026-11-23 08:00 Berlin), so the first digest due is the week of 2026-11-23.
const SUBSCRIBED = new Date("2026-11-23T12:00:00Z");

async function world() {
  const { org, teams } = await createTestOrg({ timeZone: "Europe/Berlin" });
  const admin = await createTestUser(org.id, "admin");
  const member = await createTestUser(org.id, "member", ["alpha"]);
  const adminP = adminOf(org.id, admin.user.id);
  const memberP = memberOf(org.id, [teams.alpha.id], member.user.id);
  await createBudget(adminOf(org.id), { name: "Alpha monthly", period: "month", amount: "100", team: "alpha" });
  // Week of 2026-11-23 (Berlin): 30 on hero-images, 12 on a new model; the week before: 20 on hero-images. The
  // monthly budget at send time (Monday 30 November) also holds the 1000 of Monday 00:30.
  await addRollup(org.id, [
    { hour: "2026-11-24T10:00:00Z", teamId: teams.alpha.id, cost: "30", events: 6, acceptedOutputs: 4, unpricedEvents: 1 },
    { hour: "2026-11-29T22:00:00Z", teamId: teams.alpha.id, model: "gpt-image-2", cost: "12", events: 2, acceptedOutputs: 2 }, // Sunday 23:00 Berlin
    { hour: "2026-11-17T10:00:00Z", teamId: teams.alpha.id, cost: "20", events: 5, acceptedOutputs: 5 },
    { hour: "2026-11-29T23:30:00Z", teamId: teams.alpha.id, cost: "1000" }, // Monday 00:30 Berlin: next week
  ]);
  return { org, teams, admin, member, adminP, memberP };
}

const pass = (client: Db, now: string) => enqueueDueDigests({ client, now: new Date(now), appUrl: "https://spend.example" });
const deliver = (client: Db, orgId: string, now: string) => deliverOutbox({ client, orgId, smtpUrl: sink.url, now: new Date(now) });
const mailsTo = (email: string) => sink.messages.filter((m) => m.to.includes(email));

describe("digest settings", () => {
  it("lets admins choose any team and members only their own, naming the refused team", async () => {
    const w = await world();
    const admin = await saveDigestSettings(w.adminP, { teams: ["alpha", "beta"] }, SUBSCRIBED);
    expect(admin.teams.map((t) => [t.slug, t.subscribed])).toEqual([["alpha", true], ["beta", true]]);
    expect(admin.nextSendAt).toBe("2026-11-30T07:00:00.000Z");

    const err = await saveDigestSettings(w.memberP, { teams: ["alpha", "beta"] }, SUBSCRIBED).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).extra.invalidFields).toEqual([{ path: "teams[1]", message: "not one of your teams" }]);
    expect((await getDigestSettings(w.memberP)).teams).toEqual([{ slug: "alpha", name: "ALPHA", subscribed: false }]); // nothing half-written

    await saveDigestSettings(w.memberP, { teams: ["alpha"] }, SUBSCRIBED);
    await expect(previewDigest(w.memberP, "beta")).rejects.toMatchObject({ status: 404 });
    await saveDigestSettings(w.memberP, { teams: [] }, SUBSCRIBED);
    expect((await getDigestSettings(w.memberP)).teams[0].subscribed).toBe(false);
  });
});

describe("sending", () => {
  it("sends nothing before Monday 08:00 local, then exactly one digest per recipient, team and week across two workers and a restart", async () => {
    const w = await world();
    await saveDigestSettings(w.adminP, { teams: ["alpha", "beta"] }, SUBSCRIBED);
    await saveDigestSettings(w.memberP, { teams: ["alpha"] }, SUBSCRIBED);

    // Sunday evening and Monday 07:59:59 in Berlin (06:59:59 UTC): nothing is due.
    for (const now of ["2026-11-29T20:00:00Z", "2026-11-30T06:59:59Z"]) {
      await Promise.all([pass(workerA, now), pass(workerB, now)]);
    }
    expect(await outboxOf(w.org.id)).toHaveLength(0);

    // Monday 08:00 Berlin: both workers tick at once, each enqueueing and delivering.
    const monday = "2026-11-30T07:00:00Z";
    const results = await Promise.all([pass(workerA, monday), pass(workerB, monday)]);
    await Promise.all([deliver(workerA, w.org.id, monday), deliver(workerB, w.org.id, monday)]);
    expect(results.flatMap((r) => r.errors)).toEqual([]);

    // A restart: a fresh process (new pool, empty accepted-journal) ticks again later that day and on Wednesday.
    clearAcceptedJournal();
    const restarted = createDb(inject("databaseUrl"), 1);
    try {
      for (const now of ["2026-11-30T07:01:00Z", "2026-12-02T12:00:00Z"]) {
        await Promise.all([pass(restarted, now), pass(workerA, now)]);
        await Promise.all([deliver(restarted, w.org.id, now), deliver(workerB, w.org.id, now)]);
      }
    } finally {
      await restarted.$disconnect();
    }

    const rows = await outboxOf(w.org.id);
    expect(rows.map((r) => [r.recipient, r.status]).sort()).toEqual(
      [[w.admin.email, "sent"], [w.admin.email, "sent"], [w.member.email, "sent"]].sort(),
    );
    expect(mailsTo(w.admin.email)).toHaveLength(2);
    expect(mailsTo(w.member.email)).toHaveLength(1);
    const claims = await db().digestSend.findMany({ where: { orgId: w.org.id } });
    expect(claims).toHaveLength(3);
    expect(claims.every((c) => c.weekStart.toISOString().startsWith("2026-11-23") && c.outboxId !== null)).toBe(true);

    // The mail: the local week (Sunday 23:00 Berlin in, Monday 00:30 out), both parts, unsubscribe link.
    const mail = mailsTo(w.member.email)[0];
    expect(mail.subject).toBe("Weekly spend for ALPHA: $42.00 (+110.0 %), 2026-11-23 to 2026-11-29");
    for (const line of [
      "Spend this week: $42.00",
      "Previous week: $20.00",
      "Change: +$22.00 (+110.0 %)",
      "Cost per accepted output: $7.00 (6 accepted; previous week $4.00)",
      "Unpriced events: 1",
      "gpt-image-2: $12.00 (+$12.00, new)",
      "hero-images: $42.00 (+$22.00, +110.0 %)",
      "Alpha monthly: $1,062.00 of $100.00 (1062.00 %) this month 2026-11; forecast $1,066.00 (1066.00 %) - over budget",
      "Unsubscribe or change teams: https://spend.example/settings/digest",
    ]) {
      expect(mail.text).toContain(line);
    }
    expect(mail.html).toContain('<table role="presentation"');
    expect(mail.html).toContain('href="https://spend.example/settings/digest"');

    // The preview renders the same mail (same week, same template) for the same instant.
    const preview = await previewDigest(w.memberP, "alpha", new Date(monday));
    expect(preview.mail.text.replaceAll("http://localhost:3000", "https://spend.example")).toBe(mail.text);

    // The next Monday brings the next week, once.
    const next = "2026-12-07T07:00:00Z";
    await Promise.all([pass(workerA, next), pass(workerB, next)]);
    await Promise.all([deliver(workerA, w.org.id, next), deliver(workerB, w.org.id, next)]);
    expect(mailsTo(w.member.email)).toHaveLength(2);
    expect(mailsTo(w.member.email)[1].subject).toContain("2026-11-30 to 2026-12-06");
  });

  it("stops a member's digest when they leave the team", async () => {
    const w = await world();
    await saveDigestSettings(w.memberP, { teams: ["alpha"] }, SUBSCRIBED);
    await db().membership.deleteMany({ where: { userId: w.member.user.id } });
    await pass(workerA, "2026-11-30T07:00:00Z");
    expect((await outboxOf(w.org.id)).filter((r) => r.recipient === w.member.email)).toHaveLength(0);
  });
});

describe("PUT /api/v1/me/digest with hostile bodies", () => {
  it("answers 2xx or a 4xx naming the field, and a refused body changes no subscription", async () => {
    const w = await world();
    await saveDigestSettings(w.memberP, { teams: ["alpha"] }, SUBSCRIBED);
    const subs = () => db().digestSubscription.findMany({ where: { orgId: w.org.id }, orderBy: [{ userId: "asc" }, { teamId: "asc" }] });
    await fc.assert(
      fc.asyncProperty(hostileBody(() => ({ teams: ["alpha"] }), { paths: [["teams"], ["teams", 0]], maxBytes: 1024 * 1024 }), async ({ kind, text }) => {
        const before = await subs();
        const o = await fromService(async () => {
          const body = parseInput(digestSettingsSchema, await readJson(new Request("http://spendscope.test/", { method: "PUT", body: text }), 1024 * 1024));
          return saveDigestSettings(w.memberP, body, SUBSCRIBED);
        });
        expectClientAnswer(o, `PUT /api/v1/me/digest: ${describeBody(kind, text)}`);
        if (o.status >= 400) expect(await subs()).toEqual(before);
        else await saveDigestSettings(w.memberP, { teams: ["alpha"] }, SUBSCRIBED);
      }),
      { numRuns: hardeningRuns(100), seed: HARDENING_SEED, endOnFailure: true },
    );
  }, 240_000);
});

describe("the alert worker's pass", () => {
  let worker: AlertWorker | null = null;
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    setMailerUrl(null);
  });

  it("queues and delivers a due digest on its scheduled tick (no second scheduler)", async () => {
    // Real time: a zone where Monday 08:00 has passed this week (one of UTC+14 and UTC-12 always qualifies).
    const tz = ["Pacific/Kiritimati", "Etc/GMT+12"].find((z) => dueWeek(new Date(), z) !== null)!;
    const { org } = await createTestOrg({ timeZone: tz });
    const { user, email } = await createTestUser(org.id, "admin");
    await saveDigestSettings(adminOf(org.id, user.id), { teams: ["alpha"] }, new Date("2026-01-01T00:00:00Z"));
    setMailerUrl(sink.url);
    const passes: PassResult[] = [];
    worker = startWorker({ intervalMs: 3_600_000, log: () => undefined, onPass: (_what, r) => passes.push(r) });
    await expect.poll(() => passes.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => mailsTo(email).length, { timeout: 30_000 }).toBe(1);
    expect(mailsTo(email)[0].subject).toMatch(/^Weekly spend for ALPHA: \$0\.00 \(new\)/);
    await worker.runNow();
    expect(mailsTo(email)).toHaveLength(1);
  }, 120_000);
});
