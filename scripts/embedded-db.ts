// Serves the embedded PostgreSQL (PGlite, data in .data/pglite) until killed; prints its URL as the first line.
import { writeFileSync, rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";

const dataDir = path.resolve(process.env.SPENDSCOPE_DATA_DIR ?? path.join(import.meta.dirname, "..", ".data"));
mkdirSync(dataDir, { recursive: true });
const port = Number(process.argv[2] ?? 0);
const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), port });
const state = path.join(dataDir, "embedded.json");
writeFileSync(state, JSON.stringify({ url: db.url, pid: process.pid }));
console.log(db.url);
const stop = async () => {
  rmSync(state, { force: true });
  await db.stop().catch(() => undefined);
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
