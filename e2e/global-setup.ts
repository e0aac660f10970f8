import { spawnSync } from "node:child_process";
import path from "node:path";
import { startSmtpCapture } from "./support/smtp-capture";

/** A real SMTP server on loopback that the app sends alert mail to; tests read what it received. */
export default async function globalSetup() {
  const capture = await startSmtpCapture(Number(process.env.E2E_SMTP_PORT), `${process.env.E2E_DATA_DIR}/mail`);
  return async () => {
    await capture.close();
    // The fresh database made for this run (playwright.config.ts) goes away with it.
    if (process.env.E2E_DATABASE_URL && !process.env.E2E_KEEP_DATABASE) {
      spawnSync(process.execPath, [path.join(import.meta.dirname, "../scripts/create-database.js"), process.env.E2E_DATABASE_URL, "--drop"], { stdio: "inherit" });
    }
  };
}
