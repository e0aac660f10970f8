import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The production build (`next build` first; NEXT_DIST_DIR selects it) served by scripts/start.js as a child process
 * on a loopback port, for tests that need a real server they can kill, restart or run twice on one database.
 * `stop()` sends SIGTERM and waits; `kill()` sends SIGKILL (a crash); `restart()` starts it again with the same
 * settings. The output is kept for diagnosis.
 */
export interface AppServer {
  url: string;
  port: number;
  output(): string;
  /** Process id of scripts/start.js, the leader of the server's process group (null when not running). */
  pid(): number | null;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export interface AppServerOptions {
  port: number;
  databaseUrl: string;
  /** Seed the demo organization (start.js does so only when asked). */
  demo?: boolean;
  env?: Record<string, string>;
  /** How long to wait for /api/health to answer (ms). */
  startTimeoutMs?: number;
}

const root = path.resolve(import.meta.dirname, "../..");

export async function startAppServer(opts: AppServerOptions): Promise<AppServer> {
  const url = `http://127.0.0.1:${opts.port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "spendscope-app-"));
  let child: ChildProcess | null = null;
  let log = "";

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port),
    APP_URL: url,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: "test-secret-for-app-server-0123456789abcdef",
    SPENDSCOPE_DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl,
    SPENDSCOPE_DEMO: opts.demo ? "1" : "0",
    LOGIN_THROTTLE_BASE_MS: "200",
    INGEST_RATE_LIMIT_PER_MINUTE: "100000",
    ...(opts.env ?? {}),
  };

  async function launch() {
    log = "";
    const c = spawn(process.execPath, [path.join(root, "scripts/start.js")], {
      cwd: root,
      env: env as NodeJS.ProcessEnv, // Next.js declares NODE_ENV required; start.js sets it
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group: kill() takes next start with it
    });
    c.stdout!.on("data", (d) => (log += d));
    c.stderr!.on("data", (d) => (log += d));
    child = c;
    const deadline = Date.now() + (opts.startTimeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      if (c.exitCode !== null) throw new Error(`app server exited (${c.exitCode}):\n${log}`);
      try {
        const r = await fetch(`${url}/api/health`);
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`app server did not become healthy on ${url}:\n${log}`);
  }

  async function signal(sig: NodeJS.Signals) {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    try {
      process.kill(-c.pid!, sig);
    } catch {
      c.kill(sig);
    }
    await exited;
    // SIGKILL of the group leaves nothing; after SIGTERM give next a moment to release the port.
    await new Promise((r) => setTimeout(r, 200));
  }

  await launch();
  return {
    url,
    port: opts.port,
    output: () => log,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null),
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
    restart: async () => {
      await signal("SIGTERM");
      await launch();
    },
  };
}
