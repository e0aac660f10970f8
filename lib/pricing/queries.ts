import { db, Prisma, type Tx } from "@/lib/db/client";
import type { PricingRow, PricingSnapshotData } from "@/lib/cost/types";
import { rowCreateData } from "@/lib/pricing/store";

/** Data access for pricing snapshots and reprice jobs: one function per query. */

const withRows = { rows: { orderBy: { position: "asc" } } } as const satisfies Prisma.PricingSnapshotInclude;

export function listSnapshotRecords(orgId: string, tx: Tx = db()) {
  return tx.pricingSnapshot.findMany({
    where: { orgId },
    orderBy: [{ provider: "asc" }, { version: "desc" }],
    include: { _count: { select: { rows: true } } },
  });
}

export function findSnapshotRecord(orgId: string, id: string, tx: Tx = db()) {
  return tx.pricingSnapshot.findFirst({ where: { orgId, id }, include: withRows });
}

/** Locks the snapshot row for the rest of the transaction, so publish and edit cannot interleave. */
export async function lockSnapshot(tx: Tx, orgId: string, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id::text FROM pricing_snapshots WHERE org_id = ${orgId}::uuid AND id = ${id}::uuid FOR UPDATE`,
  );
  return rows.length === 1;
}

/** Serializes version numbering per (organization, provider) until the transaction ends. */
export async function lockProviderVersions(tx: Tx, orgId: string, provider: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`pricing:${orgId}:${provider}`}, 0))`);
}

export async function nextSnapshotVersion(tx: Tx, orgId: string, provider: string): Promise<number> {
  const agg = await tx.pricingSnapshot.aggregate({ where: { orgId, provider }, _max: { version: true } });
  return (agg._max.version ?? 0) + 1;
}

export function publishedSnapshotHeaders(orgId: string, provider: string, tx: Tx = db()) {
  return tx.pricingSnapshot.findMany({
    where: { orgId, provider, status: "published" },
    select: { id: true, name: true, provider: true, version: true, status: true, effectiveFrom: true, publishedAt: true },
  });
}

function rowsCreate(rows: PricingRow[]) {
  return rows.map((r, i) => {
    const data = rowCreateData(r, i);
    return { ...data, imageOutputTokens: data.imageOutputTokens as Prisma.InputJsonValue };
  });
}

export function insertSnapshot(
  tx: Tx,
  orgId: string,
  data: PricingSnapshotData,
  extra: { version: number; createdById: string | null; clonedFromId?: string | null },
) {
  return tx.pricingSnapshot.create({
    data: {
      orgId,
      name: data.name,
      provider: data.provider,
      version: extra.version,
      status: "draft",
      effectiveFrom: data.effectiveFrom,
      source: data.source,
      notes: data.notes,
      currency: data.currency,
      batchMultiplier: data.batchMultiplier,
      clonedFromId: extra.clonedFromId ?? null,
      createdById: extra.createdById,
      rows: { create: rowsCreate(data.rows) },
    },
    include: withRows,
  });
}

/** Replaces a draft's metadata and all of its rows. */
export async function replaceSnapshotContent(tx: Tx, id: string, data: PricingSnapshotData, version: number) {
  await tx.pricingRow.deleteMany({ where: { snapshotId: id } });
  return tx.pricingSnapshot.update({
    where: { id },
    data: {
      name: data.name,
      provider: data.provider,
      version,
      effectiveFrom: data.effectiveFrom,
      source: data.source,
      notes: data.notes,
      currency: data.currency,
      batchMultiplier: data.batchMultiplier,
      rows: { create: rowsCreate(data.rows) },
    },
    include: withRows,
  });
}

export function deleteSnapshotRecord(tx: Tx, id: string) {
  return tx.pricingSnapshot.delete({ where: { id } });
}

export function markSnapshotPublished(tx: Tx, id: string, publishedById: string | null, at: Date) {
  return tx.pricingSnapshot.update({ where: { id }, data: { status: "published", publishedAt: at, publishedById }, include: withRows });
}

/** Earliest effectiveFrom among the provider's published snapshots that start after `after`. */
export async function nextPublishedEffectiveFrom(tx: Tx, orgId: string, provider: string, after: Date): Promise<Date | null> {
  const next = await tx.pricingSnapshot.findFirst({
    where: { orgId, provider, status: "published", effectiveFrom: { gt: after } },
    orderBy: { effectiveFrom: "asc" },
    select: { effectiveFrom: true },
  });
  return next?.effectiveFrom ?? null;
}

export function countEventsInRange(tx: Tx, orgId: string, provider: string, from: Date, to: Date | null): Promise<number> {
  return tx.usageEvent.count({
    where: { orgId, provider, occurredAt: to ? { gte: from, lt: to } : { gte: from } },
  });
}

// ---------------------------------------------------------------------------------------------
// Reprice jobs
// ---------------------------------------------------------------------------------------------

export function insertRepriceJob(
  tx: Tx,
  job: { orgId: string; snapshotId: string; provider: string; rangeStart: Date; rangeEnd: Date | null; total: number },
) {
  return tx.repriceJob.create({ data: { ...job, status: "queued" } });
}

export function findRepriceJob(orgId: string, id: string, tx: Tx = db()) {
  return tx.repriceJob.findFirst({ where: { orgId, id }, include: { snapshot: { select: { name: true, version: true } } } });
}

export function findRepriceJobById(id: string, tx: Tx = db()) {
  return tx.repriceJob.findUnique({ where: { id } });
}

export function listRepriceJobRecords(orgId: string, opts: { snapshotId?: string; limit?: number } = {}, tx: Tx = db()) {
  return tx.repriceJob.findMany({
    where: { orgId, ...(opts.snapshotId ? { snapshotId: opts.snapshotId } : {}) },
    orderBy: { createdAt: "desc" },
    take: opts.limit ?? 20,
    include: { snapshot: { select: { name: true, version: true, provider: true } } },
  });
}

/** Jobs a (re)started process should run: queued ones, and running ones started before `staleBefore`. */
export function findResumableRepriceJobs(staleBefore: Date, tx: Tx = db()) {
  return tx.repriceJob.findMany({
    where: { OR: [{ status: "queued" }, { status: "running", startedAt: { lt: staleBefore } }] },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
}

/** Atomically takes a queued (or stale running) job; false when another runner has it. */
export async function claimRepriceJob(id: string, staleBefore: Date, now: Date, total: number | null, tx: Tx = db()): Promise<boolean> {
  const r = await tx.repriceJob.updateMany({
    where: { id, OR: [{ status: "queued" }, { status: "running", startedAt: { lt: staleBefore } }] },
    data: { status: "running", startedAt: now, processed: 0, error: null, finishedAt: null, ...(total === null ? {} : { total }) },
  });
  return r.count === 1;
}

export function setRepriceJobTotal(id: string, total: number, tx: Tx = db()) {
  return tx.repriceJob.update({ where: { id }, data: { total } });
}

export function addRepriceProgress(tx: Tx, id: string, processed: number) {
  return tx.repriceJob.update({ where: { id }, data: { processed: { increment: processed } } });
}

export function finishRepriceJob(id: string, now: Date, tx: Tx = db()) {
  return tx.$executeRaw(
    Prisma.sql`UPDATE reprice_jobs SET status = 'done', finished_at = ${now}, total = GREATEST(total, processed) WHERE id = ${id}::uuid`,
  );
}

export function failRepriceJob(id: string, error: string, now: Date, tx: Tx = db()) {
  return tx.repriceJob.update({ where: { id }, data: { status: "failed", error: error.slice(0, 2000), finishedAt: now } });
}
