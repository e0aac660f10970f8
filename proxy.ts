import { NextResponse, type NextRequest } from "next/server";
import { encode, getToken, type JWT } from "next-auth/jwt";
import { env } from "@/lib/env";
import {
  needsRefresh,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
} from "@/lib/auth/session-lifetime";
import {
  contentSecurityPolicy,
  crossSiteWriteRejection,
  NONCE_HEADER,
  STATIC_SECURITY_HEADERS,
} from "@/lib/security/policy";
import { DB_RETRY_AFTER_SECONDS, databaseReachable } from "@/lib/db/availability";

/**
 * First gate, on every request but static files:
 *  - security headers and a per-request CSP nonce (lib/security/policy.ts) on every response;
 *  - state-changing requests with cookies from another site get 403;
 *  - anonymous page requests go to sign-in, anonymous API requests get 401 problem+json;
 *  - a signed-in request renews a session token older than 15 minutes (sliding 12 h sessions).
 * Route handlers and pages still authorize every request themselves (roles, scopes, teams); this only turns away
 * the obvious.
 */
const PUBLIC_PATHS = [
  /^\/sign-in(\/|$)/,
  /^\/setup$/,
  /^\/api\/auth\//,
  /^\/api\/health$/,
  /^\/api\/v1\/openapi\.json$/,
  /^\/api\/metrics$/, // its own bearer token (METRICS_TOKEN); 404 while unset
];

function problem(status: number, title: string, detail: string, instance: string) {
  return new NextResponse(JSON.stringify({ type: "about:blank", title, status, detail, instance }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/** Re-issues the session cookie with a fresh 12 h expiry once the token is older than the refresh age. */
async function slideSession(req: NextRequest, res: NextResponse, token: JWT): Promise<NextResponse> {
  if (!needsRefresh(token.iat, Math.floor(Date.now() / 1000))) return res;
  const name = req.cookies.has(SECURE_SESSION_COOKIE) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const { uid, name: userName, email, sub } = token;
  const secret = env().NEXTAUTH_SECRET ?? "";
  const value = await encode({ token: { uid, name: userName, email, sub }, secret, maxAge: SESSION_MAX_AGE_SECONDS });
  res.cookies.set(name, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: name === SECURE_SESSION_COOKIE,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return res;
}

/** The public origin (APP_URL; what a browser behind a proxy sees) and the origin this request addressed (Host). */
function appOrigins(req: NextRequest): string[] {
  const host = req.headers.get("host");
  const origins = [new URL(env().APP_URL).origin];
  if (host) origins.push(`${req.nextUrl.protocol}//${host}`);
  return origins;
}

export async function proxy(req: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, env().NODE_ENV === "development");
  const secure = (res: NextResponse) => {
    res.headers.set("Content-Security-Policy", csp);
    for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.headers.set(k, v);
    return res;
  };
  // Next.js reads the policy from the request to put the nonce on its scripts.
  const forwarded = new Headers(req.headers);
  forwarded.set(NONCE_HEADER, nonce);
  forwarded.set("Content-Security-Policy", csp);
  const pass = () => secure(NextResponse.next({ request: { headers: forwarded } }));

  const { pathname, search } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const header = (name: string) => req.headers.get(name);
  const rejection = crossSiteWriteRejection({ method: req.method, origins: appOrigins(req), header });
  if (rejection) {
    const detail = `Refused: ${rejection}. Changes are accepted only from this application's own pages.`;
    return secure(isApi ? problem(403, "Forbidden", detail, pathname) : new NextResponse(detail, { status: 403 }));
  }
  // Pages need the database; while it is unreachable they answer a clear 503 page instead of failing mid-render.
  if (!isApi && req.method === "GET" && !(await databaseReachable())) return secure(databaseUnavailablePage());
  if (PUBLIC_PATHS.some((re) => re.test(pathname))) return pass();
  if (isApi && req.headers.get("authorization")) return pass();
  const token = await getToken({ req, secret: env().NEXTAUTH_SECRET });
  if (token?.uid) return slideSession(req, pass(), token);
  if (isApi) {
    const detail = "Sign in or send a valid API key (Authorization: Bearer <key>).";
    return secure(problem(401, "Unauthorized", detail, pathname));
  }
  const url = req.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return secure(NextResponse.redirect(url));
}

function databaseUnavailablePage(): NextResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${DB_RETRY_AFTER_SECONDS}"><title>Database unavailable · Spendscope</title>
<style>body{margin:0;padding:0 1rem;font-family:system-ui,sans-serif;background:#f9fafb;color:#111827}
main{max-width:32rem;margin:15vh auto;padding:1.5rem;background:#fff;border:1px solid #e5e7eb;border-radius:.5rem}
h1{font-size:1.25rem;margin:0 0 .75rem}p{line-height:1.5;color:#374151}</style></head>
<body><main role="alert"><h1>Database unavailable, retrying</h1>
<p>Spendscope cannot reach its database right now. Nothing you recorded is lost; usage sent by the API while the
database is down is refused with 503 so clients retry it.</p>
<p>This page reloads itself every ${DB_RETRY_AFTER_SECONDS} seconds and shows your dashboard as soon as the database
answers again.</p></main></body></html>`;
  return new NextResponse(html, {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": String(DB_RETRY_AFTER_SECONDS),
      "cache-control": "no-store",
    },
  });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
