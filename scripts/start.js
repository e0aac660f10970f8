#!/usr/bin/env node
// `npm start`: database (DATABASE_URL, or embedded PostgreSQL in .data/), migrations, then the web server (which runs
// the alert worker alongside). Expects a build (`npm run build`).
// Demo data (with its published demo passwords) goes into an empty database ONLY when SPENDSCOPE_DEMO=1 (`npm run
// demo`, the e2e config) or on the embedded default database (no DATABASE_URL: a first look on a laptop). A
// production database starts empty: the first admin is created on /setup or with `spendscope user create`.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.resolve(process.env.SPENDSCOPE_DATA_DIR ?? path.join(root, ".data"));
mkdirSync(dataDir, { recursive: true });
const port = process.env.PORT ?? "3000";
const children = [];

/** A configured secret must be long enough to resist guessing (env.ts enforces the same minimum). */
const MIN_SECRET_LENGTH = 32;

function secret() {
  const configured = process.env.NEXTAUTH_SECRET;
  if (configured) {
    if (configured.length < MIN_SECRET_LENGTH || new Set(configured).size < 8) {
      throw new Error(`NEXTAUTH_SECRET is too weak: use at least ${MIN_SECRET_LENGTH} random characters (openssl rand -hex 32), or unset it to have one generated into ${dataDir}/secret`);
    }
    return configured;
  }
  const file = path.join(dataDir, "secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function startEmbedded() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/embedded-db.ts")], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    child.on("exit", (code) => reject(new Error(`embedded PostgreSQL exited (${code})`)));
    createInterface({ input: child.stdout }).once("line", (url) => resolve(url.trim()));
  });
}

function cli(args, env) {
  const r = spawnSync(process.execPath, [path.join(root, "bin/spendscope.js"), ...args], { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`spendscope ${args.join(" ")} failed`);
}

function shutdown(code) {
  for (const c of children.reverse()) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 300).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

try {
  const env = { ...process.env, NEXTAUTH_SECRET: secret(), NODE_ENV: "production" };
  const demo = process.env.SPENDSCOPE_DEMO === "1" || !env.DATABASE_URL;
  if (!env.DATABASE_URL) {
    env.DATABASE_URL = await startEmbedded();
    env.SPENDSCOPE_EMBEDDED_DB = "1";
    console.log("using embedded PostgreSQL (data in .data/pglite); set DATABASE_URL to use your own server");
  }
  env.APP_URL ??= `http://localhost:${port}`;
  env.NEXTAUTH_URL ??= env.APP_URL;
  cli(["migrate"], env);
  if (demo) cli(["seed-demo", "--if-empty"], env);
  const web = spawn(process.execPath, [path.join(root, "scripts/server.js")], { cwd: root, env: { ...env, PORT: port }, stdio: "inherit" });
  children.push(web);
  web.on("exit", (code) => shutdown(code ?? 1));
  console.log(`\nSpendscope is starting on ${env.APP_URL}`);
  if (demo) {
    console.log("  demo sign-in: admin@spendscope.local / spendscope-admin (member@… / spendscope-member, viewer@… / spendscope-viewer)\n");
  } else {
    console.log(`  first run? open ${env.APP_URL}/setup to create the first admin (or: npx spendscope user create --role admin ...)\n`);
  }
} catch (e) {
  console.error(`start failed: ${e.message}`);
  shutdown(1);
}
