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
  useGeneratedSecret();
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

/**
 * Without NEXTAUTH_SECRET, the secret `npm start` generated into the data directory: a CLI worker then opens the
 * webhook signing secrets the web server sealed (lib/alerts/webhook-secret.ts).
 */
function useGeneratedSecret(): void {
  if (env().NEXTAUTH_SECRET) return;
  const file = path.join(dataDir(), "secret");
  if (existsSync(file)) setEnv({ NEXTAUTH_SECRET: readFileSync(file, "utf8").trim() });
}
