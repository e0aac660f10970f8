import { expect, type Page } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_PASSWORDS } from "../lib/demo/catalog";
import type { CapturedMail } from "./global-setup";

export { DEMO_PASSWORDS };
export type DemoRole = keyof typeof DEMO_PASSWORDS;

/** Signs in through the real sign-in form and waits for the dashboard. */
export async function signIn(page: Page, role: DemoRole): Promise<void> {
  const u = DEMO_PASSWORDS[role];
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(u.name);
}

/** Runs the spendscope CLI against the e2e database (the embedded one through its data dir, or E2E_DATABASE_URL). */
export function cli(args: string[]): { stdout: string; stderr: string; code: number } {
  const root = path.resolve(import.meta.dirname, "..");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SPENDSCOPE_DATA_DIR: process.env.E2E_DATA_DIR,
    // Same mail server and public URL as the app under test, so CLI-run alert passes send the same mail.
    SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
    APP_URL: process.env.E2E_BASE_URL,
  };
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [path.join(root, "bin/spendscope.js"), ...args], { cwd: root, env, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? 1 };
}

/** Creates an API key through the CLI and returns it (the CLI prints the key as its last line). */
export function createKey(opts: { team?: string; scopes: string; name?: string }): string {
  const r = cli(["key", "create", ...(opts.team ? ["--team", opts.team] : ["--org"]), "--scopes", opts.scopes, "--name", opts.name ?? "e2e"]);
  if (r.code !== 0) throw new Error(`key create failed: ${r.stderr}`);
  return r.stdout.trim().split("\n").pop()!;
}

/** Mail captured by the SMTP server started in global-setup, oldest first. */
export function readMail(): CapturedMail[] {
  const dir = `${process.env.E2E_DATA_DIR}/mail`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as CapturedMail);
}
