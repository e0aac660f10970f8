import { Decimal } from "@/lib/money/decimal";
import { setEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/audit/log";
import { createApiKey, createTeam, ensureOrganization } from "@/lib/org/service";
import { publishSnapshot } from "../integration/ingest-fixtures";

/**
 * What the system suites need to drive `POST /api/v1/usage` over HTTP and check the result independently: an
 * organization with teams, an org-wide ingest+read key and the seed rate card published; wire events built from
 * small integer token counts; and the expected cost of each event computed here from the rate card's published
 * rates (tokens x rate / 1M, exact in decimal), not by the app's pricing code.
 */

/** USD per 1M tokens of the seed snapshot (OPENAI_2026_06_11) for the two buckets these events use. */
export const TEST_RATES = {
  "gpt-image-2": { textInput: "5", imageOutput: "30" },
  "gpt-image-1": { textInput: "5", imageOutput: "40" },
} as const;
export type TestModel = keyof typeof TEST_RATES;
export const TEST_MODELS = Object.keys(TEST_RATES) as TestModel[];
export const TEST_TEAMS = ["alpha", "beta", "gamma"] as const;

export interface WireEvent {
  id: string;
  timestamp: string;
  team: string;
  feature: string;
  workflow: "text_to_image";
  model: TestModel;
  usage: { textInputTokens: number; imageOutputTokens: number };
  images: number;
  size: string;
  quality: string;
  outcome: "accepted";
}

export interface IngestionOrg {
  orgId: string;
  key: string;
}

/**
 * Points this test process at `databaseUrl` (the direct URL, never a proxy) and creates the organization, teams,
 * key and published pricing. Call before the app server starts (so `start.js` finds a non-empty database).
 */
export async function setUpIngestionOrg(databaseUrl: string, embedded: boolean): Promise<IngestionOrg> {
  setEnv({ DATABASE_URL: databaseUrl, SPENDSCOPE_EMBEDDED_DB: embedded ? "1" : "0", NODE_ENV: "test" });
  const org = await ensureOrganization("Fault tests", "UTC");
  for (const slug of TEST_TEAMS) await createTeam(org.id, { slug, name: slug.toUpperCase() }, CLI_ACTOR);
  const key = await createApiKey(org.id, { name: "fault tests", team: null, scopes: ["ingest", "read"] }, CLI_ACTOR);
  await publishSnapshot(org.id);
  return { orgId: org.id, key: key.key };
}

/**
 * App settings for the embedded database: one connection (as `npm start` uses it), and no background alert worker.
 * This test process and the app then share one PGlite over its socket, and pglite-socket interleaves the
 * extended-protocol messages of concurrent connections outside transactions (`portal "" does not exist`), so the
 * tests read the database only while the app is idle, and nothing in the app runs on its own.
 */
export function embeddedAppEnv(embedded: boolean): Record<string, string> {
  return embedded ? { SPENDSCOPE_EMBEDDED_DB: "1", SPENDSCOPE_WORKER: "0" } : {};
}

/** A deterministic pseudo-random generator (mulberry32), so a failing run can be reproduced from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One event; `variant` changes the token counts (same id, different content = a conflict). */
export function wireEvent(id: string, n: number, at: Date, variant = 0): WireEvent {
  return {
    id,
    timestamp: new Date(at.getTime() - (n % 180) * 60_000).toISOString(),
    team: TEST_TEAMS[n % TEST_TEAMS.length],
    feature: `feature-${n % 4}`,
    workflow: "text_to_image",
    model: TEST_MODELS[n % TEST_MODELS.length],
    usage: { textInputTokens: 10 + (n % 97) + variant * 1000, imageOutputTokens: 1000 + ((n * 37) % 6000) },
    images: 1,
    size: "1024x1024",
    quality: "medium",
    outcome: "accepted",
  };
}

export function expectedCost(e: WireEvent): Decimal {
  const r = TEST_RATES[e.model];
  return new Decimal(e.usage.textInputTokens)
    .mul(r.textInput)
    .add(new Decimal(e.usage.imageOutputTokens).mul(r.imageOutput))
    .div(1_000_000);
}

export interface Totals {
  events: number;
  cost: Decimal;
}

/** "team|model" -> totals, from the events the test expects to be stored. */
export function expectedTotals(events: Iterable<WireEvent>): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const e of events) {
    const k = `${e.team}|${e.model}`;
    const t = out.get(k) ?? { events: 0, cost: new Decimal(0) };
    out.set(k, { events: t.events + 1, cost: t.cost.add(expectedCost(e)) });
  }
  return out;
}

