/**
 * The production build over HTTP (`next build` first; NEXT_DIST_DIR selects it), one server process on port 3172
 * started by scripts/start.js (test/support/app-server.ts) on the bench database:
 *  - page server render: every spend page and the budgets page, signed in (next-auth credentials), full body;
 *  - budget-check over HTTP with a read key;
 *  - ingestion: 4 clients POSTing 1,000-event batches to /api/v1/usage, against PostgreSQL COPY of the very
 *    same stored rows into a scratch table with usage_events' definition (LIKE ... INCLUDING ALL), same run;
 *    then every batch replayed (all duplicates);
 *  - the server's memory: RSS of every process in its group sampled every 200 ms throughout.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import { CLI_ACTOR } from "../lib/audit/log";
import { db } from "../lib/db/client";
import { createApiKey, createTeam, createUser } from "../lib/org/service";
import { addDays } from "../lib/time/calendar";
import { startAppServer, type AppServer } from "../test/support/app-server";
import { publishRateCard } from "./dataset";
import { percentile, type Bench, type BenchContext, type Figure, type Shape } from "./types";

/** BENCH_HTTP_PORT picks another port (several checkouts benchmarking on one machine). */
const PORT = Number(process.env.BENCH_HTTP_PORT ?? 3172);
const CLIENTS = 4;
const BATCH = 1000;
const PASSWORD = "bench-password-0123";
const round = (x: number) => Math.round(x * 10) / 10;

/** RSS (MB) of every process in the server's process group, sampled until stopped. */
function rssSampler(server: AppServer) {
  let maxMb = 0;
  let samples = 0;
  const sample = () => {
    const leader = server.pid();
    if (!leader) return;
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
        if (pgrp !== leader) continue;
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        maxMb = Math.max(maxMb, kb / 1024);
      } catch {
        // the process exited between listing and reading
      }
    }
    samples++;
  };
  const timer = setInterval(sample, 200);
  return { stop: () => (clearInterval(timer), { maxMb: Math.round(maxMb), samples }) };
}

