/**
 * Is the database reachable? The one place that recognizes "the database is unreachable" among driver errors and
 * keeps a process-wide record of it, so every surface answers an outage the same way: the API with 503 +
 * Retry-After (lib/api/route.ts), pages with a 503 "database unavailable" page (proxy.ts), health with
 * db: "unreachable". The record lives on globalThis because proxy.ts and the app's route modules are separate
 * bundles in one process. Nothing here imports the database client (proxy.ts stays free of it): the server
 * registers a probe at boot (instrumentation.ts).
 */

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DB_RETRY_AFTER_SECONDS = 5;

/** How long a successful probe vouches for the database before a page request probes again (ms). */
const OK_FRESH_MS = 2000;

interface AvailabilityState {
  /** When the current outage was first seen; null while the database answers. */
  downSince: number | null;
  lastOkAt: number;
  /** true: answered; false: failed; null: no answer in time (busy or silently gone: unknown). */
  probe: (() => Promise<boolean | null>) | null;
  /** The probe in flight: concurrent requests share one instead of queueing a probe each. */
  probing: Promise<boolean | null> | null;
}

const KEY = Symbol.for("spendscope.db.availability");

function state(): AvailabilityState {
  const g = globalThis as { [KEY]?: AvailabilityState };
  g[KEY] ??= { downSince: null, lastOkAt: 0, probe: null, probing: null };
  return g[KEY];
}

export function registerDatabaseProbe(probe: () => Promise<boolean | null>): void {
  state().probe = probe;
}

export function reportDatabaseDown(): void {
  const s = state();
  if (s.downSince === null) {
    s.downSince = Date.now();
    console.error("[db] the database is unreachable; answering 503 until it is back");
  }
}

export function reportDatabaseUp(): void {
  const s = state();
  if (s.downSince !== null) console.log(`[db] the database is reachable again after ${Date.now() - s.downSince} ms`);
  s.downSince = null;
  s.lastOkAt = Date.now();
}

/** True while an outage is recorded (set by a failed request or probe, cleared by a successful probe). */
export function databaseKnownDown(): boolean {
  return state().downSince !== null;
}

/**
 * True when the database answers: a recent success counts, otherwise the registered probe runs (one at a time;
 * concurrent callers share it). A probe without an answer in time counts as reachable unless an outage is
 * recorded (a busy pool must not turn pages into 503s). Without a registered probe the caller goes ahead.
 */
export async function databaseReachable(now = Date.now()): Promise<boolean> {
  const s = state();
  if (s.downSince === null && now - s.lastOkAt < OK_FRESH_MS) return true;
  if (!s.probe) return true;
  const answer = await sharedProbe(s.probe);
  return answer ?? s.downSince === null;
}

/** Runs the probe, or joins the one in flight. */
function sharedProbe(probe: () => Promise<boolean | null>): Promise<boolean | null> {
  const s = state();
  s.probing ??= probe().finally(() => {
    s.probing = null;
  });
  return s.probing;
}

/**
 * For an error nobody recognized: asks the probe now (no freshness shortcut) and records an outage when it fails.
 * A driver error whose wording is not in the lists below still becomes "unavailable" when the database is in fact
 * unreachable at that moment; an answer in time, or none at all, leaves it a bug (500).
 */
export async function confirmDatabaseDown(): Promise<boolean> {
  const { probe } = state();
  return probe ? (await sharedProbe(probe)) === false : false;
}

/** Node socket errors, PostgreSQL SQLSTATEs and Prisma codes that mean "no usable connection", not "bad query". */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN",
  // SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now)
  "08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03",
  // statement_timeout / query canceled, and too many connections
  "57014", "53300",
  // Prisma: can't reach server, connection timeout, server closed the connection, pool timeout
  "P1001", "P1002", "P1008", "P1017", "P2024",
]);

/** @prisma/adapter-pg's DriverAdapterError kinds for socket and pool failures. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/** pg and pg-pool raise these as plain Errors without a code. */
const UNAVAILABLE_MESSAGES = new RegExp(
  [
    "Connection terminated",
    "^timeout expired$",
    "timeout exceeded when trying to connect",
    "Query read timeout",
    "Client has encountered a connection error",
    "Unable to start a transaction in the given time",
    "Client was closed and is not queryable",
    "Cannot use a pool after calling end",
    // Prisma's interactive transaction whose connection died under it (retryable: it committed nothing, or the
    // resend is a duplicate).
    "Transaction already closed",
    "Transaction not found",
  ].join("|"),
  "i",
);

/** Walks the error, its `cause` chain and aggregated errors (bounded) looking for a connection failure. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const o = e as {
      code?: unknown;
      originalCode?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof o.code === "string" && UNAVAILABLE_CODES.has(o.code)) return true;
    if (typeof o.originalCode === "string" && UNAVAILABLE_CODES.has(o.originalCode)) return true;
    if (typeof o.kind === "string" && UNAVAILABLE_KINDS.has(o.kind)) return true;
    if (typeof o.message === "string" && UNAVAILABLE_MESSAGES.test(o.message)) return true;
    queue.push(o.cause);
    if (Array.isArray(o.errors)) queue.push(...o.errors);
  }
  return false;
}
