#!/usr/bin/env node
// Generates the Prisma client without downloading the native schema engine (the machines here cannot reach
// Prisma's binary host). Generation itself runs in WebAssembly; the CLI only insists that an engine file exists.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
if (!existsSync(cli)) {
  console.error("prisma CLI not installed; run npm ci first");
  process.exit(1);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? cli,
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const r = spawnSync(process.execPath, [cli, "generate", "--schema", path.join(root, "prisma", "schema.prisma")], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
