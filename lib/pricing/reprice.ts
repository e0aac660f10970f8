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
 */

export const REPRICE_CHUNK_SIZE = 2000;
/** A running job not finished after this long is presumed dead (its process crashed) and may be resumed. */
export const STALE_RUNNING_MS = 10 * 60 * 1000;
const CHUNK_TX = { maxWait: 60_000, timeout: 10 * 60_000 } as const;

export interface RunOptions {
  chunkSize?: number;
  /** Run even if the job is marked running (used after a crash, when it is known to be dead). */
  staleAfterMs?: number;
  now?: () => Date;
  /** Called after each chunk (CLI progress output). */
  onProgress?: (processed: number, total: number) => void;
}

export type RunResult = { ran: false; reason: "not_found" | "not_claimable" } | { ran: true; status: "done" | "failed"; processed: number; error?: string };

/** Prices one chunk in one transaction; returns the cursor of its last event, or null when none were left. */
async function repriceChunk(jobId: string, range: EventRange, after: EventCursor | null, limit: number): Promise<{ cursor: EventCursor; count: number } | null> {
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
    await addRepriceProgress(tx, jobId, events.length);
    return { cursor: { occurredAt: last.occurredAt, id: last.id }, count: events.length };
  }, CHUNK_TX);
}

/** Runs a job to completion in this process. Safe to call for a job another runner already finished. */
export async function runRepriceJob(jobId: string, opts: RunOptions = {}): Promise<RunResult> {
  const now = opts.now ?? (() => new Date());
  const limit = opts.chunkSize ?? REPRICE_CHUNK_SIZE;
  const job = await findRepriceJobById(jobId);
  if (!job) return { ran: false, reason: "not_found" };
  const range: EventRange = { orgId: job.orgId, provider: job.provider, from: job.rangeStart, to: job.rangeEnd };
  // The count may have grown since publish (ingest continues); recount so progress reads true.
  const total = await countEventsInRange(db(), range.orgId, range.provider, range.from, range.to);
  const staleBefore = new Date(now().getTime() - (opts.staleAfterMs ?? STALE_RUNNING_MS));
  if (!(await claimRepriceJob(jobId, staleBefore, now(), total))) return { ran: false, reason: "not_claimable" };

  let processed = 0;
  try {
    let cursor: EventCursor | null = null;
    for (;;) {
      const chunk: { cursor: EventCursor; count: number } | null = await repriceChunk(jobId, range, cursor, limit);
      if (!chunk) break;
      processed += chunk.count;
      cursor = chunk.cursor;
      opts.onProgress?.(processed, total);
      if (chunk.count < limit) break;
    }
    await finishRepriceJob(jobId, now());
    return { ran: true, status: "done", processed };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await failRepriceJob(jobId, message, now()).catch(() => undefined);
    return { ran: true, status: "failed", processed, error: message };
  }
}
