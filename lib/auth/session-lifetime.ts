/**
 * How long a sign-in lasts. Pure constants and rules, shared by next-auth's options and proxy.ts.
 * Invariants: a session token (JWT) expires SESSION_MAX_AGE_SECONDS after it was issued; proxy.ts re-issues it on a
 * request once it is older than REFRESH_AFTER_SECONDS, so a session ends 12 h after the last activity (sliding),
 * never later, and an idle one cannot be revived.
 */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;
export const REFRESH_AFTER_SECONDS = 15 * 60;
export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";

/** Whether a valid token issued at `iat` (seconds) should be re-issued now. */
export function needsRefresh(iat: unknown, nowSeconds: number): boolean {
  return typeof iat !== "number" || nowSeconds - iat >= REFRESH_AFTER_SECONDS;
}
