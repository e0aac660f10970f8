/** Retry policy helpers for the SDK (pure; no I/O). */

/** Longest Retry-After we honour, so a bogus header cannot stall the queue for hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/** 429 and 5xx are transient; every other 4xx is the caller's mistake and retrying cannot fix it. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Parses Retry-After (delta seconds or an HTTP date) into milliseconds, capped at MAX_RETRY_AFTER_MS.
 * Returns null when the header is absent or unparseable.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const v = header.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(Math.round(Number(v) * 1000), MAX_RETRY_AFTER_MS);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so clients that
 * failed together do not retry together, yet each retry still waits a meaningful minimum.
 */
export function backoffDelay(
  retry: number,
  opts: { initialMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const exp = Math.min(opts.maxMs, opts.initialMs * 2 ** retry);
  return Math.round(exp / 2 + random() * (exp / 2));
}
