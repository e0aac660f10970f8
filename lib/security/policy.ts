/**
 * HTTP security policy of every response, applied by proxy.ts (pages, API) and next.config.js (static files, which
 * the proxy does not see). Pure, no I/O.
 *
 * Content-Security-Policy: scripts only from this origin and inline scripts only with this request's nonce (Next.js
 * puts the nonce on its own scripts when the request carries the policy; the root layout renders per request so
 * every page gets a fresh one); no framing (frame-ancestors 'none'); no plugins; forms and <base> same-origin only.
 * Styles allow 'unsafe-inline' because charts set style attributes, which a nonce cannot cover.
 *
 * Cross-site writes: a state-changing request (POST, PUT, PATCH, DELETE) that carries cookies (a session) and no
 * bearer key must come from this origin: Sec-Fetch-Site same-origin (or none: typed by the user), else an Origin
 * equal to the app's origin. API-key requests carry no ambient credentials, so they stay allowed.
 */
export const NONCE_HEADER = "x-nonce";

export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers every response carries (next.config.js repeats them for static files). */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface WriteRequest {
  method: string;
  /** This app's origins: as the browser addressed it (Host) and APP_URL's, e.g. "http://localhost:3000". */
  origins: readonly string[];
  header(name: string): string | null;
}

/** Why a cross-site state-changing request with cookies is refused, or null when it may proceed. */
export function crossSiteWriteRejection(req: WriteRequest): string | null {
  if (!STATE_CHANGING.has(req.method.toUpperCase())) return null;
  if (/^Bearer\s/i.test(req.header("authorization") ?? "")) return null;
  if (!req.header("cookie")) return null;
  const site = req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `cross-site request (Sec-Fetch-Site: ${site})`;
  const origin = req.header("origin");
  if (origin && !req.origins.includes(origin)) return `request from another origin (${origin})`;
  if (!site && !origin) {
    // Neither header: not a browser (browsers send Origin on every cross-origin write); a Referer may still tell.
    const referer = req.header("referer");
    if (referer && !req.origins.some((o) => referer.startsWith(`${o}/`))) return "request from another origin (Referer)";
  }
  return null;
}
