import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { DB_RETRY_AFTER_SECONDS, databaseReachable } from "@/lib/db/availability";

/**
 * First gate: anonymous page requests go to sign-in, anonymous API requests get 401 problem+json. Route handlers and
 * pages still authorize every request themselves (roles, scopes, teams); this only turns away the obvious.
 */
const PUBLIC_PATHS = [/^\/sign-in(\/|$)/, /^\/api\/auth\//, /^\/api\/health$/, /^\/api\/v1\/openapi\.json$/];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
  // Pages need the database; while it is unreachable they answer a clear 503 page instead of failing mid-render.
  if (!isApi && req.method === "GET" && !(await databaseReachable())) return databaseUnavailablePage();
  if (PUBLIC_PATHS.some((re) => re.test(pathname))) return NextResponse.next();
  if (isApi && req.headers.get("authorization")) return NextResponse.next();
  const token = await getToken({ req, secret: env().NEXTAUTH_SECRET });
  if (token?.uid) return NextResponse.next();
  if (isApi) {
    return new NextResponse(
      JSON.stringify({ type: "about:blank", title: "Unauthorized", status: 401, detail: "Sign in or send a valid API key (Authorization: Bearer <key>).", instance: pathname }),
      { status: 401, headers: { "content-type": "application/problem+json" } },
    );
  }
  const url = req.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
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
