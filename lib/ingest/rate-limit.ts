import { env } from "@/lib/env";

/**
 * Per-key request rate limit for the ingestion API: a token bucket per key holding up to `perMinute` requests,
 * refilled continuously at perMinute/60 per second, so a client may burst up to its minute's allowance and then
 * proceeds at the steady rate. In memory, per process: each replica enforces the limit on its own (documented;
 * good enough to stop a runaway client, not a billing control).
 */

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly ratePerMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Buckets kept at most; full (idle) buckets are dropped first when exceeded. */
    private readonly maxKeys = 10_000,
  ) {
    if (!Number.isFinite(perMinute) || perMinute < 1) throw new RangeError("perMinute must be at least 1");
    this.ratePerMs = perMinute / 60_000;
  }

  take(key: string): TakeResult {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + Math.max(0, t - b.at) * this.ratePerMs);
    b.at = t;
    this.buckets.delete(key); // re-insert: Map order doubles as least-recently-used order
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.evict();
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerMs / 1000)) };
  }

  private evict() {
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(k);
    }
  }
}

const state = globalThis as unknown as { spendscopeIngestLimiter?: TokenBucketLimiter };

/** The process-wide limiter, sized from INGEST_RATE_LIMIT_PER_MINUTE (rebuilt when that setting changes). */
export function ingestLimiter(): TokenBucketLimiter {
  const perMinute = env().INGEST_RATE_LIMIT_PER_MINUTE;
  if (!state.spendscopeIngestLimiter || state.spendscopeIngestLimiter.perMinute !== perMinute) {
    state.spendscopeIngestLimiter = new TokenBucketLimiter(perMinute);
  }
  return state.spendscopeIngestLimiter;
}
