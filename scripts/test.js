#!/usr/bin/env node
// `npm test`: typecheck, unit tests, integration tests against real PostgreSQL (a fresh database per run on
// DATABASE_URL's server, or embedded when unset), then a production build and the Playwright end-to-end tests in
// Chromium, and the system tests (server processes killed, restarted, run twice) against the same build. Ends with one line counting every test: "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const reports = path.join(root, "test-results");
mkdirSync(reports, { recursive: true });

const vitestCounts = (file) => {
  const r = JSON.parse(readFileSync(file, "utf8"));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
};
const playwrightCounts = (file) => {
  const s = JSON.parse(readFileSync(file, "utf8")).stats;
  return { passed: s.expected + (s.flaky ?? 0), failed: s.unexpected, skipped: s.skipped };
};

const steps = [
  { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "unit", cmd: bin("vitest"), args: ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile=${reports}/unit.json`], counts: () => vitestCounts(`${reports}/unit.json`) },
  { name: "integration", cmd: bin("vitest"), args: ["run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile=${reports}/integration.json`], counts: () => vitestCounts(`${reports}/integration.json`) },
  { name: "build", cmd: bin("next"), args: ["build"] },
  { name: "system", cmd: bin("vitest"), args: ["run", "--project", "system", "--passWithNoTests", "--reporter=default", "--reporter=json", `--outputFile=${reports}/system.json`], counts: () => vitestCounts(`${reports}/system.json`) },
  {
    name: "e2e",
    cmd: bin("playwright"),
    args: ["test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json` },
    counts: () => playwrightCounts(`${reports}/e2e.json`),
  },
];

const only = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}`);
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: "inherit", env: { ...process.env, ...(step.env ?? {}) } });
  if (step.counts) {
    try {
      const c = step.counts();
      console.log(`=== ${step.name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    } catch {
      console.error(`=== ${step.name}: no report written`);
    }
  }
  if (r.status !== 0) {
    ok = false;
    if (!step.counts) total.failed++;
    console.error(`=== ${step.name} failed (exit ${r.status ?? r.signal})`);
    break;
  }
}
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(ok && total.failed === 0 ? 0 : 1);
