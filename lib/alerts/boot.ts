/**
 * Starts the alert worker inside the web server process (instrumentation.ts calls this once per server).
 * When SMTP_URL is unset a local SMTP sink is started and the mailer pointed at it, so alerts work out of
 * the box; every message is also on the admin Outbox page (and as .eml files in <data dir>/mail).
 */
import path from "node:path";
import { env, rawEnv } from "@/lib/env";
import { mailerUrl, setMailerUrl } from "./outbox";
import { startSmtpSink } from "./smtp-sink";
import { signalListenUrl } from "./ingest-signal";
import { startWorker } from "./worker";

const STARTED_KEY = Symbol.for("spendscope.alerts.booted");
type BootGlobal = { [STARTED_KEY]?: boolean };

export async function startAlertsInServer(): Promise<void> {
  const g = globalThis as BootGlobal;
  if (g[STARTED_KEY]) return; // dev reloads run register() again
  if (env().SPENDSCOPE_WORKER !== "1" || rawEnv("NEXT_PHASE") === "phase-production-build") return;
  g[STARTED_KEY] = true;
  if (!mailerUrl()) {
    const dir = path.resolve(env().SPENDSCOPE_DATA_DIR ?? ".data", "mail");
    const sink = await startSmtpSink({ dir });
    setMailerUrl(sink.url);
    console.log(`[alerts] SMTP_URL is not set: alert mail goes to the local sink ${sink.url} (copies in ${dir}; admins see every message on /alerts/outbox)`);
  }
  startWorker({ listenUrl: signalListenUrl() });
  // Repricing runs in the background of the process that published; any process picks up jobs whose runner
  // stopped heartbeating (crash, restart) and failed jobs due for a retry. Another replica's live job is left alone.
  const { startRepriceResumer } = await import("@/lib/pricing/reprice-worker");
  startRepriceResumer();
}
