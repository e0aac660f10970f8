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

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
