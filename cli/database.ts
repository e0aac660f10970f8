import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { env, setEnv } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export function dataDir(): string {
  return path.resolve(env().SPENDSCOPE_DATA_DIR ?? path.join(import.meta.dirname, "..", ".data"));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * DATABASE_URL when set. Otherwise the embedded database: the one a running `npm start` serves (its address is in
 * <data dir>/embedded.json), or one started in this process for the duration of the command.
 */
export async function connectDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const configured = env().DATABASE_URL;
  if (configured) return { url: configured, close: async () => undefined };
  const state = path.join(dataDir(), "embedded.json");
  if (existsSync(state)) {
    const s = JSON.parse(readFileSync(state, "utf8")) as { url: string; pid: number };
    if (processAlive(s.pid)) {
      setEnv({ DATABASE_URL: s.url, SPENDSCOPE_EMBEDDED_DB: "1" });
      return { url: s.url, close: async () => undefined };
    }
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir(), "pglite") });
  setEnv({ DATABASE_URL: embedded.url, SPENDSCOPE_EMBEDDED_DB: "1" });
  return { url: embedded.url, close: () => embedded.stop() };
}