async function signIn(url: string, email: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const r = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `${url}/`, json: "true" }),
  });
  const session = r.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed for ${email} (${r.status})`);
  return [...cookies, session].join("; ");
}

async function timeGet(url: string, cookie: string): Promise<number> {
  const t = performance.now();
  const r = await fetch(url, { headers: { cookie }, redirect: "manual" });
  await r.text();
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
  return performance.now() - t;
}

function wireBatch(prefix: string, n: number, now: number): string {
  const models = ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini", "gpt-4.1-mini"];
  const events = Array.from({ length: n }, (_, i) => {
    const model = models[i % models.length];
    const vision = model === "gpt-4.1-mini";
    return {
      id: `${prefix}-${i}`,
      timestamp: new Date(now - ((i * 7919) % 86_400_000)).toISOString(),
      team: `team-${i % 6}`,
      feature: `feature-${i % 30}`,
      workflow: vision ? "vision_analysis" : i % 3 === 0 ? "image_edit" : "text_to_image",
      model,
      usage: vision
        ? { textInputTokens: 300 + (i % 50), cachedTextInputTokens: 100, imageInputTokens: 765, textOutputTokens: 120 }
        : {
            textInputTokens: 80 + (i % 40),
            imageInputTokens: i % 3 === 0 ? 323 : 0,
            imageOutputTokens: [272, 1056, 4160][i % 3],
          },
      images: vision ? undefined : 1,
      size: vision ? undefined : "1024x1024",
      quality: vision ? undefined : ["low", "medium", "high"][i % 3],
      batch: i % 10 === 0,
      attempt: 1 + (i % 7 === 0 ? 1 : 0),
      outcome: i % 9 === 0 ? "rejected" : "accepted",
    };
  });
  return JSON.stringify({ events });
}

/** Sends every body with `CLIENTS` concurrent clients; returns events/s and the statuses seen. */
async function ingest(url: string, key: string, bodies: string[], expect: "inserted" | "duplicates"): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
        const r = await fetch(`${url}/api/v1/usage`, { method: "POST", headers, body });
        const json = (await r.json()) as { inserted?: number; duplicates?: number };
        if (r.status !== 200 || json[expect] !== BATCH) {
          throw new Error(`ingest: ${r.status} ${JSON.stringify(json).slice(0, 300)}`);
        }
      }
    }),
  );
  return (bodies.length * BATCH) / ((performance.now() - t) / 1000);
}

/** COPY of the organization's stored rows (read into memory first) into a scratch copy of usage_events: rows/s. */
async function copyRate(databaseUrl: string, orgId: string): Promise<{ rowsPerSecond: number; rows: number }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const chunks: Buffer[] = [];
    const collect = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await pipeline(c.query(copyTo(`COPY (SELECT * FROM usage_events WHERE org_id = '${orgId}') TO STDOUT`)), collect);
    await c.query("DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE usage_events INCLUDING ALL)");
    const t = performance.now();
    const stream = c.query(copyFrom("COPY bench_copy FROM STDIN"));
    await pipeline(Readable.from(chunks), stream);
    const seconds = (performance.now() - t) / 1000;
    const rows = Number(stream.rowCount);
    await c.query("DROP TABLE bench_copy");
    return { rowsPerSecond: rows / seconds, rows };
  } finally {
    await c.end();
  }
}

export const bench: Bench = {
  name: "http",
  description: "production build over HTTP: page render, budget-check, ingestion vs COPY, replay, server RSS",
  async run(ctx: BenchContext) {
    const dist = path.resolve(import.meta.dirname, "..", process.env.NEXT_DIST_DIR ?? ".next");
    if (!existsSync(path.join(dist, "BUILD_ID"))) {
      throw new Error(`no production build in ${dist}: run \`npx next build\` first`);
    }
    const figures: Figure[] = [];
    const users: Partial<Record<Shape, string>> = {};
    for (const shape of Object.keys(ctx.datasets) as Shape[]) {
      const email = `admin-${shape}@bench.test`;
      await createUser(ctx.datasets[shape].orgId, { email, role: "admin", password: PASSWORD }, CLI_ACTOR);
      users[shape] = email;
    }
    // The ingestion target: its own organization, so the view datasets stay as built.
    const org = await db().organization.create({ data: { name: "Bench ingest", timeZone: "UTC" } });
    for (let i = 0; i < 6; i++) await createTeam(org.id, { slug: `team-${i}`, name: `Team ${i}` }, CLI_ACTOR);
    await publishRateCard(org.id);
    const ingestKey = (await createApiKey(org.id, { name: "bench", team: null, scopes: ["ingest"] }, CLI_ACTOR)).key;

    ctx.log("  starting the production server");
    const env = { INGEST_RATE_LIMIT_PER_MINUTE: "1000000" };
    const server = await startAppServer({ port: PORT, databaseUrl: ctx.databaseUrl, env });
    const rss = rssSampler(server);
    try {
      for (const shape of Object.keys(ctx.datasets) as Shape[]) {
        const ds = ctx.datasets[shape];
        const cookie = await signIn(server.url, users[shape]!);
        const q = `?from=${addDays(ds.lastDay, -29)}&to=${ds.lastDay}`;
        const paths = [
          "/",
          "/teams",
          "/teams/team-1",
          "/features",
          "/features/feature-1-1",
          "/models",
          "/models/gpt-image-2",
          "/workflows",
          "/workflows/analysis_then_generate",
        ].map((p) => p + q);
        paths.push("/alerts");
        for (const p of paths) {
          await timeGet(server.url + p, cookie); // compile-free warm-up (caches, JIT)
          const times: number[] = [];
          for (let i = 0; i < 10; i++) times.push(await timeGet(server.url + p, cookie));
          ctx.log(`  ${shape} render ${p.split("?")[0]}: p95 ${round(percentile(times, 95))} ms`);
          figures.push({
            name: `${shape} · render ${p.split("?")[0]}`,
            value: round(percentile(times, 95)),
            unit: "ms p95",
            targets: [{ on: "value", op: "<", value: 300, label: "p95 < 300 ms" }],
            note: `p50 ${round(percentile(times, 50))} ms, 10 runs`,
          });
        }
        const readKey = (await createApiKey(ds.orgId, { name: "read", team: null, scopes: ["read"] }, CLI_ACTOR)).key;
        const checks: number[] = [];
        for (let i = 0; i < 101; i++) {
          const t = performance.now();
          const r = await fetch(`${server.url}/api/v1/budget-check`, {
            method: "POST",
            headers: { authorization: `Bearer ${readKey}`, "content-type": "application/json" },
            body: JSON.stringify({ team: "team-1", feature: "feature-1-1", estimatedCost: "0.05" }),
          });
          await r.text();
          if (i > 0) checks.push(performance.now() - t);
        }
        figures.push({
          name: `${shape} · POST /api/v1/budget-check (HTTP)`,
          value: round(percentile(checks, 95)),
          unit: "ms p95",
          targets: [{ on: "value", op: "<", value: 20, label: "p95 < 20 ms" }],
          note: `p50 ${round(percentile(checks, 50))} ms, key auth included`,
        });
      }

      const batches = ctx.events >= 1_000_000 ? 100 : 40;
      const now = Date.now() - 60_000;
      const bodies = Array.from({ length: batches }, () => wireBatch(randomUUID().slice(0, 8), BATCH, now));
      await ingest(server.url, ingestKey, [wireBatch("warm", BATCH, now)], "inserted");
      ctx.log(`  ingesting ${batches} batches of ${BATCH} with ${CLIENTS} clients`);
      const httpRate = await ingest(server.url, ingestKey, bodies, "inserted");
      const replayRate = await ingest(server.url, ingestKey, bodies, "duplicates");
      const copy = await copyRate(ctx.databaseUrl, org.id);
      figures.push({
        name: `ingest over HTTP (${CLIENTS} clients, ${BATCH}-event batches, ${batches * BATCH} events)`,
        value: Math.round(httpRate),
        unit: "events/s",
        baseline: { name: `COPY of the same ${copy.rows} stored rows, rows/s`, value: Math.round(copy.rowsPerSecond) },
        ratio: round((httpRate / copy.rowsPerSecond) * 100) / 100,
        targets: [{ on: "ratio", op: ">=", value: 0.5, label: "≥ 0.5× COPY" }],
      });
      figures.push({
        name: "replay of the same batches (all duplicates)",
        value: Math.round(replayRate),
        unit: "events/s",
        baseline: { name: "first ingestion, events/s", value: Math.round(httpRate) },
        ratio: round((replayRate / httpRate) * 100) / 100,
        targets: [{ on: "ratio", op: ">=", value: 1, label: "≥ 1× ingestion" }],
      });
    } finally {
      const r = rss.stop();
      figures.push({
        name: "server RSS, max over the whole HTTP bench",
        value: r.maxMb,
        unit: "MB",
        targets: [{ on: "value", op: "<", value: 512, label: "< 512 MB" }],
        note: `largest process of the server's group, ${r.samples} samples`,
      });
      await server.stop();
    }
    return figures;
  },
};
