import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { contentSecurityPolicy, crossSiteWriteRejection, NONCE_HEADER, STATIC_SECURITY_HEADERS } from "@/lib/security/policy";

/**
 * First gate, on every request but static files:
 *  - security headers and a per-request CSP nonce (lib/security/policy.ts) on every response;
 *  - state-changing requests with cookies from another site get 403;
 *  - anonymous page requests go to sign-in, anonymous API requests get 401 problem+json.
 * Route handlers and pages still authorize every request themselves (roles, scopes, teams); this only turns away
 * the obvious.
 */
const PUBLIC_PATHS = [/^\/sign-in(\/|$)/, /^\/setup$/, /^\/api\/auth\//, /^\/api\/health$/, /^\/api\/v1\/openapi\.json$/];

function problem(status: number, title: string, detail: string, instance: string) {
  return new NextResponse(JSON.stringify({ type: "about:blank", title, status, detail, instance }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

function appOrigins(req: NextRequest): string[] {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(/:$/, "");
  const origins = [new URL(env().APP_URL).origin];
  if (host) origins.push(`${proto}://${host}`);
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
  const rejection = crossSiteWriteRejection({ method: req.method, origins: appOrigins(req), header: (n) => req.headers.get(n) });
  if (rejection) {
    const detail = `Refused: ${rejection}. Changes are accepted only from this application's own pages.`;
    return secure(isApi ? problem(403, "Forbidden", detail, pathname) : new NextResponse(detail, { status: 403 }));
  }
  if (PUBLIC_PATHS.some((re) => re.test(pathname))) return pass();
  if (isApi && req.headers.get("authorization")) return pass();
  const token = await getToken({ req, secret: env().NEXTAUTH_SECRET });
  if (token?.uid) return pass();
  if (isApi) {
    return secure(problem(401, "Unauthorized", "Sign in or send a valid API key (Authorization: Bearer <key>).", pathname));
  }
  const url = req.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return secure(NextResponse.redirect(url));
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
