import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as {
  spendscopeDb?: PrismaClient;
  spendscopeReadDb?: { url: string; client: PrismaClient };
};

export interface PoolTimeouts {
  /** Longest wait for a new connection (TCP + startup), and for a free one from the pool (ms). */
  connectMs: number;
  /** Server-side statement_timeout (ms; 0 = none); the client gives up on an unanswered query 2 s later. */
  statementMs: number;
}

/**
 * A Prisma client over a pg pool that fails fast when the database is unreachable: each new connection must be
 * established within connectMs (a blackholed host answers nothing), queries are bounded on the server and on the
 * client (a connection that died silently cannot hang a request), and TCP keepalive notices dead peers. Errors
 * then reach lib/db/availability.ts and leave as 503s instead of hanging. Waiting for a free pooled connection
 * stays unbounded (the connect timeout is set per connection, not on the pool), so a busy pool, e.g. the single
 * embedded connection during a long import, makes requests wait as before rather than fail.
 */
export function createDb(url: string, poolMax: number, timeouts?: PoolTimeouts): PrismaClient {
  const t = timeouts ?? { connectMs: env().DB_CONNECT_TIMEOUT_MS, statementMs: env().DB_STATEMENT_TIMEOUT_MS };
  const bounds: pg.ClientConfig = {
    connectionTimeoutMillis: t.connectMs,
    keepAlive: true,
    ...(t.statementMs > 0 ? { query_timeout: t.statementMs + 2000 } : {}),
    // PGlite (embedded) accepts and ignores it; the client-side query_timeout still bounds the wait there.
    ...(t.statementMs > 0 ? { statement_timeout: t.statementMs } : {}),
  };
  class BoundedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === "string" ? { connectionString: config } : config), ...bounds });
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: poolMax, Client: BoundedClient });
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    onPoolError: (err) => console.error(`[db] idle connection lost: ${err.message}`),
  });
  return new PrismaClient({ adapter });
}

/** The process-wide Prisma client (one pool; survives Next.js dev reloads). */
export function db(): PrismaClient {
  if (!globalForDb.spendscopeDb) {
    const e = env();
    if (!e.DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it, with embedded PostgreSQL when absent)");
    globalForDb.spendscopeDb = createDb(e.DATABASE_URL, e.SPENDSCOPE_EMBEDDED_DB === "1" ? 1 : e.DB_POOL_MAX);
  }
  return globalForDb.spendscopeDb;
}

/**
 * The client for view aggregates (lib/spend reads): a read replica when DATABASE_READ_URL is set, else the
 * primary. Replica answers lag the primary by the replication delay, so never use it for writes, inside a write
 * transaction, or to read back what the same request just wrote (settings, teams and budgets stay on db()).
 */
export function readDb(): PrismaClient {
  const e = env();
  if (!e.DATABASE_READ_URL) return db();
  const cached = globalForDb.spendscopeReadDb;
  if (cached?.url === e.DATABASE_READ_URL) return cached.client;
  void cached?.client.$disconnect().catch(() => undefined);
  const client = createDb(e.DATABASE_READ_URL, e.DB_POOL_MAX);
  globalForDb.spendscopeReadDb = { url: e.DATABASE_READ_URL, client };
  return client;
}

export { Prisma } from "./generated/client";
