import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as {
  spendscopeDb?: PrismaClient;
  spendscopeReadDb?: { url: string; client: PrismaClient };
};

export function createDb(url: string, poolMax: number): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolMax });
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
