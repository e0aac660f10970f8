import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startAppServer, type AppServer } from "../support/app-server";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";
import {
  apiTotals,
  embeddedAppEnv,
  expectedTotals,
  postUsage,
  printable,
  rng,
  setUpIngestionOrg,
  signature,
  storedEvents,
  storedTotals,
  wireEvent,
  type IngestionOrg,
  type WireEvent,
} from "../support/usage-fixture";

/**
 * Suite 3 (issue 9): the server is SIGKILLed (the whole process group, no shutdown) while several clients send
 * batches in a loop, three times at a random moment. After each restart every batch that got a 2xx is stored in
 * full with its content and the rollups equal the raw events; at the end EVERY batch ever sent (acknowledged or
 * not) is replayed and each event is stored exactly once, with raw events, rollups and the costs API equal to the
 * sum computed here. Batches overlap (each resends part of the previous one), so replays mix new and duplicate ids.
 */

const PORT = 3154;
const CLIENTS = 4;
const KILLS = 3;
const BATCH = 25;
const OVERLAP = 5;

interface SentBatch {
  events: WireEvent[];
  acked: boolean;
}

describe("crash: SIGKILL mid-ingestion, restart, replay", () => {
  let fresh: FreshDatabase;
  let app: AppServer;
  let org: IngestionOrg;
  const at = new Date();

  beforeAll(async () => {
    fresh = await createFreshDatabase("sys_crash");
    const embedded = !fresh.serverUrl;
    org = await setUpIngestionOrg(fresh.url, embedded);
    app = await startAppServer({ port: PORT, databaseUrl: fresh.url, env: embeddedAppEnv(embedded) });
  });

  afterAll(async () => {
    await app?.stop();
    await db().$disconnect();
    await fresh?.drop();
  });

  it("keeps every acknowledged batch through kills, and a full replay gives exact totals", async () => {
    const seed = Date.now() % 1_000_000;
    const random = rng(seed);
    const sent: SentBatch[] = [];
    let serial = 0;
    const killDelays: number[] = [];

    for (let kill = 0; kill < KILLS; kill++) {
      let acked = 0;
      let dead = false;
      // Clients send until their connection fails (the kill); the batch in flight then is unacknowledged.
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        let previous: WireEvent[] = [];
        while (!dead) {
          const newEvents = Array.from({ length: BATCH - previous.slice(0, OVERLAP).length }, () => {
            const n = serial++;
            return wireEvent(`k${kill}-c${client}-${n}`, n, at);
          });
          const batch: SentBatch = { events: [...previous.slice(0, OVERLAP), ...newEvents], acked: false };
          sent.push(batch);
          const res = await postUsage(app.url, org.key, batch.events);
          if (res.status === 0) break;
          expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
          batch.acked = true;
          acked++;
          previous = batch.events;
        }
      });
      // Kill at a random moment once ingestion is under way.
      const deadline = Date.now() + 60_000;
      while (acked < CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const delay = Math.floor(200 + random() * 2500);
      killDelays.push(delay);
      await new Promise((r) => setTimeout(r, delay));
      await app.kill();
      dead = true;
      await Promise.all(clients);

      await app.restart();
      // Every acknowledged batch is there in full, with its content; rollups equal the raw events.
      const stored = await storedEvents(org.orgId);
      const acknowledged = sent.filter((b) => b.acked).flatMap((b) => b.events);
      const missing = acknowledged.filter((e) => stored.get(e.id) !== signature(e));
      expect(missing.map((e) => e.id)).toEqual([]);
      const { events, rollups } = await storedTotals(org.orgId);
      expect(printable(rollups)).toEqual(printable(events));
    }

    // Replay every batch ever sent, acknowledged or not, from several clients at once.
    let replayed = 0;
    const queue = [...sent];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let b = queue.shift(); b; b = queue.shift()) {
          const res = await postUsage(app.url, org.key, b.events);
          expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
          replayed += b.events.length;
        }
      }),
    );

    const expected = new Map(sent.flatMap((b) => b.events).map((e) => [e.id, e] as const));
    const stored = await storedEvents(org.orgId);
    expect(stored.size).toBe(expected.size);
    expect([...expected.values()].filter((e) => stored.get(e.id) !== signature(e)).map((e) => e.id)).toEqual([]);
    const want = printable(expectedTotals(expected.values()));
    const { events, rollups } = await storedTotals(org.orgId);
    expect(printable(events)).toEqual(want);
    expect(printable(rollups)).toEqual(want);
    expect(printable(await apiTotals(app.url, org.key, at))).toEqual(want);

    const acked = sent.filter((b) => b.acked).length;
    console.log(
      `[crash] seed ${seed}: ${KILLS} kills survived (after ${killDelays.join(", ")} ms); ` +
        `${sent.length} batches sent, ${acked} acknowledged; replayed ${sent.length} batches (${replayed} events); ` +
        `${expected.size} distinct events stored once`,
    );
  });
});
