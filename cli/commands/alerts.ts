import path from "node:path";
import { parse, UsageError } from "../args";
import { dataDir } from "../database";
import { mailerUrl, setMailerUrl } from "@/lib/alerts/outbox";
import { runEvaluation } from "@/lib/alerts/runner";
import { startSmtpSink } from "@/lib/alerts/smtp-sink";
import { signalListenUrl } from "@/lib/alerts/ingest-signal";
import { drainOutbox, startWorker } from "@/lib/alerts/worker";

/** `spendscope worker [--interval-seconds N]`: evaluation + outbox delivery every minute until SIGTERM/SIGINT. */
export async function worker(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { "interval-seconds": { type: "string" } });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const seconds = values["interval-seconds"] === undefined ? 60 : Number(values["interval-seconds"]);
  if (!Number.isInteger(seconds) || seconds < 1) throw new UsageError("--interval-seconds must be a whole number of seconds, at least 1");

  // Without SMTP_URL, mail goes to a local sink (kept as .eml files) so the demo works out of the box.
  const sink = mailerUrl() ? null : await startSmtpSink({ dir: path.join(dataDir(), "mail") });
  if (sink) {
    setMailerUrl(sink.url);
    console.log(`SMTP_URL is not set: mail goes to the local sink ${sink.url} (copies in ${path.join(dataDir(), "mail")})`);
  }
  const log = (l: string) => console.log(`[alerts] ${l}`);
  const w = startWorker({ intervalMs: seconds * 1000, listenUrl: signalListenUrl(), log });
  console.log(`alert worker running (every ${seconds}s); stop with SIGTERM or Ctrl-C`);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  console.log("stopping the alert worker after the pass in flight");
  await w.stop();
  await sink?.stop();
}

/** `spendscope alerts evaluate`: one evaluation pass, then one delivery of the outbox. */
export async function alerts(argv: string[]): Promise<void> {
  const { positionals } = parse(argv, {});
  if (positionals[0] !== "evaluate" || positionals.length > 1) throw new UsageError("usage: alerts evaluate");
  const evaluation = await runEvaluation({ log: (l) => console.error(`  ${l}`) });
  console.log(`evaluated ${evaluation.rules} rule(s): ${evaluation.firings} new firing(s), ${evaluation.messages} message(s) queued`);
  const delivery = await drainOutbox({ log: (l) => console.error(`  ${l}`) });
  console.log(`delivered ${delivery.sent} message(s); ${delivery.retrying} will be retried, ${delivery.failed} failed`);
  if (!mailerUrl()) console.log("SMTP_URL is not set: email stays in the outbox until a worker with a mailer (npm start runs one) delivers it");
  if (evaluation.errors.length) {
    for (const e of evaluation.errors) console.error(`  rule ${e.ruleId}: ${e.error}`);
  }
}
