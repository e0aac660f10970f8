import "./next-globals";
import { NextRequest } from "next/server";
import { inRequestScope } from "./request-scope";

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
}

type Params = Record<string, string | string[]>;
type RouteHandler = (req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response>;

/**
 * Calls an App Router handler the way `next start` does: inside Next's request scope, with the credentials as
 * a cookie or a bearer header and the dynamic segments as `params`.
 */
export async function callRoute(
  handler: RouteHandler,
  opts: {
    method: string;
    path: string;
    params?: Record<string, string | string[]>;
    cookie?: string;
    key?: string;
    body?: string;
    contentType?: string;
  },
): Promise<CallResult> {
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  // Next hands route handlers a NextRequest (next-auth reads req.nextUrl).
  const req = new NextRequest(`http://spendscope.test${opts.path}`, { method: opts.method, headers, body: opts.body });
  const res = await inRequestScope(req, () => handler(req, { params: Promise.resolve(opts.params ?? {}) }));
  return { status: res.status, headers: res.headers, text: await res.text() };
}
