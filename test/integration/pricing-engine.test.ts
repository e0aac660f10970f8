import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ingestEvents } from "@/lib/ingest/service";
import { validateEvent, type NormalizedEvent } from "@/lib/ingest/event-schema";
import { findGrainDrift } from "@/lib/usage-store/rebuild";
import { Decimal, dec } from "@/lib/money/decimal";
import { runRepriceJob } from "@/lib/pricing/reprice";
import { waitForRepriceJob } from "@/lib/pricing/reprice-worker";
import { snapshotDocument } from "@/lib/pricing/store";
import { FLATKEY_2026_06_11, OPENAI_2026_01_01, OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { cloneSnapshot, createDraft, publishSnapshot, updateDraft, getRepriceJob } from "@/lib/pricing/service";
import type { PricingSnapshotData } from "@/lib/cost/types";
import { createTestOrg } from "./helpers";
import { ADMIN, eventTotals, rollupTotals } from "./pricing-helpers";

/**
 * Pricing against PostgreSQL: events go through the real ingest service (validateEvent + ingestEvents),
 * are priced with the published snapshots, and repricing after a correction is checked event by event
 * and against the hourly rollups.
 */

type Raw = Record<string, unknown> & { id: string; timestamp: string; model: string };

async function ingest(orgId: string, raws: Raw[]): Promise<void> {
  const events: NormalizedEvent[] = raws.map((raw) => {
    const r = validateEvent({ team: "alpha", feature: "hero-images", workflow: "text_to_image", outcome: "accepted", ...raw }, new Date());
    if (!r.ok) throw new Error(`${raw.id}: ${JSON.stringify(r.issues)}`);
    return r.event;
  });
  for (let i = 0; i < events.length; i += 1000) await ingestEvents(orgId, events.slice(i, i + 1000), { source: "seed" });
}

async function publish(orgId: string, s: PricingSnapshotData) {
  const d = await createDraft(orgId, snapshotDocument(s), ADMIN);
  return (await publishSnapshot(orgId, d.summary.id, ADMIN)).snapshot.summary;
}

async function event(orgId: string, id: string) {
  return db().usageEvent.findFirstOrThrow({ where: { orgId, id } });
}

const str = (d: { toString(): string } | null) => (d === null ? null : dec(d.toString()).toFixed());
/** tokens × rate / 1M, the definition, computed independently of the engine. */
const cost = (tokens: number, rate: string) => dec(tokens).times(rate).div(1_000_000);

/** Every row of every rollup grain equals the aggregate of its events, and vice versa (no missing, extra or stale rows). */
async function expectRollupsConsistent(orgId: string) {
  expect(await findGrainDrift(db(), orgId)).toEqual([]);
  expect(await rollupTotals(orgId)).toEqual(await eventTotals(orgId));
}

describe("pricing events with the published snapshots", () => {
  it("effective dating: each event is priced by the latest snapshot in force at its time", async () => {
    const { org } = await createTestOrg();
    const jan = await publish(org.id, OPENAI_2026_01_01);
    const jun = await publish(org.id, OPENAI_2026_06_11);
    const usage = { imageOutputTokens: 1000 };
    await ingest(org.id, [
      { id: "before-any", timestamp: "2025-12-31T23:59:59.999Z", model: "gpt-image-1.5", usage },
      { id: "in-jan", timestamp: "2026-06-10T23:59:59.999Z", model: "gpt-image-1.5", usage },
      { id: "at-jun", timestamp: "2026-06-11T00:00:00.000Z", model: "gpt-image-1.5", usage },
      { id: "after-jun", timestamp: "2026-08-01T12:00:00+02:00", model: "gpt-image-1.5", usage },
    ]);
    const before = await event(org.id, "before-any");
    expect(before).toMatchObject({ priced: false, cost: null, snapshotId: null });
    expect(before.unpricedReason).toMatch(/No published pricing snapshot/);
    expect(await event(org.id, "in-jan")).toMatchObject({ priced: true, snapshotId: jan.id });
    expect(str((await event(org.id, "in-jan")).cost)).toBe("0.04");
    for (const id of ["at-jun", "after-jun"]) {
      const e = await event(org.id, id);
      expect(e.snapshotId).toBe(jun.id);
      expect(str(e.cost)).toBe("0.032");
    }
    await expectRollupsConsistent(org.id);
  });

  it("aliases, dated variants, routers, batch, not-listed buckets, unpriced models and image-count estimates", async () => {
    const { org } = await createTestOrg();
    const jun = await publish(org.id, OPENAI_2026_06_11);
    const fk = await publish(org.id, FLATKEY_2026_06_11);
    const t = "2026-07-01T10:00:00Z";
    const full = { textInputTokens: 1200, cachedTextInputTokens: 800, imageInputTokens: 3000, cachedImageInputTokens: 500, imageOutputTokens: 7024 };
    await ingest(org.id, [
      { id: "alias", timestamp: t, model: "openai/gpt-image-2", usage: full },
      { id: "dated", timestamp: t, model: "gpt-image-1.5-2025-12-16", usage: { imageOutputTokens: 4160, textOutputTokens: 100 } },
      { id: "router", timestamp: t, model: "gpt-image-2", provider: "flatkey", usage: full },
      { id: "batch", timestamp: t, model: "gpt-image-2", batch: true, usage: full },
      { id: "not-listed", timestamp: t, model: "gpt-image-2", usage: { textInputTokens: 100, textOutputTokens: 50, imageOutputTokens: 1756 } },
      { id: "unpriced", timestamp: t, model: "dall-e-3", usage: { imageOutputTokens: 1000 } },
      { id: "mini-not-1", timestamp: t, model: "gpt-image-1-mini-preview", usage: { imageOutputTokens: 1000 } },
      { id: "estimated", timestamp: t, model: "gpt-image-2", images: 1000, size: "1024x1024", quality: "medium" },
    ]);

    // gpt-image-2 standard: 1200×5 + 800×1.25 + 3000×8 + 500×2 + 7024×30, per 1M
    const standard = cost(1200, "5").plus(cost(800, "1.25")).plus(cost(3000, "8")).plus(cost(500, "2")).plus(cost(7024, "30"));
    const alias = await event(org.id, "alias");
    expect(alias).toMatchObject({ priced: true, pricedModel: "gpt-image-2", snapshotId: jun.id });
    expect(str(alias.cost)).toBe(standard.toFixed());
    expect(str(alias.imageOutputCost)).toBe("0.21072");

    const dated = await event(org.id, "dated");
    expect(dated.pricedModel).toBe("gpt-image-1.5");
    expect(str(dated.cost)).toBe(cost(4160, "32").plus(cost(100, "10")).toFixed());

    const router = await event(org.id, "router");
    expect(router).toMatchObject({ snapshotId: fk.id, pricedModel: "openai/gpt-image-2" });
    expect(str(router.cost)).toBe(standard.times("1.05").toFixed());

    const batch = await event(org.id, "batch");
    expect(str(batch.cost)).toBe(standard.times("0.5").toFixed());

    const nl = await event(org.id, "not-listed");
    expect(nl.priced).toBe(true);
    expect(nl.textOutputCost).toBeNull();
    expect(str(nl.cost)).toBe(cost(100, "5").plus(cost(1756, "30")).toFixed());
    expect(nl.warnings).toEqual([
      expect.objectContaining({ code: "rate_not_listed", bucket: "textOutput", message: expect.stringMatching(/gpt-image-2.*OpenAI standard rates 2026-06-11/) }),
    ]);

    for (const id of ["unpriced", "mini-not-1"]) {
      const u = await event(org.id, id);
      expect(u).toMatchObject({ priced: false, cost: null, pricedModel: null, snapshotId: jun.id });
      expect(u.unpricedReason).toMatch(/has no row in pricing snapshot/);
    }

    const est = await event(org.id, "estimated");
    expect(est).toMatchObject({ estimated: true, imageOutputTokens: 0, estimatedImageOutputTokens: 1_756_000 });
    expect(str(est.cost)).toBe("52.68");

    const totals = await rollupTotals(org.id);
    expect(totals).toMatchObject({ events: "8", unpriced: "2", estimated: "1" });
    // not-listed and the estimate carry warnings; stored, counted, never dropped
    expect(totals.warnings).toBe("2");
    await expectRollupsConsistent(org.id);
  });
});

describe("repricing after a correction effective in the past", () => {
  it("reprices exactly the events the correction governs, chunk by chunk, and rebuilds the rollups", async () => {
    const { org } = await createTestOrg();
    const jan = await publish(org.id, OPENAI_2026_01_01);
    const jun = await publish(org.id, OPENAI_2026_06_11);
    await publish(org.id, FLATKEY_2026_06_11);

    // 90 events over a few hours around the snapshots' boundaries; different models, batch, estimates, another provider.
    const raws: Raw[] = [];
    const stamps = ["2026-05-31T23:30:00Z", "2026-06-01T08:15:00Z", "2026-06-11T00:00:00Z", "2026-06-11T00:59:59.999Z", "2026-06-20T13:05:00Z", "2026-07-02T09:00:00Z"];
    for (let i = 0; i < 90; i++) {
      const timestamp = new Date(new Date(stamps[i % stamps.length]).getTime() + Math.floor(i / stamps.length) * 1000).toISOString();
      const model = ["gpt-image-1.5", "gpt-image-2", "gpt-image-1-mini"][i % 3];
      const base: Raw = { id: `e${String(i).padStart(3, "0")}`, timestamp, model: model === "gpt-image-2" && timestamp < "2026-06-11" ? "gpt-image-1.5" : model };
      if (i % 10 === 0) raws.push({ ...base, images: 2, size: "1024x1024", quality: "high" });
      else raws.push({ ...base, batch: i % 7 === 0, provider: i % 11 === 0 ? "flatkey" : "openai", usage: { textInputTokens: 100 + i, imageInputTokens: 10 * i, imageOutputTokens: 1000 + i } });
    }
    await ingest(org.id, raws);
    await expectRollupsConsistent(org.id);

    // Correction 1: gpt-image-1.5 image output should have been 36, not 40, from 2026-03-01 (between Jan and Jun).
    const mar = await createDraft(org.id, { ...snapshotDocument(OPENAI_2026_01_01), name: "OpenAI corrected 2026-03-01", effectiveFrom: "2026-03-01T00:00:00Z" }, ADMIN);
    const marRows = mar.document.rows.map((r) => (r.model === "gpt-image-1.5" ? { ...r, rates: { ...r.rates, imageOutput: "36" } } : r));
    await updateDraft(org.id, mar.summary.id, { rows: marRows }, ADMIN);
    const pubMar = await publishSnapshot(org.id, mar.summary.id, ADMIN, { startJob: false });
    const inMarRange = raws.filter((r) => (r.provider ?? "openai") === "openai" && r.timestamp >= "2026-03-01" && r.timestamp < "2026-06-11");
    expect(pubMar.repriceJob).toMatchObject({ status: "queued", total: inMarRange.length, rangeEnd: "2026-06-11T00:00:00.000Z" });

    // Correction 2, same effective date as June's card (a correction of it): gpt-image-2 output 30 -> 27.5, batch 0.4.
    const fix = await cloneSnapshot(org.id, jun.id, ADMIN);
    const fixRows = fix.document.rows.map((r) => (r.model === "gpt-image-2" ? { ...r, rates: { ...r.rates, imageOutput: "27.5" } } : r));
    await updateDraft(org.id, fix.summary.id, { rows: fixRows, batchMultiplier: "0.4", name: "OpenAI 2026-06-11 corrected" }, ADMIN);
    const pubFix = await publishSnapshot(org.id, fix.summary.id, ADMIN, { startJob: false });
    const inFixRange = raws.filter((r) => (r.provider ?? "openai") === "openai" && r.timestamp >= "2026-06-11");
    expect(pubFix.repriceJob?.total).toBe(inFixRange.length);

    // Nothing changed yet: rollups still consistent with the (old) event prices.
    const flatkeyBefore = await db().usageEvent.findMany({ where: { orgId: org.id, provider: "flatkey" }, orderBy: { id: "asc" } });
    for (const job of [pubMar.repriceJob!, pubFix.repriceJob!]) {
      const r = await runRepriceJob(job.id, { chunkSize: 7 });
      expect(r).toMatchObject({ ran: true, status: "done" });
      expect(await getRepriceJob(org.id, job.id)).toMatchObject({ status: "done", percent: 100, processed: job.total, total: job.total });
    }

    // Every event's cost, recomputed here from the definition and the corrected rates.
    const rates: Record<string, Record<string, Record<string, string>>> = {
      jan: { "gpt-image-1.5": { textInput: "5", imageInput: "8", imageOutput: "40" }, "gpt-image-1-mini": { textInput: "2", imageInput: "2.5", imageOutput: "8" } },
      mar: { "gpt-image-1.5": { textInput: "5", imageInput: "8", imageOutput: "36" }, "gpt-image-1-mini": { textInput: "2", imageInput: "2.5", imageOutput: "8" } },
      fix: {
        "gpt-image-1.5": { textInput: "5", imageInput: "8", imageOutput: "32" },
        "gpt-image-2": { textInput: "5", imageInput: "8", imageOutput: "27.5" },
        "gpt-image-1-mini": { textInput: "2", imageInput: "2.5", imageOutput: "8" },
      },
    };
    const highSquare: Record<string, number> = { "gpt-image-1.5": 4160, "gpt-image-2": 7024, "gpt-image-1-mini": 4500 };
    let expectedTotal = new Decimal(0);
    for (const raw of raws.filter((r) => (r.provider ?? "openai") === "openai")) {
      const card = raw.timestamp >= "2026-06-11" ? "fix" : raw.timestamp >= "2026-03-01" ? "mar" : "jan";
      const snapshotId = { jan: jan.id, mar: mar.summary.id, fix: fix.summary.id }[card];
      const r = rates[card][raw.model];
      const mult = raw.batch ? (card === "fix" ? "0.4" : "0.5") : "1";
      const u = raw.usage as { textInputTokens: number; imageInputTokens: number; imageOutputTokens: number } | undefined;
      const expected = u
        ? cost(u.textInputTokens, r.textInput).plus(cost(u.imageInputTokens, r.imageInput)).plus(cost(u.imageOutputTokens, r.imageOutput)).times(mult)
        : cost(2 * highSquare[raw.model], r.imageOutput);
      const e = await event(org.id, raw.id);
      expect({ id: raw.id, cost: str(e.cost), snapshotId: e.snapshotId }).toEqual({ id: raw.id, cost: expected.toFixed(), snapshotId });
      expectedTotal = expectedTotal.plus(expected);
    }
    // Flatkey events are not governed by either correction: untouched.
    const flatkeyAfter = await db().usageEvent.findMany({ where: { orgId: org.id, provider: "flatkey" }, orderBy: { id: "asc" } });
    expect(flatkeyAfter.map((e) => [e.id, str(e.cost), e.snapshotId])).toEqual(flatkeyBefore.map((e) => [e.id, str(e.cost), e.snapshotId]));
    const flatkeyTotal = flatkeyAfter.reduce((acc, e) => (e.cost === null ? acc : acc.plus(dec(e.cost.toString()))), new Decimal(0));

    await expectRollupsConsistent(org.id);
    const totals = await rollupTotals(org.id);
    expect(dec(totals.cost!).toFixed()).toBe(expectedTotal.plus(flatkeyTotal).toFixed());

    // Idempotent: a finished job does not run again; a job resumed after a "crash" changes nothing.
    expect(await runRepriceJob(pubFix.repriceJob!.id)).toEqual({ ran: false, reason: "not_claimable" });
    await db().repriceJob.update({ where: { id: pubFix.repriceJob!.id }, data: { status: "running", startedAt: new Date("2026-01-01T00:00:00Z") } });
    expect(await runRepriceJob(pubFix.repriceJob!.id, { chunkSize: 5 })).toMatchObject({ ran: true, status: "done", processed: inFixRange.length });
    expect(await rollupTotals(org.id)).toEqual(totals);
    await expectRollupsConsistent(org.id);
  });

  it("publish starts the job in the background; progress is visible; other warnings survive repricing", async () => {
    const { org } = await createTestOrg();
    const jun = await publish(org.id, OPENAI_2026_06_11);
    await ingest(org.id, [{ id: "x1", timestamp: "2026-07-01T00:00:00Z", model: "gpt-image-2", usage: { imageOutputTokens: 1000 } }]);
    await db().usageEvent.updateMany({
      where: { orgId: org.id, id: "x1" },
      data: { warnings: [{ code: "openai_usage_mapping", message: "kept" }] },
    });
    const fix = await cloneSnapshot(org.id, jun.id, ADMIN);
    await updateDraft(org.id, fix.summary.id, { rows: fix.document.rows.map((r) => ({ ...r, rates: { ...r.rates, imageOutput: r.model === "gpt-image-2" ? "20" : r.rates.imageOutput } })) }, ADMIN);
    const pub = await publishSnapshot(org.id, fix.summary.id, ADMIN);
    expect(pub.repriceJob).toMatchObject({ total: 1 });
    const done = await waitForRepriceJob(pub.repriceJob!.id);
    expect(done).toMatchObject({ ran: true, status: "done", processed: 1 });
    const e = await event(org.id, "x1");
    expect(str(e.cost)).toBe("0.02");
    expect(e.warnings).toEqual([{ code: "openai_usage_mapping", message: "kept" }]);
    await expectRollupsConsistent(org.id);
    const audit = await db().auditLog.findFirstOrThrow({ where: { orgId: org.id, entityId: fix.summary.id, action: "pricing_snapshot.publish" } });
    expect(audit.after).toMatchObject({ repriceJobId: pub.repriceJob!.id, eventsToReprice: 1 });
  });
});
