import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";

/**
 * First gate: anonymous page requests go to sign-in, anonymous API requests get 401 problem+json. Route handlers and
 * pages still authorize every request themselves (roles, scopes, teams); this only turns away the obvious.
 */
const PUBLIC_PATHS = [/^\/sign-in(\/|$)/, /^\/setup$/, /^\/api\/auth\//, /^\/api\/health$/, /^\/api\/v1\/openapi\.json$/];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (PUBLIC_PATHS.some((re) => re.test(pathname))) return NextResponse.next();
  const isApi = pathname.startsWith("/api/");
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

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
