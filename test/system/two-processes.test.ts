/**
 * Two production servers on one PostgreSQL database, as behind a load balancer: no per-process state may change
 * an answer. Ingestion split between them gives exact totals (both answer the same), each budget threshold
 * crossed gives exactly one email although both processes run the alert worker, and the ingest rate limit is
 * one allowance shared by both. Needs a PostgreSQL server (the embedded database is one process): skipped when
 * DATABASE_URL is unset. Ports 3170-3171.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/audit/log";
import { createBudget, createRule } from "@/lib/alerts/service";
import { startSmtpSink, type SmtpSink } from "@/lib/alerts/smtp-sink";
import { db } from "@/lib/db/client";
import { setEnv } from "@/lib/env";
import { dec } from "@/lib/money/decimal";
import { createApiKey, createTeam } from "@/lib/org/service";
import { adminOf } from "../integration/alerts-fixtures";
import { publishSnapshot, wireEvent } from "../integration/ingest-fixtures";
import { startAppServer, type AppServer } from "../support/app-server";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";

const RATE_LIMIT = 10; // requests per minute per key: refills one token every 6 s
const EVENT_COST = "0.05318"; // gpt-image-2, 100 text input + 1,756 image output tokens (2026-06-11 rates)
const RECIPIENT = "finance@alpha.test";

type Json = Record<string, any>;

async function post(server: AppServer, path: string, key: string, body: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  const json = (await r.json()) as Json;
  return { status: r.status, json };
}

async function costs(server: AppServer, key: string, team: string): Promise<Json> {
  const r = await fetch(`${server.url}/api/v1/costs?groupBy=team&team=${team}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(r.status).toBe(200);
  return (await r.json()) as Json;
}

/** `n` events of `team` stamped a second ago (inside today's budget period). */
function batch(prefix: string, n: number, team = "alpha"): Json {
  const timestamp = new Date(Date.now() - 1_000).toISOString();
  return { events: Array.from({ length: n }, (_, i) => wireEvent({ id: `${prefix}-${i}`, timestamp, team })) };
}

const mailsTo = (sink: SmtpSink) => sink.messages.filter((m) => m.to.includes(RECIPIENT));

