/**
 * The alert worker: every minute one evaluation pass over all rules and an outbox delivery pass; and soon
 * after ingestion (debounced per organization, so a burst of batches gives one evaluation) a pass over that
 * organization's rules. Passes never overlap within a process; across processes the claims and the outbox
 * locks keep the result exactly-once, so the web server and `spendscope worker` may run side by side.
 * Ingestion in another process reaches this worker through PostgreSQL LISTEN/NOTIFY (ingest-signal.ts) when
 * `listenUrl` is given; the scheduled pass covers any signal lost.
 */
import { db, type Db } from "@/lib/db/client";
import { listenForIngested, publishIngested, signalListenUrl } from "./ingest-signal";
import { BATCH_SIZE } from "./delivery-policy";
import { deliverOutbox, type DeliveryResult } from "./outbox";
import { runEvaluation, type EvaluationSummary } from "./runner";
import { enqueueDueDigests, type DigestPassResult } from "@/lib/digest/service";
import { env } from "@/lib/env";
import { maintainUsageStorage } from "@/lib/usage-store/partitions";

export interface WorkerOptions {
  client?: Db;
  /** Scheduled pass interval (default 60 s). */
  intervalMs?: number;
  /** Quiet time after the last ingest before evaluating (default 2 s). */
  debounceMs?: number;
  /** Longest a continuous stream of ingests can postpone the evaluation (default 10 s). */
  maxWaitMs?: number;
  log?: (line: string) => void;
  /** Listen for ingestion signals from other processes on a dedicated connection to this database. */
  listenUrl?: string;
  /** Called after every pass (observability and tests). */
  onPass?: (what: string, result: PassResult, orgId?: string) => void;
}

export interface AlertWorker {
  /** Runs a full pass now (after any pass in flight). */
  runNow(): Promise<void>;
  /** Debounced evaluation of one organization's rules. */
  notify(orgId: string): void;
  stop(): Promise<void>;
}

export interface PassResult {
  evaluation: EvaluationSummary;
  delivery: DeliveryResult;
  /** Weekly digests queued (full passes only; lib/digest). */
  digests?: DigestPassResult;
}

/** Delivers until the outbox has nothing due (bounded, so one pass cannot run forever). */
export async function drainOutbox(opts: { client?: Db; log?: (l: string) => void; maxBatches?: number } = {}): Promise<DeliveryResult> {
  const total: DeliveryResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, outcomes: {} };
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const r = await deliverOutbox({ client: opts.client, log: opts.log, limit: BATCH_SIZE });
    total.claimed += r.claimed;
    total.sent += r.sent;
    total.retrying += r.retrying;
    total.failed += r.failed;
    Object.assign(total.outcomes, r.outcomes);
    if (r.claimed < BATCH_SIZE) break;
  }
  return total;
}

/** One evaluation pass (all organizations, or one) followed by delivery. */
export async function runPass(opts: { client?: Db; orgId?: string; log?: (l: string) => void } = {}): Promise<PassResult> {
  const evaluation = await runEvaluation({ client: opts.client, orgId: opts.orgId, log: opts.log });
  const digests = opts.orgId ? undefined : await enqueueDueDigests({ client: opts.client, log: opts.log }).catch((e: Error) => {
    opts.log?.(`weekly digests failed: ${e.message}`);
    return undefined;
  });
  const delivery = await drainOutbox({ client: opts.client, log: opts.log });
  return { evaluation, delivery, digests };
}

const WORKER_KEY = Symbol.for("spendscope.alerts.worker");
type WorkerGlobal = { [WORKER_KEY]?: AlertWorker };

export function startWorker(opts: WorkerOptions = {}): AlertWorker {
  const log = opts.log ?? ((l: string) => console.log(`[alerts] ${l}`));
  const intervalMs = opts.intervalMs ?? 60_000;
  const debounceMs = opts.debounceMs ?? 2_000;
  const maxWaitMs = opts.maxWaitMs ?? 10_000;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const pending = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();

  const enqueue = (what: string, orgId?: string): Promise<void> => {
    chain = chain.then(async () => {
      if (stopped) return;
      if (!orgId) {
        // Scheduled passes also keep raw usage partitions ahead and apply RAW_RETENTION_MONTHS (lib/usage-store).
        try {
          const s = await maintainUsageStorage(opts.client ?? db(), env().RAW_RETENTION_MONTHS);
          if (s.created.length || s.dropped.length) log(`usage partitions: created ${s.created.join(", ") || "none"}, dropped ${s.dropped.join(", ") || "none"}`);
        } catch (e) {
          log(`usage partition maintenance failed: ${(e as Error).message}`);
        }
      }
      try {
        const r = await runPass({ client: opts.client, orgId, log });
        opts.onPass?.(what, r, orgId);
        if (r.evaluation.firings || r.delivery.claimed) {
          log(`${what}: ${r.evaluation.firings} firing(s), ${r.evaluation.messages} message(s) queued; ${r.delivery.sent} sent, ${r.delivery.retrying} to retry, ${r.delivery.failed} failed`);
        }
      } catch (e) {
        log(`${what} failed: ${(e as Error).message}`);
      }
    });
    return chain;
  };

  const interval = setInterval(() => void enqueue("scheduled pass"), intervalMs);
  void enqueue("startup pass");
  const listener = opts.listenUrl
    ? listenForIngested({ url: opts.listenUrl, log, onOrg: (orgId) => worker.notify(orgId) })
    : null;

  const worker: AlertWorker = {
    runNow: () => enqueue("manual pass"),
    notify(orgId) {
      if (stopped) return;
      const now = Date.now();
      const existing = pending.get(orgId);
      if (existing) clearTimeout(existing.timer);
      const firstAt = existing?.firstAt ?? now;
      const delay = Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - now));
      const timer = setTimeout(() => {
        pending.delete(orgId);
        void enqueue("post-ingest pass", orgId);
      }, delay);
      pending.set(orgId, { timer, firstAt });
    },
    async stop() {
      stopped = true;
      clearInterval(interval);
      await listener?.stop();
      for (const p of pending.values()) clearTimeout(p.timer);
      pending.clear();
      await chain;
      const g = globalThis as WorkerGlobal;
      if (g[WORKER_KEY] === worker) delete g[WORKER_KEY];
    },
  };
  (globalThis as WorkerGlobal)[WORKER_KEY] = worker;
  return worker;
}

/**
 * Call after a successful ingest has committed. Evaluates the organization's rules soon (debounced) when a worker
 * runs in this process, and signals the workers of other processes through PostgreSQL NOTIFY (not with the
 * embedded database: one process). Never throws; a lost signal waits for the next scheduled pass.
 */
export function notifyIngested(orgId: string): void {
  (globalThis as WorkerGlobal)[WORKER_KEY]?.notify(orgId);
  if (signalListenUrl()) void publishIngested(orgId);
}
