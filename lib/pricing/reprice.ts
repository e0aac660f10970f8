import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { loadPublishedSnapshots } from "@/lib/pricing/published";
import { repriceEvent } from "@/lib/pricing/reprice-values";
import { selectEventChunk, updateEventPricing, type EventCursor, type EventRange } from "@/lib/usage-store/repriced-events";
import {
  addRepriceProgress,
  claimRepriceJob,
  countEventsInRange,
  failRepriceJob,
  findRepriceJobById,
  finishRepriceJob,
  heartbeatRepriceJob,
} from "@/lib/pricing/queries";
import { rebuildRange } from "@/lib/usage-store/rebuild";
import { lockStorageExclusive } from "@/lib/usage-store/write";

/**
 * The reprice job: after a snapshot is published with an effectiveFrom in the past, every event of
 * its provider in [rangeStart, rangeEnd) is priced again with the published snapshots, and every rollup grain
 * over the span it touched (whole UTC hours, whole org-local days) is rebuilt from the events, chunk by chunk.
 *
 * Each chunk is one transaction (events updated + grains rebuilt + progress), so totals are
 * consistent at every commit. Pricing is a pure function of the event and the published snapshots,
 * so running a job twice, or resuming it from the start after a crash, gives the same result.
 *
 * One runner at a time: a run claims the job with its own runner id (FOR UPDATE SKIP LOCKED) and heartbeats
 * every REPRICE_HEARTBEAT_MS (each chunk commit is a heartbeat too). Another process takes a running job over
 * only after REPRICE_STALE_MS without a heartbeat; a runner that lost its job notices at its next heartbeat or
 * chunk (the chunk's progress update names the runner and rolls the chunk back) and stops.
 * A failed run is queued again with backoff (repriceRetryDelayMs) up to REPRICE_MAX_ATTEMPTS runs, then the job
 * is failed with its error visible on the pricing page.
 */

export const REPRICE_CHUNK_SIZE = 2000;
export const REPRICE_HEARTBEAT_MS = 30_000;
/** A running job without a heartbeat for this long is presumed dead (its process crashed) and may be taken over. */
export const REPRICE_STALE_MS = 2 * 60_000;
export const REPRICE_MAX_ATTEMPTS = 5;

/** Delay before run `attempts + 1` after `attempts` failed runs: 1, 2, 4, 8 min ... capped at 1 h. */
export function repriceRetryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(3_600_000, 60_000 * 2 ** Math.min(n - 1, 10));
}

type ChunkResult = { cursor: EventCursor; count: number } | null;

/** A runner that no longer holds its job (another took it over as stale). */
class LostClaimError extends Error {}
const CHUNK_TX = { maxWait: 60_000, timeout: 10 * 60_000 } as const;

export interface RunOptions {
  chunkSize?: number;
  /** How long without a heartbeat a running job must be before this run takes it over (default REPRICE_STALE_MS). */
  staleAfterMs?: number;
  /** Heartbeat interval (default REPRICE_HEARTBEAT_MS). */
  heartbeatMs?: number;
  now?: () => Date;
  /** Called (and awaited) after each chunk commits (CLI progress output). */
  onProgress?: (processed: number, total: number) => void | Promise<void>;
}

export type RunResult =
  | { ran: false; reason: "not_found" | "not_claimable" }
  /** "retrying": failed, queued again for later; "lost": another runner took the job over. */
  | { ran: true; status: "done" | "failed" | "retrying" | "lost"; processed: number; error?: string };

/** Prices one chunk in one transaction; returns the cursor of its last event, or null when none were left. */
async function repriceChunk(
  run: { jobId: string; runnerId: string; now: () => Date },
  range: EventRange,
  after: EventCursor | null,
  limit: number,
): Promise<ChunkResult> {
  return db().$transaction(async (tx) => {
    // Lock first: no writer of this organization's usage may slip between our event update and the rebuild.
    await lockStorageExclusive(tx, range.orgId);
    const events = await selectEventChunk(tx, range, after, limit);
    if (events.length === 0) return null;
    // Loaded per chunk: a snapshot published meanwhile is already used here (its own job follows).
    const snapshots = await loadPublishedSnapshots(range.orgId, tx);
    await updateEventPricing(
      tx,
      range.orgId,
      events.map((e) => repriceEvent(snapshots, e)),
    );
    // Chunks are contiguous in time: rebuild the span from the first to the last event of the chunk.
    const last = events[events.length - 1];
    await rebuildRange(tx, range.orgId, events[0].occurredAt, new Date(last.occurredAt.getTime() + 1));
    if (!(await addRepriceProgress(tx, run.jobId, run.runnerId, events.length, run.now()))) throw new LostClaimError();
    return { cursor: { occurredAt: last.occurredAt, id: last.id }, count: events.length };
  }, CHUNK_TX);
}

/** Runs a job to completion in this process. Safe to call for a job another runner holds or already finished. */
export async function runRepriceJob(jobId: string, opts: RunOptions = {}): Promise<RunResult> {
  const now = opts.now ?? (() => new Date());
  const limit = opts.chunkSize ?? REPRICE_CHUNK_SIZE;
  const job = await findRepriceJobById(jobId);
  if (!job) return { ran: false, reason: "not_found" };
  const range: EventRange = { orgId: job.orgId, provider: job.provider, from: job.rangeStart, to: job.rangeEnd };
  // The count may have grown since publish (ingest continues); recount so progress reads true.
  const total = await countEventsInRange(db(), range.orgId, range.provider, range.from, range.to);
  const runnerId = randomUUID();
  const staleBefore = new Date(now().getTime() - (opts.staleAfterMs ?? REPRICE_STALE_MS));
  const claimed = await claimRepriceJob(jobId, { runnerId, now: now(), staleBefore, total });
  if (!claimed) return { ran: false, reason: "not_claimable" };

  let lost = false;
  const beat = setInterval(() => {
    heartbeatRepriceJob(jobId, runnerId, now()).then(
      (held) => (lost ||= !held),
      () => undefined, // a missed beat is fine; the staleness window is several beats long
    );
  }, opts.heartbeatMs ?? REPRICE_HEARTBEAT_MS);
  beat.unref?.();
  let processed = 0;
  try {
    let cursor: EventCursor | null = null;
    for (;;) {
      if (lost) throw new LostClaimError();
      const chunk: ChunkResult = await repriceChunk({ jobId, runnerId, now }, range, cursor, limit);
      if (!chunk) break;
      processed += chunk.count;
      cursor = chunk.cursor;
      await opts.onProgress?.(processed, total);
      if (chunk.count < limit) break;
    }
    if ((await finishRepriceJob(jobId, runnerId, now())) !== 1) throw new LostClaimError();
    return { ran: true, status: "done", processed };
  } catch (e) {
    if (e instanceof LostClaimError) return { ran: true, status: "lost", processed };
    const message = e instanceof Error ? e.message : String(e);
    const attempts = job.attempts + 1;
    const retryAt = attempts < REPRICE_MAX_ATTEMPTS ? new Date(now().getTime() + repriceRetryDelayMs(attempts)) : null;
    const error = retryAt
      ? `run ${attempts} of ${REPRICE_MAX_ATTEMPTS} failed, retrying at ${retryAt.toISOString()}: ${message}`
      : message;
    await failRepriceJob(jobId, runnerId, { error, now: now(), retryAt }).catch(() => undefined);
    return { ran: true, status: retryAt ? "retrying" : "failed", processed, error: message };
  } finally {
    clearInterval(beat);
  }
}
