/**
 * `npm run bench [-- --events N] [--shapes dense,sparse] [--json FILE] [name ...]`: builds the datasets
 * (bench/dataset.ts; default 200,000 events per shape) in a fresh, migrated database on DATABASE_URL's server,
 * runs every bench/*.bench.ts (or those named) and prints one table: each figure next to its same-run baseline,
 * the ratio and the targets. `--json FILE` also writes the results. Add a benchmark by dropping a file that
 * exports `bench: Bench` (see bench/types.ts) next to this one.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { execSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createFreshDatabase } from "../test/support/fresh-database";
import { setEnv } from "../lib/env";
import { buildDataset } from "./dataset";
import { met, type Bench, type DatasetInfo, type Figure, type Shape } from "./types";

const { values, positionals } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    shapes: { type: "string", default: "dense,sparse" },
    json: { type: "string" },
    keep: { type: "boolean" },
  },
  allowPositionals: true,
});
const events = Number(values.events);
if (!Number.isInteger(events) || events < 1000) throw new Error("--events must be a whole number of at least 1000");
const shapes = values.shapes!.split(",").map((s) => s.trim()) as Shape[];
if (shapes.some((s) => s !== "dense" && s !== "sparse")) throw new Error("--shapes takes dense and/or sparse");
if (!process.env.DATABASE_URL) {
  throw new Error("npm run bench needs DATABASE_URL: a PostgreSQL server (the embedded database is no bench target)");
}

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort();
const benches: Bench[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { bench?: Bench };
  if (mod.bench && (positionals.length === 0 || positionals.includes(mod.bench.name))) benches.push(mod.bench);
}
if (benches.length === 0) {
  console.error(`no benchmark matches ${positionals.join(", ")}; available: ${files.join(", ")}`);
  process.exit(1);
}

const log = (l: string) => process.stderr.write(`${l}\n`);
const load = () => loadavg().map((x) => x.toFixed(1)).join(" / ");
const loadAtStart = load();
const fresh = await createFreshDatabase("spendscope_bench", { keep: values.keep });
setEnv({ DATABASE_URL: fresh.url, SPENDSCOPE_EMBEDDED_DB: "0" });
const commit = (() => {
  try {
    const git = (args: string) => execSync(`git ${args}`, { cwd: dir }).toString().trim();
    return git("rev-parse --short HEAD") + (git("status --porcelain") ? "+dirty" : "");
  } catch {
    return "unknown";
  }
})();
const cpu = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`;
const machine = `${cpu}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`;
let failed = false;
const results: Array<{ bench: string; figures: Figure[]; error?: string }> = [];
const datasets = {} as Record<Shape, DatasetInfo>;
try {
  for (const shape of shapes) {
    log(`building the ${shape} dataset (${events.toLocaleString("en-US")} events)`);
    datasets[shape] = await buildDataset(shape, events, log);
    const d = datasets[shape];
    const built = `built in ${(d.buildMs / 1000).toFixed(1)} s; rollup rows ${JSON.stringify(d.rollupRows)}`;
    log(`  ${shape}: ${d.teams} teams, ${d.features} features, ${d.models} models; ${built}`);
  }
  for (const b of benches) {
    log(`\n=== ${b.name}: ${b.description}`);
    try {
      results.push({ bench: b.name, figures: await b.run({ events, datasets, databaseUrl: fresh.url, log }) });
    } catch (err) {
      failed = true;
      results.push({ bench: b.name, figures: [], error: String((err as Error).stack ?? err) });
      console.error(`  FAILED: ${(err as Error).stack ?? err}`);
    }
  }
} finally {
  const { db } = await import("../lib/db/client");
  await db().$disconnect().catch(() => undefined);
  await fresh.drop();
}

printTable();
if (values.json) {
  const at = new Date().toISOString();
  const report = { commit, machine, loadAtStart, loadAtEnd: load(), events, shapes, at, datasets, results };
  writeFileSync(values.json, JSON.stringify(report, null, 2));
  console.log(`\nresults written to ${values.json}`);
}
process.exit(failed ? 1 : 0);

function printTable() {
  const fmt = (x: number | undefined) =>
    x === undefined || Number.isNaN(x) ? "" : x >= 1000 ? Math.round(x).toLocaleString("en-US") : String(x);
  console.log(`\nSpendscope bench · commit ${commit} · ${machine}`);
  console.log(`datasets: ${events.toLocaleString("en-US")} events per shape over 365 days (${shapes.join(", ")})`);
  console.log(`load average (1/5/15 min) at start ${loadAtStart}, at end ${load()}`);
  for (const r of results) {
    console.log(`\n## ${r.bench}${r.error ? " (FAILED, see above)" : ""}`);
    const rows = r.figures.map((f) => [
      f.name,
      `${fmt(f.value)} ${f.unit}`,
      f.baseline ? `${fmt(f.baseline.value)} (${f.baseline.name})` : "",
      f.ratio === undefined ? "" : `${fmt(f.ratio)}×`,
      (f.targets ?? []).map((t) => `${met(f, t) ? "ok" : "MISS"} ${t.label}`).join("; "),
      f.note ?? "",
    ]);
    const head = ["figure", "value", "baseline (same run)", "ratio", "targets", "note"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ").trimEnd();
    console.log(line(head));
    console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
    for (const row of rows) console.log(line(row));
  }
}
