import { db } from "@/lib/db/client";
import type { PricingSnapshotData } from "@/lib/cost/types";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import type { NormalizedEvent } from "@/lib/ingest/event-schema";
import { emptyTokens, type TokenCounts } from "@/lib/cost/types";
import { rowCreateData } from "@/lib/pricing/store";

/** Publishes a rate card straight into the tables (the pricing service is tested on its own). */
export async function publishSnapshot(orgId: string, data: PricingSnapshotData = OPENAI_2026_06_11, version = 1) {
  return db().pricingSnapshot.create({
    data: {
      orgId,
      name: data.name,
      provider: data.provider,
      version,
      status: "published",
      effectiveFrom: data.effectiveFrom,
      publishedAt: new Date(),
      source: data.source,
      notes: data.notes,
      batchMultiplier: data.batchMultiplier,
      rows: {
        create: data.rows.map((r, position) => rowCreateData(r, position)),
      },
    },
  });
}

/** A normalized event with sensible defaults (for service-level tests that skip HTTP validation). */
export function event(over: Omit<Partial<NormalizedEvent>, "tokens"> & { tokens?: Partial<TokenCounts> } = {}): NormalizedEvent {
  const { tokens, ...rest } = over;
  return {
    id: `evt-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date("2026-11-01T10:15:00Z"),
    team: "alpha",
    feature: "hero-images",
    workflow: "text_to_image",
    stage: null,
    traceId: null,
    model: "gpt-image-2",
    provider: "openai",
    tokens: { ...emptyTokens(), textInput: 100, imageOutput: 1756, ...tokens },
    tokenSource: "usage",
    images: 1,
    size: "1024x1024",
    quality: "medium",
    inputImages: null,
    batch: false,
    attempt: 1,
    outcome: "accepted",
    metadata: null,
    ...rest,
  };
}

/** Raw JSON event as a client sends it. */
export function wireEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `evt-${Math.random().toString(36).slice(2)}`,
    timestamp: "2026-11-01T10:15:00Z",
    team: "alpha",
    feature: "hero-images",
    workflow: "text_to_image",
    model: "gpt-image-2",
    usage: { textInputTokens: 100, imageOutputTokens: 1756 },
    images: 1,
    size: "1024x1024",
    quality: "medium",
    outcome: "accepted",
    ...over,
  };
}

export async function rollupTotals(orgId: string) {
  const [r] = await db().$queryRaw<Array<Record<string, string | null>>>`
    SELECT coalesce(sum(events), 0)::text AS events, coalesce(sum(cost), 0)::text AS cost, coalesce(sum(images), 0)::text AS images,
      coalesce(sum(image_output_tokens), 0)::text AS "imageOutputTokens", coalesce(sum(unpriced_events), 0)::text AS unpriced
    FROM usage_rollup_hourly WHERE org_id = ${orgId}::uuid`;
  return r;
}

export async function eventTotals(orgId: string) {
  const [r] = await db().$queryRaw<Array<Record<string, string | null>>>`
    SELECT count(*)::text AS events, coalesce(sum(cost), 0)::text AS cost FROM usage_events WHERE org_id = ${orgId}::uuid`;
  return r;
}

/** Calls a route handler the way Next.js does. */
export async function call(
  handler: (req: Request) => Promise<Response>,
  opts: { method?: string; path: string; key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> & { [k: string]: any } }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await handler(new Request(`http://spendscope.test${opts.path}`, { method: opts.method ?? "POST", headers, body }));
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : {} };
}

/** Rows where any rollup grain differs from the aggregate of the stored events (empty = exact). */
export async function rollupDrift(orgId: string): Promise<unknown[]> {
  const { findGrainDrift } = await import("@/lib/usage-store/rebuild");
  return findGrainDrift(db(), orgId);
}
