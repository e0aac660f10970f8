/**
 * The production build over HTTP (`next build` first; NEXT_DIST_DIR selects it), one server process on port 3172
 * started by scripts/start.js (test/support/app-server.ts) on the bench database:
 *  - page server render: every spend page and the budgets page, signed in (next-auth credentials), full body;
 *  - budget-check over HTTP with a read key;
 *  - (ingestion vs COPY and replay: bench/ingest.bench.ts);
 *  - the server's memory: RSS of every process in its group sampled every 200 ms throughout.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { CLI_ACTOR } from "../lib/audit/log";
import { createApiKey, createUser } from "../lib/org/service";
import { addDays } from "../lib/time/calendar";
import { startAppServer, type AppServer } from "../test/support/app-server";
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

export const bench: Bench = {
  name: "http",
  description: "production build over HTTP: page render, budget-check, server RSS",
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
