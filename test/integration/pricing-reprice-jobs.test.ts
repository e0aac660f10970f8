/**
 * Reprice job ownership against PostgreSQL: one runner per live job (heartbeat + staleness window, claims with
 * FOR UPDATE SKIP LOCKED), stale jobs taken over, a runner that lost its job stops, failed runs retried later.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db/client";
import { ingestEvents } from "@/lib/ingest/service";
import { validateEvent } from "@/lib/ingest/event-schema";
import { findResumableRepriceJobs, heartbeatRepriceJob } from "@/lib/pricing/queries";
import { REPRICE_MAX_ATTEMPTS, REPRICE_STALE_MS, repriceRetryDelayMs, runRepriceJob } from "@/lib/pricing/reprice";
import { snapshotDocument } from "@/lib/pricing/store";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { cloneSnapshot, createDraft, publishSnapshot, updateDraft } from "@/lib/pricing/service";
import { createTestOrg } from "./helpers";
import { ADMIN } from "./pricing-helpers";

/** An organization with `n` events and a queued reprice job over them (a correction published, not started). */
async function queuedJob(n = 4) {
  const { org } = await createTestOrg();
  const d = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
  const jun = (await publishSnapshot(org.id, d.summary.id, ADMIN)).snapshot.summary;
  const events = Array.from({ length: n }, (_, i) => {
    const r = validateEvent(
      { id: `e${i}`, team: "alpha", feature: "hero", workflow: "text_to_image", outcome: "accepted", timestamp: `2026-07-0${1 + i}T00:00:00Z`, model: "gpt-image-2", usage: { imageOutputTokens: 1000 } },
      new Date(),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.event;
  });
  await ingestEvents(org.id, events, { source: "seed" });
  const fix = await cloneSnapshot(org.id, jun.id, ADMIN);
  const rows = fix.document.rows.map((r) => ({ ...r, rates: { ...r.rates, imageOutput: r.model === "gpt-image-2" ? "20" : r.rates.imageOutput } }));
  await updateDraft(org.id, fix.summary.id, { rows }, ADMIN);
  const pub = await publishSnapshot(org.id, fix.summary.id, ADMIN, { startJob: false });
  return { orgId: org.id, jobId: pub.repriceJob!.id };
}

const job = (id: string) => db().repriceJob.findUniqueOrThrow({ where: { id } });
const costOf = async (orgId: string, id: string) => (await db().usageEvent.findFirstOrThrow({ where: { orgId, id } })).cost?.toString();

/** As if another process holds the job and last beat `agoMs` ago (it started an hour ago). */
async function heldElsewhere(jobId: string, agoMs: number): Promise<string> {
  const runner = randomUUID();
  const now = Date.now();
  await db().repriceJob.update({
    where: { id: jobId },
    data: { status: "running", claimedBy: runner, startedAt: new Date(now - 3_600_000), heartbeatAt: new Date(now - agoMs), attempts: 1 },
  });
  return runner;
}

describe("one runner per live reprice job", () => {
  it("two claimers at once: one runs, the other does not", async () => {
    const { orgId, jobId } = await queuedJob();
    const results = await Promise.all([runRepriceJob(jobId, { chunkSize: 1 }), runRepriceJob(jobId, { chunkSize: 1 })]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.filter((r) => !r.ran)).toEqual([{ ran: false, reason: "not_claimable" }]);
    expect(await job(jobId)).toMatchObject({ status: "done", attempts: 1, processed: 4, claimedBy: null });
    expect(await costOf(orgId, "e0")).toBe("0.02");
  });

  it("leaves a job alone while its runner heartbeats, even one started long ago (a restart does not steal it)", async () => {
    const { jobId } = await queuedJob();
    await heldElsewhere(jobId, REPRICE_STALE_MS - 30_000);
    expect(await runRepriceJob(jobId)).toEqual({ ran: false, reason: "not_claimable" });
    const now = new Date();
    expect((await findResumableRepriceJobs(now, new Date(now.getTime() - REPRICE_STALE_MS))).map((j) => j.id)).not.toContain(jobId);
    expect(await job(jobId)).toMatchObject({ status: "running", processed: 0 });
  });

  it("takes over a job whose runner stopped heartbeating; the old runner cannot write to it any more", async () => {
    const { orgId, jobId } = await queuedJob();
    const dead = await heldElsewhere(jobId, REPRICE_STALE_MS + 1_000);
    const now = new Date();
    expect((await findResumableRepriceJobs(now, new Date(now.getTime() - REPRICE_STALE_MS))).map((j) => j.id)).toContain(jobId);
    expect(await runRepriceJob(jobId)).toMatchObject({ ran: true, status: "done", processed: 4 });
    expect(await heartbeatRepriceJob(jobId, dead, new Date())).toBe(false);
    expect(await costOf(orgId, "e3")).toBe("0.02");
  });

  it("a runner whose job was taken over stops at its next chunk, rolling that chunk back", async () => {
    const { jobId } = await queuedJob();
    const thief = randomUUID();
    const r = await runRepriceJob(jobId, {
      chunkSize: 1,
      onProgress: async (n) => {
        // After the first chunk another process takes the job over (as if this runner had gone quiet).
        if (n === 1) await db().repriceJob.update({ where: { id: jobId }, data: { claimedBy: thief } });
      },
    });
    expect(r).toEqual({ ran: true, status: "lost", processed: 1 });
    expect(await job(jobId)).toMatchObject({ status: "running", claimedBy: thief, processed: 1 });
  });
});

describe("failed reprice runs", () => {
  beforeAll(async () => {
    // A real failure of the events UPDATE, for the organizations listed in the table.
    await db().$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_fail_reprice (org_id uuid PRIMARY KEY)`);
    await db().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_fail_reprice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_fail_reprice f WHERE f.org_id = NEW.org_id) THEN
          RAISE EXCEPTION 'simulated reprice failure';
        END IF;
        RETURN NEW;
      END $$`);
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_fail_reprice ON usage_events`);
    await db().$executeRawUnsafe(`CREATE TRIGGER test_fail_reprice BEFORE UPDATE ON usage_events FOR EACH ROW EXECUTE FUNCTION test_fail_reprice()`);
  });
  afterAll(async () => {
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_fail_reprice ON usage_events`);
  });

  it("are retried later with backoff, then succeed", async () => {
    const { orgId, jobId } = await queuedJob();
    await db().$executeRaw(Prisma.sql`INSERT INTO test_fail_reprice (org_id) VALUES (${orgId}::uuid)`);
    const t0 = new Date();
    const first = await runRepriceJob(jobId, { now: () => t0 });
    expect(first).toMatchObject({ ran: true, status: "retrying" });
    const queued = await job(jobId);
    expect(queued).toMatchObject({ status: "queued", attempts: 1, processed: 0, claimedBy: null });
    expect(queued.nextAttemptAt.getTime()).toBe(t0.getTime() + repriceRetryDelayMs(1));
    expect(queued.error).toMatch(/^run 1 of 5 failed, retrying at [^]*simulated reprice failure/);
    // Not due before its time; due after.
    expect(await runRepriceJob(jobId, { now: () => new Date(t0.getTime() + 1_000) })).toEqual({ ran: false, reason: "not_claimable" });
    const due = new Date(t0.getTime() + repriceRetryDelayMs(1));
    expect((await findResumableRepriceJobs(due, new Date(due.getTime() - REPRICE_STALE_MS))).map((j) => j.id)).toContain(jobId);

    await db().$executeRaw(Prisma.sql`DELETE FROM test_fail_reprice WHERE org_id = ${orgId}::uuid`);
    expect(await runRepriceJob(jobId, { now: () => due })).toMatchObject({ ran: true, status: "done", processed: 4 });
    expect(await job(jobId)).toMatchObject({ status: "done", attempts: 2, error: null });
    expect(await costOf(orgId, "e0")).toBe("0.02");
  });

  it(`fail for good with their error after ${REPRICE_MAX_ATTEMPTS} runs`, async () => {
    const { orgId, jobId } = await queuedJob();
    await db().$executeRaw(Prisma.sql`INSERT INTO test_fail_reprice (org_id) VALUES (${orgId}::uuid)`);
    await db().repriceJob.update({ where: { id: jobId }, data: { attempts: REPRICE_MAX_ATTEMPTS - 1 } });
    expect(await runRepriceJob(jobId)).toMatchObject({ ran: true, status: "failed", error: expect.stringContaining("simulated reprice failure") });
    const failed = await job(jobId);
    expect(failed).toMatchObject({ status: "failed", attempts: REPRICE_MAX_ATTEMPTS });
    expect(failed.error).toContain("simulated reprice failure");
    expect(failed.finishedAt).not.toBeNull();
  });
});

describe("repriceRetryDelayMs", () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [7, 3_600_000],
    [50, 3_600_000],
  ])("after %i failed runs → %i ms", (attempts, ms) => {
    expect(repriceRetryDelayMs(attempts)).toBe(ms);
  });
});
