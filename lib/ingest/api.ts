import type { KeyPrincipal, Principal } from "@/lib/auth/permissions";
import { badRequest, tooManyRequests } from "@/lib/api/errors";
import { readJson } from "@/lib/api/route";
import { MAX_BATCH_EVENTS, validateBatch } from "./event-schema";
import { env } from "@/lib/env";
import { takeIngestToken } from "./rate-limit";
import { IngestRejected, ingestEvents, type IngestResult } from "./service";

/** Largest accepted `POST /api/v1/usage` body: 5 MB. */
export const MAX_USAGE_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Refuses the request (429 + Retry-After) when the key is past its per-minute allowance, counted across every
 * app process (the bucket lives in PostgreSQL).
 */
export async function enforceIngestRateLimit(principal: Principal): Promise<void> {
  const key = principal.kind === "key" ? `key:${principal.keyId}` : `user:${principal.userId}`;
  const r = await takeIngestToken(key);
  if (!r.ok) {
    const perMinute = env().INGEST_RATE_LIMIT_PER_MINUTE;
    const wait = r.retryAfterSeconds;
    const detail = `Rate limit of ${perMinute} requests per minute for this API key exceeded; retry after ${wait} s.`;
    throw tooManyRequests(wait, detail);
  }
}

/**
 * The whole `POST /api/v1/usage` (and its dry-run twin): rate limit, read at most 5 MB, validate every event
 * (all errors by index and path), then ingest atomically. Answers one entry per event in request order.
 */
export async function handleUsagePost(req: Request, principal: KeyPrincipal, opts: { dryRun?: boolean; now?: Date } = {}): Promise<IngestResult> {
  await enforceIngestRateLimit(principal);
  const body = await readJson(req, MAX_USAGE_BODY_BYTES);
  const now = opts.now ?? new Date();
  const v = validateBatch(body, now);
  if (!v.ok) {
    const issues = v.errors.map((e) => ({ ...(e.index === null ? {} : { index: e.index }), path: e.path, message: e.message }));
    const bad = new Set(v.errors.filter((e) => e.index !== null).map((e) => e.index)).size;
    const detail = bad > 0
      ? `${bad} event(s) are invalid; nothing was stored. ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join("; ")}${issues.length > 3 ? "; ..." : ""}`
      : `${issues.map((i) => `${i.path}: ${i.message}`).join("; ")} (1 to ${MAX_BATCH_EVENTS} events)`;
    throw new IngestRejected(400, detail, issues);
  }
  // validateBatch collapsed repeated ids with identical content: answer per request position again.
  const raw = (body as { events: Array<{ id: string }> }).events;
  const positionOf = new Map<string, number>();
  raw.forEach((e, i) => {
    if (!positionOf.has(e.id)) positionOf.set(e.id, i);
  });
  const warnings = new Map<string, string[]>();
  for (const w of v.warnings) {
    if (w.index === null) continue;
    const id = raw[w.index].id;
    if (positionOf.get(id) !== w.index) continue; // a collapsed repeat carries the same warnings
    warnings.set(id, [...(warnings.get(id) ?? []), w.message]);
  }
  const result = await ingestEvents(principal.orgId, v.events, {
    source: "api",
    apiKeyId: principal.keyId,
    principal,
    warnings,
    positions: v.events.map((e) => positionOf.get(e.id) as number),
    dryRun: opts.dryRun,
  });
  const byId = new Map(result.events.map((e) => [e.id, e] as const));
  const events = raw.map((e, i) => {
    const r = byId.get(e.id);
    if (!r) throw badRequest(`events[${i}]: internal mismatch`); // unreachable: every valid id was ingested
    return positionOf.get(e.id) === i ? r : { ...r, status: "duplicate" as const };
  });
  const inserted = events.filter((e) => e.status === "inserted").length;
  return { received: raw.length, inserted, duplicates: raw.length - inserted, events };
}
