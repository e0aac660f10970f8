import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { env, setEnv } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export const DATA_DIR = path.resolve(import.meta.dirname, "..", ".data");
export const EMBEDDED_STATE = path.join(DATA_DIR, "embedded.json");

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
 * .data/embedded.json), or one started in this process for the duration of the command.
 */
export async function connectDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const configured = env().DATABASE_URL;
  if (configured) return { url: configured, close: async () => undefined };
  if (existsSync(EMBEDDED_STATE)) {
    const state = JSON.parse(readFileSync(EMBEDDED_STATE, "utf8")) as { url: string; pid: number };
    if (processAlive(state.pid)) {
      setEnv({ DATABASE_URL: state.url, SPENDSCOPE_EMBEDDED_DB: "1" });
      return { url: state.url, close: async () => undefined };
    }
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "pglite") });
  setEnv({ DATABASE_URL: embedded.url, SPENDSCOPE_EMBEDDED_DB: "1" });
  return { url: embedded.url, close: () => embedded.stop() };
}
