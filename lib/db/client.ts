import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "@/lib/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { spendscopeDb?: PrismaClient };

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

export { Prisma } from "./generated/client";
