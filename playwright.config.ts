import { defineConfig, devices } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * E2E runs against the built app (`next build` first; NEXT_DIST_DIR selects the build) started by scripts/start.js on
 * a fresh database: a new one on DATABASE_URL's server, or embedded PostgreSQL in a temporary data dir. start.js
 * migrates and seeds the demo (SPENDSCOPE_DEMO=1). Mail goes to an SMTP capture server started in global-setup. The settings are made
 * once in the runner process and inherited by the workers through the environment.
 */
if (!process.env.E2E_BASE_URL) {
  const port = process.env.E2E_PORT ?? "3100";
  process.env.E2E_BASE_URL = `http://localhost:${port}`;
  process.env.E2E_DATA_DIR = mkdtempSync(path.join(tmpdir(), "spendscope-e2e-"));
  process.env.E2E_SMTP_PORT ??= String(2600 + Math.floor(Math.random() * 300));
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/spendscope_e2e_${Date.now()}`;
    const r = spawnSync(process.execPath, [path.join(import.meta.dirname, "scripts/create-database.js"), url.toString()], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("could not create the e2e database");
    process.env.E2E_DATABASE_URL = url.toString();
  }
}

const baseURL = process.env.E2E_BASE_URL!;
const serverEnv: Record<string, string> = {
  PORT: new URL(baseURL).port,
  APP_URL: baseURL,
  SPENDSCOPE_DATA_DIR: process.env.E2E_DATA_DIR!,
  SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
  // A long block, so "slowed down" never depends on test speed; the one spec that fails sign-ins sends its own
  // X-Forwarded-For (trusted from one hop: the test runner), so its address's block does not hit the other specs.
  LOGIN_THROTTLE_BASE_MS: "30000",
  TRUST_PROXY: "1",
  INGEST_RATE_LIMIT_PER_MINUTE: "100000",
  // The specs sign in as the demo users: start.js seeds them only when asked.
  SPENDSCOPE_DEMO: "1",
  // webhooks.spec.ts: its receiver listens on 127.0.0.1, and it scrapes /api/metrics with this token.
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: "127.0.0.1",
  METRICS_TOKEN: "e2e-metrics-token-0123456789abcdef",
  ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
  ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
};
if (!process.env.E2E_DATABASE_URL) serverEnv.DATABASE_URL = "";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "node scripts/start.js",
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: serverEnv,
  },
});
