/**
 * `npm run bench [name ...]`: runs every bench/*.bench.ts (or those named) against a fresh, migrated database
 * created on DATABASE_URL's server (embedded PostgreSQL when unset) and prints its figures. Add a benchmark by
 * dropping a file that exports `bench: Bench` (see bench/types.ts) next to this one.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createFreshDatabase } from "../test/support/fresh-database";
import { setEnv } from "../lib/env";
import type { Bench } from "./types";

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort();
const benches: Bench[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { bench?: Bench };
  if (mod.bench && (wanted.length === 0 || wanted.includes(mod.bench.name))) benches.push(mod.bench);
}
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(", ") || "(any)"}; available: ${files.join(", ")}`);
  process.exit(1);
}

const fresh = await createFreshDatabase("spendscope_bench");
setEnv({ DATABASE_URL: fresh.url, SPENDSCOPE_EMBEDDED_DB: fresh.serverUrl ? "0" : "1" });
let failed = false;
try {
  for (const b of benches) {
    console.log(`\n=== ${b.name}: ${b.description}`);
    try {
      const r = await b.run();
      for (const [k, v] of Object.entries(r.metrics)) console.log(`  ${k.padEnd(40)} ${v}`);
      for (const n of r.notes ?? []) console.log(`  ${n}`);
    } catch (err) {
      failed = true;
      console.error(`  FAILED: ${(err as Error).stack ?? err}`);
    }
  }
} finally {
  const { db } = await import("../lib/db/client");
  await db().$disconnect().catch(() => undefined);
  await fresh.drop();
}
process.exit(failed ? 1 : 0);
