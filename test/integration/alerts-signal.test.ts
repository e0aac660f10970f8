import { inject, afterEach, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { decodeSignal, encodeSignal, INGESTED_CHANNEL, PROCESS_ID } from "@/lib/alerts/ingest-signal";
import { startWorker, type AlertWorker } from "@/lib/alerts/worker";
import { createTestOrg } from "./helpers";

/** A signal as another process's ingestion sends it. */
const signalFromElsewhere = (orgId: string) =>
  db().$executeRaw(Prisma.sql`SELECT pg_notify(${INGESTED_CHANNEL}, ${encodeSignal(orgId, "another-process")})`);

let worker: AlertWorker | null = null;
afterEach(async () => {
  await worker?.stop();
  worker = null;
});

describe("ingestion signal payloads", () => {
  const org = "0b6f4a4e-8a51-4c57-9f3c-3c1f9d0e2b11";
  it.each([
    [encodeSignal(org, "p2"), org],
    [encodeSignal(org), null], // our own signal: the worker was notified directly
    ["p2:not-an-org", null],
    ["", null],
    [undefined, null],
  ])("decodes %s as %s", (payload, expected) => {
    expect(decodeSignal(payload, PROCESS_ID)).toBe(expected);
  });
});

// LISTEN needs a second connection to a real server; the embedded database is one process (no signals needed).
describe.skipIf(!inject("serverUrl"))("the worker hears ingestion in other processes (LISTEN/NOTIFY)", () => {
  it("runs a post-ingest pass for the signalled organization, and again after its connection was killed", async () => {
    const { org } = await createTestOrg();
    const passes: { what: string; orgId?: string }[] = [];
    worker = startWorker({
      intervalMs: 3_600_000,
      debounceMs: 50,
      listenUrl: env().DATABASE_URL,
      log: () => undefined,
      onPass: (what, _r, orgId) => passes.push({ what, orgId }),
    });
    await expect.poll(() => passes.length, { timeout: 30_000 }).toBe(1); // the startup pass
    const listening = () =>
      db().$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*)::bigint AS n FROM pg_stat_activity
        WHERE application_name = 'spendscope-alert-listener' AND datname = current_database()`);
    await expect.poll(async () => Number((await listening())[0].n), { timeout: 10_000 }).toBe(1);

    await signalFromElsewhere(org.id);
    const postIngest = () => passes.filter((p) => p.what === "post-ingest pass" && p.orgId === org.id).length;
    await expect.poll(postIngest, { timeout: 10_000 }).toBe(1);

    // The server drops the listener's connection: the worker reconnects and hears the next signal.
    await db().$executeRaw(Prisma.sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'spendscope-alert-listener' AND datname = current_database()`);
    await expect.poll(async () => Number((await listening())[0].n), { timeout: 20_000, interval: 200 }).toBe(1);
    await signalFromElsewhere(org.id);
    await expect.poll(postIngest, { timeout: 10_000 }).toBe(2);
  });
});
