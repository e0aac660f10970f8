/**
 * Next.js instrumentation hook: runs once when the server starts. `npm start` runs the alert worker (evaluation
 * every minute and after ingestion, outbox delivery) in the web server process unless SPENDSCOPE_WORKER=0.
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is read directly (not through env()) because Next.js replaces it at build time, which keeps
  // the Node-only worker (nodemailer, smtp-server, pg) out of the edge bundle.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAlertsInServer } = await import("@/lib/alerts/boot");
  await startAlertsInServer().catch((e: unknown) => console.error("[alerts] the worker did not start:", e));
}