describe.skipIf(!process.env.DATABASE_URL)("two server processes on one database", () => {
  let fresh: FreshDatabase;
  let sink: SmtpSink;
  let a: AppServer;
  let b: AppServer;
  const keys = { stage1: "", stage2: "", read: "", limited: "" };

  beforeAll(async () => {
    fresh = await createFreshDatabase("spendscope_two_processes");
    setEnv({ DATABASE_URL: fresh.url });
    // The organization exists before the servers start, so no demo data is seeded.
    const org = await db().organization.create({ data: { name: "Two processes", timeZone: "UTC" } });
    for (const slug of ["alpha", "beta"]) await createTeam(org.id, { slug, name: slug }, CLI_ACTOR);
    await publishSnapshot(org.id);
    const key = async (scopes: string[]) =>
      (await createApiKey(org.id, { name: "system", team: null, scopes }, CLI_ACTOR)).key;
    keys.stage1 = await key(["ingest"]);
    keys.stage2 = await key(["ingest"]);
    keys.limited = await key(["ingest"]);
    keys.read = await key(["read"]);
    // 200 events of 0.05318 = 10.636: the first 100 cross 50 % of 10.00, the next 100 cross 100 %.
    const admin = adminOf(org.id);
    const budget = await createBudget(admin, { name: "Alpha daily", period: "day", amount: "10", team: "alpha" });
    await createRule(admin, {
      name: "Alpha budget",
      metric: "spend",
      budgetId: budget.id,
      config: { unit: "percent_of_budget", thresholds: ["50", "100"] },
      recipients: [RECIPIENT],
    });

    sink = await startSmtpSink();
    const env = { SMTP_URL: sink.url, INGEST_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), SPENDSCOPE_WORKER: "1" };
    [a, b] = await Promise.all([
      startAppServer({ port: 3170, databaseUrl: fresh.url, env }),
      startAppServer({ port: 3171, databaseUrl: fresh.url, env }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sink?.stop();
    await db().$disconnect();
    await fresh?.drop();
  });

  it("splits ingestion: exact totals, the same answer from both processes, one email per threshold", async () => {
    // Stage 1: four batches of 25, two to each process at once, then every batch replayed to the other process.
    const stage1 = ["s1a", "s1b", "s1c", "s1d"].map((p) => batch(p, 25));
    const first = await Promise.all(stage1.map((body, i) => post(i % 2 ? b : a, "/api/v1/usage", keys.stage1, body)));
    expect(first.map((r) => [r.status, r.json.inserted])).toEqual(Array(4).fill([200, 25]));
    const replays = await Promise.all(stage1.map((body, i) => post(i % 2 ? a : b, "/api/v1/usage", keys.stage2, body)));
    expect(replays.map((r) => [r.status, r.json.duplicates])).toEqual(Array(4).fill([200, 25]));
    await expect.poll(() => mailsTo(sink).length, { timeout: 60_000, interval: 250 }).toBe(1);
    expect(mailsTo(sink)[0].subject).toMatch(/: 50% of budget reached/);

    // Stage 2: another 100 events, again split, crosses 100 %.
    const stage2 = ["s2a", "s2b", "s2c", "s2d"].map((p) => batch(p, 25));
    const second = await Promise.all(stage2.map((body, i) => post(i % 2 ? a : b, "/api/v1/usage", keys.stage2, body)));
    expect(second.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await expect.poll(() => mailsTo(sink).length, { timeout: 60_000, interval: 250 }).toBe(2);

    // Exact totals: 200 events at 0.05318, whichever process answers.
    const perEvent = [...first, ...second].flatMap((r) => r.json.events.map((e: Json) => e.cost as string));
    expect(perEvent).toHaveLength(200);
    expect(perEvent.reduce((s, c) => s.plus(c), dec(0)).eq(dec(EVENT_COST).times(200))).toBe(true);
    const [fromA, fromB] = await Promise.all([costs(a, keys.read, "alpha"), costs(b, keys.read, "alpha")]);
    expect(fromA.total).toEqual(fromB.total);
    expect(fromA.total.events).toBe(200);
    expect(dec(fromA.total.cost).eq("10.636")).toBe(true);

    // Both workers have evaluated the crossings (each hears the other's ingestion): still one mail per threshold
    // and one claimed firing per threshold, after a last pair of batches makes both evaluate once more.
    await Promise.all([
      post(a, "/api/v1/usage", keys.stage2, batch("s3a", 1)),
      post(b, "/api/v1/usage", keys.stage2, batch("s3b", 1)),
    ]);
    await new Promise((r) => setTimeout(r, 6_000)); // > the 2 s debounce of both workers: their passes have run
    expect(mailsTo(sink)).toHaveLength(2);
    expect(mailsTo(sink)[1].subject).toMatch(/: 100% of budget reached/);
    const firings = await db().alertFiring.findMany();
    expect(firings.map((f) => Number(f.threshold.toString())).sort((x, y) => x - y)).toEqual([50, 100]);
  });

  it("enforces one rate limit across both processes", async () => {
    // 30 requests at once, 15 to each process. Per-process limits would admit 20; the shared bucket admits its
    // 10 plus what refills while the requests run (one per 6 s).
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post(i % 2 ? b : a, "/api/v1/usage", keys.limited, batch(`rl-${i}`, 1, "beta")),
      ),
    );
    const refilled = Math.ceil((Date.now() - started) / 6_000);
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(ok.length + limited.length).toBe(30);
    expect(ok.length).toBeGreaterThanOrEqual(RATE_LIMIT);
    expect(ok.length).toBeLessThanOrEqual(RATE_LIMIT + refilled);
    expect(ok.length).toBeLessThan(2 * RATE_LIMIT);
    expect(limited[0].json).toMatchObject({ status: 429, title: "Too many requests" });
    // Refused requests stored nothing.
    const beta = await costs(a, keys.read, "beta");
    expect(beta.total.events).toBe(ok.length);
  });
});
