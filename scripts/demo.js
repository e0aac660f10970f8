#!/usr/bin/env node
// README's first command: install if needed, build if the sources changed since the last build, then `npm start`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(path.join(root, "node_modules/.package-lock.json"))) run("npm", ["ci"]);
const buildId = path.join(root, ".next/BUILD_ID");
const sources = Math.max(...["app", "lib", "components", "public"].map((d) => (existsSync(path.join(root, d)) ? newest(path.join(root, d)) : 0)));
if (!existsSync(buildId) || statSync(buildId).mtimeMs < sources) run("npm", ["run", "build"]);
// The demo organization and its published sign-ins, also on a DATABASE_URL server (start.js seeds only when asked).
run(process.execPath, [path.join(root, "scripts/start.js")], { ...process.env, SPENDSCOPE_DEMO: "1" });
