import { z } from "zod";
import { AppError, badRequest, forbidden, payloadTooLarge, serviceUnavailable, unauthorized } from "./errors";
import { assertStorable, parseInput, unstorableTextReason } from "./zod-fields";
import { internalErrorResponse, problemResponse } from "./problem";
import { getSession, principalFromAuthorization } from "@/lib/auth/session";
import type { Principal } from "@/lib/auth/permissions";
import {
  confirmDatabaseDown,
  DB_RETRY_AFTER_SECONDS,
  databaseKnownDown,
  databaseReachable,
  isDatabaseUnavailable,
  reportDatabaseDown,
} from "@/lib/db/availability";

type AuthMode = "public" | "session" | "key" | "session-or-key";

interface RouteSpec<Q extends z.ZodType, B extends z.ZodType, P extends z.ZodType> {
  auth: AuthMode;
  /** Required key scopes (any of them) when called with an API key. */
  scopes?: string[];
  /** Extra check once authenticated (e.g. canEditPricing). */
  authorize?: (p: Principal) => boolean;
  query?: Q;
  body?: B;
  params?: P;
  /** Largest accepted body in bytes (default 1 MB). */
  maxBodyBytes?: number;
}

export interface RouteContext<Q, B, P> {
  req: Request;
  principal: Principal;
  query: Q;
  body: B;
  params: P;
}

type Handler<Q, B, P> = (ctx: RouteContext<Q, B, P>) => Promise<Response | unknown>;

const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * The one wrapper for API routes: authenticate (session cookie or Bearer key), authorize, parse query/body/params
 * with zod, call the handler, serialize. Every error leaves as problem+json with the invalid fields.
 */
export function apiRoute<Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
  spec: RouteSpec<Q, B, P>,
  handler: Handler<z.infer<Q>, z.infer<B>, z.infer<P>>,
) {
  return async (req: Request, routeCtx?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const instance = new URL(req.url).pathname;
    try {
      // During a known outage, answer 503 after one shared probe instead of each request waiting out a connect timeout.
      if (spec.auth !== "public" && databaseKnownDown() && !(await databaseReachable())) throw serviceUnavailable(DB_RETRY_AFTER_SECONDS);
      const principal = await authenticate(req, spec);
      const params = spec.params ? parseInput(spec.params, (await routeCtx?.params) ?? {}, "") : undefined;
      const query = spec.query ? parseInput(spec.query, Object.fromEntries(new URL(req.url).searchParams), "") : undefined;
      const body = spec.body ? parseInput(spec.body, await readJson(req, spec.maxBodyBytes ?? DEFAULT_MAX_BODY), "") : undefined;
      const result = await handler({ req, principal: principal as Principal, query, body, params } as RouteContext<z.infer<Q>, z.infer<B>, z.infer<P>>);
      return result instanceof Response ? result : json(result);
    } catch (err) {
      if (err instanceof AppError) return problemResponse(err, instance);
      if (isDatabaseUnavailable(err) || (await confirmDatabaseDown().catch(() => false))) {
        // An outage, not a bug: 503 + Retry-After (the batch was not stored, so the client resends it as is).
        reportDatabaseDown();
        console.error(`[api] ${req.method} ${instance}: database unreachable (${(err as Error)?.message ?? err})`);
        return problemResponse(serviceUnavailable(DB_RETRY_AFTER_SECONDS), instance);
      }
      console.error(`[api] ${req.method} ${instance}`, err);
      return internalErrorResponse(instance);
    }
  };
}

async function authenticate(req: Request, spec: { auth: AuthMode; scopes?: string[]; authorize?: (p: Principal) => boolean }) {
  if (spec.auth === "public") return null;
  const authorization = req.headers.get("authorization");
  let principal: Principal | null = null;
  if (authorization && spec.auth !== "session") {
    principal = await principalFromAuthorization(authorization);
    if (!principal) throw unauthorized("The API key is missing, malformed, unknown or revoked.");
    if (spec.scopes && !spec.scopes.some((s) => (principal as { scopes: string[] }).scopes.includes(s))) {
      throw forbidden(`This API key lacks the required scope (${spec.scopes.join(" or ")}).`);
    }
  } else if (spec.auth !== "key") {
    principal = await getSession();
  }
  if (!principal) throw unauthorized();
  if (spec.authorize && !spec.authorize(principal)) throw forbidden();
  return principal;
}

/** Reads a JSON body with a hard size cap (streams, so a huge body is refused without buffering it all). */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge(`Body is larger than ${maxBytes} bytes.`);
  const text = await readText(req, maxBytes);
  if (!text.trim()) throw badRequest("The request body is empty; send JSON.", [{ path: "(body)", message: "required" }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest(`The body is not valid JSON: ${(e as Error).message}`, [{ path: "(body)", message: "invalid JSON" }]);
  }
  assertStorable(value); // NUL, lone surrogates, 1e400 and deep nesting: a 400 naming the field, never a 500
  return value;
}

export async function readText(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(`Body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const why = unstorableTextReason(text); // decoded UTF-8 has no lone surrogates: this is NUL
  if (why) {
    const line = text.slice(0, text.indexOf("\u0000")).split("\n").length;
    throw badRequest(`The body ${why} (line ${line}).`, [{ path: "(body)", message: `${why} (line ${line})` }]);
  }
  return text;
}

/**
 * JSON response; bigint serializes as a decimal string so no JSON number ever loses digits. Plain stringify first (a
 * replacer function costs a call per value, milliseconds on a 1,000-event ingest answer); only a payload holding a
 * bigint, which plain stringify refuses with a TypeError, goes through the replacer.
 */
export function json(data: unknown, init: ResponseInit = {}): Response {
  let body: string;
  try {
    body = JSON.stringify(data);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    body = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  }
  return new Response(body, { ...init, headers: { "content-type": "application/json", ...(init.headers ?? {}) } });
}