/** Totals as plain strings for a readable toEqual diff. */
export function printable(m: Map<string, Totals>): Record<string, { events: number; cost: string }> {
  const sorted = [...m].sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(sorted.map(([k, t]) => [k, { events: t.events, cost: t.cost.toFixed(12) }]));
}

/** "team|model" totals straight from usage_events and from the hourly rollups. */
export async function storedTotals(
  orgId: string,
): Promise<{ events: Map<string, Totals>; rollups: Map<string, Totals> }> {
  const rows = await db().$queryRaw<Array<{ src: string; team: string; model: string; events: string; cost: string }>>`
    SELECT 'events' AS src, t.slug AS team, e.model, count(*)::text AS events, coalesce(sum(e.cost), 0)::text AS cost
      FROM usage_events e JOIN teams t ON t.id = e.team_id WHERE e.org_id = ${orgId}::uuid GROUP BY t.slug, e.model
    UNION ALL
    SELECT 'rollups', t.slug, r.model, sum(r.events)::text, coalesce(sum(r.cost), 0)::text
      FROM usage_rollup_hourly r JOIN teams t ON t.id = r.team_id
      WHERE r.org_id = ${orgId}::uuid GROUP BY t.slug, r.model`;
  const events = new Map<string, Totals>();
  const rollups = new Map<string, Totals>();
  for (const r of rows) {
    const totals = { events: Number(r.events), cost: new Decimal(r.cost) };
    (r.src === "events" ? events : rollups).set(`${r.team}|${r.model}`, totals);
  }
  return { events, rollups };
}

/** Stored id -> (team slug, model, tokens): checks each event is stored with the content that was acknowledged. */
export async function storedEvents(orgId: string): Promise<Map<string, string>> {
  const rows = await db().$queryRaw<Array<{ id: string; sig: string }>>`
    SELECT e.id, concat_ws('|', t.slug, e.model, e.text_input_tokens, e.image_output_tokens) AS sig
      FROM usage_events e JOIN teams t ON t.id = e.team_id WHERE e.org_id = ${orgId}::uuid`;
  return new Map(rows.map((r) => [r.id, r.sig] as const));
}

export function signature(e: WireEvent): string {
  return [e.team, e.model, e.usage.textInputTokens, e.usage.imageOutputTokens].join("|");
}

/** "team|model" totals from `GET /api/v1/costs` (the view the dashboard reads) over the events' UTC days. */
export async function apiTotals(baseUrl: string, key: string, at: Date): Promise<Map<string, Totals>> {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const from = day(new Date(at.getTime() - 86_400_000));
  const res = await fetch(`${baseUrl}/api/v1/costs?from=${from}&to=${day(at)}&tz=UTC&groupBy=team,model`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (res.status !== 200) throw new Error(`GET /api/v1/costs answered ${res.status}: ${await res.text()}`);
  type Row = { team: string; model: string; events: number | string; cost: string };
  const body = (await res.json()) as { rows: Row[] };
  return new Map(
    body.rows.map((r) => [`${r.team}|${r.model}`, { events: Number(r.events), cost: new Decimal(r.cost) }] as const),
  );
}

export interface PostResult {
  status: number;
  body: Record<string, unknown> & { events?: Array<{ id: string; status: string; cost: string | null }> };
  headers: Headers;
}

/** POSTs a batch; a connection error (server killed) comes back as status 0. */
export async function postUsage(
  baseUrl: string,
  key: string,
  events: readonly WireEvent[],
  timeoutMs = 60_000,
): Promise<PostResult> {
  try {
    const res = await fetch(`${baseUrl}/api/v1/usage`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: PostResult["body"] = {};
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text };
    }
    return { status: res.status, body, headers: res.headers };
  } catch (e) {
    return { status: 0, body: { error: String(e) }, headers: new Headers() };
  }
}
