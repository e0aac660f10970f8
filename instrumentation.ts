/**
 * Next.js instrumentation hook: runs once when the server starts. `npm start` runs the alert worker (evaluation
 * every minute and after ingestion, outbox delivery) in the web server process unless SPENDSCOPE_WORKER=0.
 * It also registers the database probe that proxy.ts consults before rendering a page (lib/db/availability.ts),
 * and records database outages that surface while rendering (onRequestError).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is read directly (not through env()) because Next.js replaces it at build time, which keeps
  // the Node-only worker (nodemailer, smtp-server, pg) out of the edge bundle.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerDatabaseProbe } = await import("@/lib/db/availability");
  const { probeDatabase } = await import("@/lib/db/health");
  const { env } = await import("@/lib/env");
  // Long enough for a new connection to fail on its own connect timeout (a real answer rather than "unknown").
  registerDatabaseProbe(() => probeDatabase(env().DB_CONNECT_TIMEOUT_MS + 1000));
  const { startAlertsInServer } = await import("@/lib/alerts/boot");
  await startAlertsInServer().catch((e: unknown) => console.error("[alerts] the worker did not start:", e));
}

export async function onRequestError(err: unknown): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isDatabaseUnavailable, reportDatabaseDown } = await import("@/lib/db/availability");
  if (isDatabaseUnavailable(err)) reportDatabaseDown();
}
