import { findResumableRepriceJobs } from "@/lib/pricing/queries";
import { runRepriceJob, REPRICE_STALE_MS, type RunOptions, type RunResult } from "@/lib/pricing/reprice";

/**
 * Runs reprice jobs in this process, one at a time (jobs of one organization must apply in publish
 * order, and one at a time keeps the database pool free for requests). Fire-and-forget from the
 * publish path; `resumePendingRepriceJobs()` picks up jobs a previous process left behind.
 */

interface WorkerState {
  tail: Promise<unknown>;
  active: Map<string, Promise<RunResult>>;
}

// On globalThis so Next.js dev reloads do not start a second queue.
const g = globalThis as unknown as { spendscopeRepriceWorker?: WorkerState };
function state(): WorkerState {
  g.spendscopeRepriceWorker ??= { tail: Promise.resolve(), active: new Map() };
  return g.spendscopeRepriceWorker;
}

/** Queues a job; returns the promise of its run (the same promise when it is already queued here). */
export function startRepriceJob(jobId: string, opts: RunOptions = {}): Promise<RunResult> {
  const s = state();
  const existing = s.active.get(jobId);
  if (existing) return existing;
  const run = s.tail
    .catch(() => undefined)
    .then(() => runRepriceJob(jobId, opts))
    .catch((e: unknown): RunResult => {
      console.error(`[reprice] job ${jobId} crashed`, e);
      return { ran: true, status: "failed", processed: 0, error: e instanceof Error ? e.message : String(e) };
    })
    .finally(() => s.active.delete(jobId));
  s.active.set(jobId, run);
  s.tail = run;
  return run;
}

/** True when this process is running or has queued the job. */
export function isRepriceJobActiveHere(jobId: string): boolean {
  return state().active.has(jobId);
}

/** Waits for a job queued in this process (CLI, tests); resolves at once when none is. */
export function waitForRepriceJob(jobId: string): Promise<RunResult | null> {
  return state().active.get(jobId) ?? Promise.resolve(null);
}

/**
 * Queues every due queued job (new, or failed and waiting for its retry) and every running job without a
 * heartbeat for `staleAfterMs` (its runner presumed dead). Claims decide who runs what, so every process may
 * call this: at startup and then every minute (startRepriceResumer).
 */
export async function resumePendingRepriceJobs(opts: { staleAfterMs?: number; now?: Date } = {}): Promise<string[]> {
  const staleAfterMs = opts.staleAfterMs ?? REPRICE_STALE_MS;
  const now = opts.now ?? new Date();
  const jobs = await findResumableRepriceJobs(now, new Date(now.getTime() - staleAfterMs));
  const ids = jobs.map((j) => j.id).filter((id) => !isRepriceJobActiveHere(id));
  for (const id of ids) void startRepriceJob(id, { staleAfterMs });
  return ids;
}

/** Resumes due and stale jobs now and every `intervalMs`; returns a stop function. */
export function startRepriceResumer(intervalMs = 60_000, log: (l: string) => void = console.error): () => void {
  const tick = () =>
    void resumePendingRepriceJobs().catch((e: unknown) => log(`[pricing] resuming reprice jobs failed: ${String(e)}`));
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
