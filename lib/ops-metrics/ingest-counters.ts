/**
 * Ingest counters of THIS process (requests to POST /api/v1/usage by outcome, events by status), for
 * /api/metrics. They are per process on purpose: counting in PostgreSQL would add a contended write to every
 * ingest request. Every sample carries a `process` label (host:pid), so Prometheus scrapes each app process as its
 * own target and `sum by (outcome) (rate(...[5m]))` adds them up; a restart resets them, which rate() handles.
 * Kept on globalThis because Next.js may load this module once per bundle in one process.
 */
import { hostname } from "node:os";
import { AppError } from "@/lib/api/errors";

export type IngestOutcome = "accepted" | "invalid" | "rate_limited" | "unavailable" | "error";

interface Counters {
  startedAt: number;
  requests: Record<IngestOutcome, number>;
  events: { inserted: number; duplicate: number };
}

const KEY = Symbol.for("spendscope.opsMetrics.ingestCounters");
type CountersGlobal = { [KEY]?: Counters };

function counters(): Counters {
  const g = globalThis as CountersGlobal;
  g[KEY] ??= { startedAt: Date.now(), requests: { accepted: 0, invalid: 0, rate_limited: 0, unavailable: 0, error: 0 }, events: { inserted: 0, duplicate: 0 } };
  return g[KEY];
}

/** host:pid of this process: the `process` label of per-process samples. */
export function processLabel(): string {
  return `${hostname()}:${process.pid}`;
}

/** The outcome an ingest failure counts as (by its HTTP status). */
export function outcomeOf(err: unknown): IngestOutcome {
  const status = err instanceof AppError ? err.status : 500;
  if (status === 429) return "rate_limited";
  if (status === 503) return "unavailable";
  return status >= 400 && status < 500 ? "invalid" : "error";
}

/** Runs one ingest request and counts its outcome (and, when accepted, its events). */
export async function countIngest<T extends { inserted: number; duplicates: number }>(fn: () => Promise<T>): Promise<T> {
  const c = counters();
  try {
    const r = await fn();
    c.requests.accepted++;
    c.events.inserted += r.inserted;
    c.events.duplicate += r.duplicates;
    return r;
  } catch (e) {
    c.requests[outcomeOf(e)]++;
    throw e;
  }
}

export function ingestCounters(): Readonly<Counters> {
  return counters();
}
