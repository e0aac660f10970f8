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
    return { ...data, imageOutputTokens: data.imageOutputTokens as Prisma.InputJsonValue, imagePrices: data.imagePrices as Prisma.InputJsonValue };
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

/** Due queued jobs, and running jobs whose runner stopped heartbeating before `staleBefore` (presumed dead). */
export function findResumableRepriceJobs(now: Date, staleBefore: Date, tx: Tx = db()) {
  return tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT id::text FROM reprice_jobs
    WHERE (status = 'queued' AND next_attempt_at <= ${now})
       OR (status = 'running' AND COALESCE(heartbeat_at, started_at) < ${staleBefore})
    ORDER BY created_at`);
}

/**
 * Atomically takes a due queued job, or a running one whose heartbeat is older than `staleBefore`, for `runnerId`.
 * FOR UPDATE SKIP LOCKED: of two runners claiming at once one wins and the other gets false without waiting;
 * a live job (fresh heartbeat) is never taken.
 */
export async function claimRepriceJob(
  id: string,
  claim: { runnerId: string; now: Date; staleBefore: Date; total: number | null },
  tx: Tx = db(),
): Promise<boolean> {
  const total = claim.total === null ? Prisma.sql`total` : Prisma.sql`${claim.total}::int`;
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    UPDATE reprice_jobs SET status = 'running', claimed_by = ${claim.runnerId}::uuid, heartbeat_at = ${claim.now},
      started_at = ${claim.now}, attempts = attempts + 1, processed = 0, finished_at = NULL, total = ${total}
    WHERE id = (
      SELECT id FROM reprice_jobs
      WHERE id = ${id}::uuid
        AND ((status = 'queued' AND next_attempt_at <= ${claim.now})
          OR (status = 'running' AND COALESCE(heartbeat_at, started_at) < ${claim.staleBefore}))
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text`);
  return rows.length === 1;
}

/** The runner is alive; false when it no longer holds the job (taken over as stale, or finished). */
export async function heartbeatRepriceJob(id: string, runnerId: string, now: Date, tx: Tx = db()): Promise<boolean> {
  const n = await tx.$executeRaw(Prisma.sql`
    UPDATE reprice_jobs SET heartbeat_at = ${now}
    WHERE id = ${id}::uuid AND status = 'running' AND claimed_by = ${runnerId}::uuid`);
  return n === 1;
}

export function setRepriceJobTotal(id: string, total: number, tx: Tx = db()) {
  return tx.repriceJob.update({ where: { id }, data: { total } });
}

/** Inside a chunk's transaction: progress and heartbeat; false when the runner lost the job (roll back). */
export async function addRepriceProgress(tx: Tx, id: string, runnerId: string, processed: number, now: Date): Promise<boolean> {
  const n = await tx.$executeRaw(Prisma.sql`
    UPDATE reprice_jobs SET processed = processed + ${processed}, heartbeat_at = ${now}
    WHERE id = ${id}::uuid AND status = 'running' AND claimed_by = ${runnerId}::uuid`);
  return n === 1;
}

export function finishRepriceJob(id: string, runnerId: string, now: Date, tx: Tx = db()) {
  return tx.$executeRaw(Prisma.sql`
    UPDATE reprice_jobs SET status = 'done', finished_at = ${now}, total = GREATEST(total, processed), error = NULL,
      claimed_by = NULL, heartbeat_at = NULL
    WHERE id = ${id}::uuid AND claimed_by = ${runnerId}::uuid`);
}

/** A failed run: queued again for `retryAt`, or failed for good (retryAt null). Only by the runner holding it. */
export function failRepriceJob(id: string, runnerId: string, f: { error: string; now: Date; retryAt: Date | null }, tx: Tx = db()) {
  const status = f.retryAt ? Prisma.sql`'queued'::job_status` : Prisma.sql`'failed'::job_status`;
  return tx.$executeRaw(Prisma.sql`
    UPDATE reprice_jobs SET status = ${status}, error = ${f.error.slice(0, 2000)}, claimed_by = NULL, heartbeat_at = NULL,
      next_attempt_at = COALESCE(${f.retryAt}::timestamptz, next_attempt_at),
      finished_at = ${f.retryAt ? null : f.now}::timestamptz
    WHERE id = ${id}::uuid AND claimed_by = ${runnerId}::uuid`);
}
