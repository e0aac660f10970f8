import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startSmtpSink } from "../lib/alerts/smtp-sink";

/** What a test reads back from the SMTP server (written one JSON file per message, oldest first by name). */
export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
  receivedAt: string;
}

/**
 * A real SMTP server on loopback that the app sends alert mail to (the same sink the demo runs); each message it
 * accepts is written to <data dir>/mail so tests in other processes can read it.
 */
export default async function globalSetup() {
  const dir = `${process.env.E2E_DATA_DIR}/mail`;
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const sink = await startSmtpSink({
    port: Number(process.env.E2E_SMTP_PORT),
    onMessage: (m) => {
      const mail: CapturedMail = { from: m.from, to: m.to, raw: m.raw, receivedAt: m.receivedAt.toISOString() };
      writeFileSync(path.join(dir, `${String(++n).padStart(5, "0")}.json`), JSON.stringify(mail));
    },
  });
  return async () => {
    await sink.stop();
    // The fresh database made for this run (playwright.config.ts) goes away with it.
    if (process.env.E2E_DATABASE_URL && !process.env.E2E_KEEP_DATABASE) {
      spawnSync(process.execPath, [path.join(import.meta.dirname, "../scripts/create-database.js"), process.env.E2E_DATABASE_URL, "--drop"], { stdio: "inherit" });
    }
  };
}
