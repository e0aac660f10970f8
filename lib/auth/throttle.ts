import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

/**
 * Slows repeated failed sign-ins, per email and per client address, in PostgreSQL so it holds across processes.
 * The first 3 failures are free; then each failure blocks further tries for base × 2^(n-3), capped at 5 minutes.
 */
const FREE_FAILURES = 3;
const MAX_BLOCK_MS = 5 * 60_000;
/** Failures older than this are forgotten. */
const WINDOW_MS = 15 * 60_000;

export function blockDurationMs(failures: number, baseMs: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_BLOCK_MS, baseMs * 2 ** (failures - FREE_FAILURES));
}

/** Seconds until keys may try again (0 = allowed now). */
export async function throttleWait(keys: string[], now = new Date()): Promise<number> {
  const rows = await db().loginThrottle.findMany({ where: { key: { in: keys } } });
  let wait = 0;
  for (const r of rows) {
    if (r.blockedUntil && r.blockedUntil > now) wait = Math.max(wait, Math.ceil((r.blockedUntil.getTime() - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordFailure(keys: string[], now = new Date()): Promise<void> {
  const base = env().LOGIN_THROTTLE_BASE_MS;
  for (const key of keys) {
    const existing = await db().loginThrottle.findUnique({ where: { key } });
    const stale = !existing || now.getTime() - existing.lastFailedAt.getTime() > WINDOW_MS;
    const failures = stale ? 1 : existing.failures + 1;
    const block = blockDurationMs(failures, base);
    const data = { failures, lastFailedAt: now, blockedUntil: block ? new Date(now.getTime() + block) : null };
    await db().loginThrottle.upsert({ where: { key }, create: { key, ...data }, update: data });
  }
}

export async function clearFailures(keys: string[]): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { key: { in: keys } } });
}
