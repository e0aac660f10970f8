/**
 * When to try an outbox message again, and when to give up. Pure, so the schedule is unit-tested.
 *
 * Exponential backoff: 30 s, 1 min, 2 min, ... capped at 1 h, for up to MAX_ATTEMPTS tries (about a day
 * of an unreachable SMTP server). Permanent refusals (SMTP 5xx, webhook 4xx other than 408/429) stop at once:
 * retrying cannot help and admins see the reason on the Outbox page.
 */
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 3_600_000;
export const MAX_ATTEMPTS = 30;
/** Messages one delivery pass claims at once. */
export const BATCH_SIZE = 10;
/**
 * How long a claimed batch stays invisible to other workers: longer than sending a whole batch can take (each
 * send times out within ~50 s), so a slow server cannot make a second worker send the same message. It is also
 * how long the messages of a crashed worker wait before another one picks them up.
 */
export const LEASE_MS = 10 * 60_000;

/** Delay before the next try after `attempts` failed tries (attempts >= 1). */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(n - 1, 20));
}

export interface FailureDecision {
  status: "pending" | "failed";
  nextAttemptAt: Date;
}

export function decideAfterFailure(attempts: number, permanent: boolean, now: Date): FailureDecision {
  const giveUp = permanent || attempts >= MAX_ATTEMPTS;
  return { status: giveUp ? "failed" : "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}

/** SMTP: 5xx replies are permanent; connection errors and 4xx are worth retrying. */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** Webhooks: a 4xx says the request itself is wrong, except timeouts and rate limits. */
export function isPermanentHttpStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
