import { db, Prisma, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";

/**
 * Per-key request rate limit for the ingestion API: a token bucket per key holding up to `perMinute` requests,
 * refilled continuously at perMinute/60 per second, so a client may burst up to its minute's allowance and then
 * proceeds at the steady rate.
 *
 * The bucket is a row in PostgreSQL (ingest_rate_buckets), refilled and taken from by ONE upsert statement, so
 * every app process behind a load balancer shares the same allowance (no per-process state changes an answer):
 *  - the row lock of the upsert serializes concurrent takes of one key, in any process;
 *  - time is the database clock (statement_timestamp()), so processes with skewed clocks agree;
 *  - a denied take leaves the tokens as refilled (it consumes nothing).
 * Invariant: 0 <= tokens <= perMinute after every statement.
 */

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one token from `key`'s bucket of capacity `perMinute`. `now` (tests) replaces the database clock; it must
 * not go backwards for one key.
 */
export async function takeRateToken(
  key: string,
  perMinute: number,
  opts: { now?: Date; client?: Db } = {},
): Promise<TakeResult> {
  if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError("perMinute must be an integer of at least 1");
  const client = opts.client ?? db();
  const now = opts.now ? Prisma.sql`${opts.now.toISOString()}::timestamptz` : Prisma.sql`statement_timestamp()`;
  const cap = Prisma.sql`${perMinute}::double precision`;
  // Tokens after refilling since the last take (capped at the capacity; never negative elapsed time).
  const elapsedSeconds = Prisma.sql`GREATEST(0, EXTRACT(EPOCH FROM (${now} - b.updated_at)))::double precision`;
  const refilled = Prisma.sql`LEAST(${cap}, b.tokens + ${elapsedSeconds} * ${cap} / 60)`;
  const [row] = await client.$queryRaw<{ tokens: number; allowed: boolean }[]>(Prisma.sql`
    INSERT INTO ingest_rate_buckets AS b (key, tokens, allowed, updated_at)
    VALUES (${key}, ${cap} - 1, true, ${now})
    ON CONFLICT (key) DO UPDATE SET
      tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
      allowed = ${refilled} >= 1,
      updated_at = GREATEST(b.updated_at, ${now})
    RETURNING tokens, allowed`);
  if (row.allowed) return { ok: true, remaining: Math.floor(row.tokens) };
  const ratePerSecond = perMinute / 60;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - row.tokens) / ratePerSecond)) };
}

/** The ingestion limit for one principal key ("key:<id>" or "user:<id>"), sized from INGEST_RATE_LIMIT_PER_MINUTE. */
export function takeIngestToken(key: string): Promise<TakeResult> {
  return takeRateToken(key, env().INGEST_RATE_LIMIT_PER_MINUTE);
}
