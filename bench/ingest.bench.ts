/**
 * Ingestion over HTTP against PostgreSQL's own COPY, same run: the production build (`next build` first;
 * NEXT_DIST_DIR selects it), one server process (scripts/start.js via test/support/app-server.ts) on the bench
 * database, port BENCH_INGEST_PORT (default 3173).
 *  - ingestion: 4 clients POSTing 1,000-event batches to /api/v1/usage, into an organization of its own;
 *  - replay: every batch again (all duplicates), against the first ingestion;
 *  - baseline: COPY of the very same stored rows (read back with COPY TO first) into the same partitioned
 *    usage_events, under a scratch organization id (all its partitions and indexes; deleted afterwards).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { CLI_ACTOR } from "../lib/audit/log";
import { db } from "../lib/db/client";
import { createApiKey, createTeam } from "../lib/org/service";
import { startAppServer } from "../test/support/app-server";
import { publishRateCard } from "./dataset";
import type { Bench, BenchContext, Figure } from "./types";

const PORT = Number(process.env.BENCH_INGEST_PORT ?? 3173);
const CLIENTS = 4;
const BATCH = 1000;
const round = (x: number) => Math.round(x * 100) / 100;

/** One request body of `n` events: 6 teams, 30 features, 4 models (image and vision), spread over the last day. */
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

/** Sends every body with `CLIENTS` concurrent clients; returns events/s. */
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

/**
 * COPY of the organization's stored rows (read into memory first) into usage_events itself under a scratch
 * organization id (org_id is the first column of the text format): rows/s. The scratch rows are deleted after.
 */
async function copyRate(databaseUrl: string, orgId: string): Promise<{ rowsPerSecond: number; rows: number }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const scratch = randomUUID();
  try {
    const chunks: Buffer[] = [];
    const collect = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await pipeline(c.query(copyTo(`COPY (SELECT * FROM usage_events WHERE org_id = '${orgId}') TO STDOUT`)), collect);
    const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter((l) => l.startsWith(orgId));
    const text = lines.map((l) => scratch + l.slice(orgId.length)).join("\n") + "\n";
    const t = performance.now();
    const stream = c.query(copyFrom("COPY usage_events FROM STDIN"));
    await pipeline(Readable.from([Buffer.from(text)]), stream);
    const seconds = (performance.now() - t) / 1000;
    return { rowsPerSecond: Number(stream.rowCount) / seconds, rows: Number(stream.rowCount) };
  } finally {
    await c.query(`DELETE FROM usage_events WHERE org_id = '${scratch}'`);
    await c.end();
  }
}

export const bench: Bench = {
  name: "ingest",
  description: "production build over HTTP: ingestion vs COPY of the same rows into the same table, replay",
  async run(ctx: BenchContext) {
    const dist = path.resolve(import.meta.dirname, "..", process.env.NEXT_DIST_DIR ?? ".next");
    if (!existsSync(path.join(dist, "BUILD_ID"))) throw new Error(`no production build in ${dist}: run \`npx next build\` first`);
    const org = await db().organization.create({ data: { name: "Bench ingest", timeZone: "UTC" } });
    for (let i = 0; i < 6; i++) await createTeam(org.id, { slug: `team-${i}`, name: `Team ${i}` }, CLI_ACTOR);
    await publishRateCard(org.id);
    const key = (await createApiKey(org.id, { name: "bench", team: null, scopes: ["ingest"] }, CLI_ACTOR)).key;

    ctx.log("  starting the production server");
    const server = await startAppServer({ port: PORT, databaseUrl: ctx.databaseUrl, env: { INGEST_RATE_LIMIT_PER_MINUTE: "1000000" } });
    const figures: Figure[] = [];
    try {
      const batches = ctx.events >= 1_000_000 ? 100 : 40;
      const now = Date.now() - 60_000;
      const bodies = Array.from({ length: batches }, () => wireBatch(randomUUID().slice(0, 8), BATCH, now));
      await ingest(server.url, key, [wireBatch("warm", BATCH, now)], "inserted");
      ctx.log(`  ingesting ${batches} batches of ${BATCH} with ${CLIENTS} clients`);
      const httpRate = await ingest(server.url, key, bodies, "inserted");
      const replayRate = await ingest(server.url, key, bodies, "duplicates");
      const copy = await copyRate(ctx.databaseUrl, org.id);
      figures.push({
        name: `ingest over HTTP (${CLIENTS} clients, ${BATCH}-event batches, ${batches * BATCH} events)`,
        value: Math.round(httpRate),
        unit: "events/s",
        baseline: { name: `COPY of the same ${copy.rows} stored rows into usage_events, rows/s`, value: Math.round(copy.rowsPerSecond) },
        ratio: round(httpRate / copy.rowsPerSecond),
        targets: [{ on: "ratio", op: ">=", value: 0.5, label: "≥ 0.5× COPY" }],
      });
      figures.push({
        name: "replay of the same batches (all duplicates)",
        value: Math.round(replayRate),
        unit: "events/s",
        baseline: { name: "first ingestion, events/s", value: Math.round(httpRate) },
        ratio: round(replayRate / httpRate),
        targets: [{ on: "ratio", op: ">=", value: 1, label: "≥ 1× ingestion" }],
      });
    } finally {
      await server.stop();
    }
    return figures;
  },
};
