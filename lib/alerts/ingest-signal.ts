/**
 * "New usage was stored for organization X", across processes: ingestion (after its transaction committed)
 * sends pg_notify on one channel; every alert worker that listens (web servers behind a load balancer, or a
 * separate `spendscope worker`) hears it on a dedicated connection and runs its debounced evaluation of X.
 *
 * Invariants and reasons:
 *  - A lost notification only delays an alert: the worker's scheduled pass still evaluates every rule, and the
 *    claims (alert_firings unique key) keep mail exactly-once however many workers evaluate.
 *  - The payload carries the sending process's id, so a process ignores its own signal (it notified its own
 *    worker directly, without a round trip).
 *  - The listener reconnects after losing its connection (server restart, network), with a capped backoff.
 *  - Not used with the embedded database: it is one process with one connection.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { db, Prisma } from "@/lib/db/client";
import { env } from "@/lib/env";

export const INGESTED_CHANNEL = "spendscope_ingested";

/** This process, as named in the signals it sends. */
export const PROCESS_ID = randomUUID();

const ORG_ID_RE = /^[0-9a-f-]{36}$/i;

export function encodeSignal(orgId: string, from: string = PROCESS_ID): string {
  return `${from}:${orgId}`;
}

/** The organization named by a payload, or null when it is malformed or came from this process. */
export function decodeSignal(payload: string | undefined, self: string = PROCESS_ID): string | null {
  const [from, orgId] = (payload ?? "").split(":");
  if (!from || !orgId || !ORG_ID_RE.test(orgId) || from === self) return null;
  return orgId;
}

/** Tells every listening worker (in other processes) that `orgId` has new usage. Never throws. */
export async function publishIngested(orgId: string): Promise<void> {
  try {
    await db().$executeRaw(Prisma.sql`SELECT pg_notify(${INGESTED_CHANNEL}, ${encodeSignal(orgId)})`);
  } catch (e) {
    console.error(`[alerts] could not signal new usage (the next scheduled pass will see it): ${(e as Error).message}`);
  }
}

/** Where a worker listens: the primary database (NOTIFY is not replicated to read replicas); none when embedded. */
export function signalListenUrl(): string | undefined {
  const e = env();
  return e.SPENDSCOPE_EMBEDDED_DB === "1" ? undefined : e.DATABASE_URL;
}

export interface IngestListener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface ListenOptions {
  url: string;
  onOrg: (orgId: string) => void;
  log?: (line: string) => void;
  /** First reconnect delay (doubles up to maxRetryMs). */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Listens on a dedicated connection (not from the pool: a pooled connection would be handed to queries). */
export function listenForIngested(opts: ListenOptions): IngestListener {
  const log = opts.log ?? ((l: string) => console.log(`[alerts] ${l}`));
  const baseRetry = opts.retryMs ?? 500;
  const maxRetry = opts.maxRetryMs ?? 30_000;
  let stopped = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retry = baseRetry;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));

  const scheduleReconnect = (why: string) => {
    if (stopped || retryTimer) return;
    log(`usage signal listener lost (${why}); reconnecting in ${retry} ms (scheduled passes continue)`);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retry);
    retry = Math.min(maxRetry, retry * 2);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: opts.url, application_name: "spendscope-alert-listener" });
    client = c;
    c.on("notification", (n) => {
      if (n.channel !== INGESTED_CHANNEL) return;
      const orgId = decodeSignal(n.payload);
      if (orgId) opts.onOrg(orgId);
    });
    c.on("error", (e) => {
      c.end().catch(() => undefined);
      if (client === c) scheduleReconnect(e.message);
    });
    c.on("end", () => {
      if (client === c) scheduleReconnect("connection ended");
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${INGESTED_CHANNEL}`);
      if (stopped) return void (await c.end().catch(() => undefined));
      retry = baseRetry;
      markReady();
    } catch (e) {
      c.end().catch(() => undefined);
      if (client === c) scheduleReconnect((e as Error).message);
    }
  };

  void connect();
  return {
    ready,
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
