import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Decimal } from "@/lib/money/decimal";
import { startAppServer, type AppServer } from "../support/app-server";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";
import {
  apiTotals,
  embeddedAppEnv,
  expectedCost,
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
  type PostResult,
  type WireEvent,
} from "../support/usage-fixture";

/**
 * Suite 2 (issue 9): 8 clients send overlapping batches to `POST /api/v1/usage` of the production build at once.
 * Batches share event ids (every canonical event is sent by every client, in shuffled order), resend identical
 * events already stored, resend a whole batch, carry a changed copy of a stored event (409, nothing of that batch
 * stored), and race two different contents for one new id (exactly one wins). Every event must be stored once,
 * every total (raw events, rollups, GET /api/v1/costs) must equal the sum computed here from the acknowledged
 * payloads, every answer must be 200 or 409 as predicted, and the server must log no deadlock or internal error.
 */

const PORT = 3150;
const CLIENTS = 8;
const CANONICAL = 320;
const WINDOW = 64;
const ANCHORS = 24;
const SEED = 20261201;

interface Sent {
  client: number;
  kind: "batch" | "conflict" | "race" | "resend";
  events: WireEvent[];
  res: PostResult;
}

describe("concurrency: 8 clients, overlapping batches, one server", () => {
  let fresh: FreshDatabase;
  let app: AppServer;
  let org: IngestionOrg;
  const at = new Date();

  beforeAll(async () => {
    fresh = await createFreshDatabase("sys_concurrency");
    const embedded = !fresh.serverUrl;
    org = await setUpIngestionOrg(fresh.url, embedded);
    app = await startAppServer({ port: PORT, databaseUrl: fresh.url, env: embeddedAppEnv(embedded) });
  });

  afterAll(async () => {
    await app?.stop();
    await db().$disconnect();
    await fresh?.drop();
  });

  it("stores every event once and every total equals the independent sum", async () => {
    const random = rng(SEED);
    const shuffle = <T>(xs: T[]): T[] => {
      const a = [...xs];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    };
    const canonical = Array.from({ length: CANONICAL }, (_, n) => wireEvent(`c-${String(n).padStart(4, "0")}`, n, at));
    const anchors = Array.from({ length: ANCHORS }, (_, n) => wireEvent(`a-${n}`, 5000 + n, at));

    const seeded = await postUsage(app.url, org.key, anchors);
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);
    expect(seeded.body.inserted).toBe(ANCHORS);

    // Each client: five windows covering all canonical events (offset per client), each with three identical
    // anchor resends; even clients add a changed anchor to their third batch (409); two racing single-event
    // batches; finally their first batch again.
    const plans = Array.from({ length: CLIENTS }, (_, client) => {
      const plan: Array<Omit<Sent, "res">> = [];
      for (let j = 0; j < CANONICAL / WINDOW; j++) {
        const start = (client * 40 + j * WINDOW) % CANONICAL;
        const window = Array.from({ length: WINDOW }, (_, k) => canonical[(start + k) % CANONICAL]);
        const resent = [0, 1, 2].map((k) => anchors[(client * 3 + j + k) % ANCHORS]);
        const conflicting = j === 2 && client % 2 === 0;
        const changed = conflicting ? [wireEvent(anchors[client].id, 5000 + client, at, 1)] : [];
        const events = shuffle([...window, ...resent, ...changed]);
        plan.push({ client, kind: conflicting ? "conflict" : "batch", events });
        if (j < 2) {
          // Race for id r-k: client k sends variant 0, client k+1 variant 1, at about the same moment.
          const k = j === 0 ? client : (client + CLIENTS - 1) % CLIENTS;
          plan.push({ client, kind: "race", events: [wireEvent(`r-${k}`, 6000 + k, at, j)] });
        }
      }
      plan.push({ client, kind: "resend", events: plan[0].events });
      return plan;
    });

    const sent: Sent[] = [];
    await Promise.all(
      plans.map(async (plan) => {
        for (const p of plan) sent.push({ ...p, res: await postUsage(app.url, org.key, p.events) });
      }),
    );

    // Every answer is 200 or 409 as predicted; no 5xx, no dropped connection.
    for (const s of sent) {
      const why = `${s.kind} of client ${s.client}: ${JSON.stringify(s.res.body).slice(0, 400)}`;
      if (s.kind === "batch" || s.kind === "resend") expect(s.res.status, why).toBe(200);
      if (s.kind === "race") expect([200, 409], why).toContain(s.res.status);
      if (s.kind === "conflict") {
        expect(s.res.status, why).toBe(409);
        expect(s.res.headers.get("content-type")).toContain("application/problem+json");
        const changedAt = s.events.findIndex((e) => e.id === `a-${s.client}`);
        const fields = (s.res.body.invalidFields as Array<{ path: string }>).map((f) => f.path);
        expect(fields).toEqual([`events[${changedAt}].id`]);
      }
    }
    // A resend of an acknowledged batch is all duplicates.
    for (const s of sent.filter((x) => x.kind === "resend")) {
      expect(s.res.body.inserted).toBe(0);
      expect(s.res.body.duplicates).toBe(s.events.length);
    }

    // The expected store: anchors, every canonical event, and the winner of each race.
    const expected = new Map<string, WireEvent>([...anchors, ...canonical].map((e) => [e.id, e] as const));
    for (let k = 0; k < CLIENTS; k++) {
      const racers = sent.filter((s) => s.kind === "race" && s.events[0].id === `r-${k}`);
      expect(racers.map((r) => r.res.status).sort()).toEqual([200, 409]);
      const winner = racers.find((r) => r.res.status === 200)!;
      expect(winner.res.body.inserted).toBe(1);
      expected.set(`r-${k}`, winner.events[0]);
    }

    // Each acknowledged event: status inserted exactly once over all answers, and its reported cost is exact.
    const insertedCount = new Map<string, number>();
    for (const s of sent.filter((x) => x.res.status === 200)) {
      const answers = s.res.body.events!;
      expect(answers.map((a) => a.id)).toEqual(s.events.map((e) => e.id));
      answers.forEach((a, i) => {
        expect(["inserted", "duplicate"]).toContain(a.status);
        if (a.status === "inserted") insertedCount.set(a.id, (insertedCount.get(a.id) ?? 0) + 1);
        expect(new Decimal(a.cost!).eq(expectedCost(s.events[i])), `cost of ${a.id}`).toBe(true);
      });
      expect(s.res.body.inserted).toBe(answers.filter((a) => a.status === "inserted").length);
    }
    const notAnchors = [...expected.keys()].filter((id) => !id.startsWith("a-"));
    expect(notAnchors.filter((id) => insertedCount.get(id) !== 1)).toEqual([]);
    expect([...insertedCount.keys()].filter((id) => id.startsWith("a-"))).toEqual([]);

    // Stored: exactly the expected ids, each with the acknowledged content.
    const stored = await storedEvents(org.orgId);
    expect(stored.size).toBe(expected.size);
    const mismatched = [...expected.values()].filter((e) => stored.get(e.id) !== signature(e)).map((e) => e.id);
    expect(mismatched).toEqual([]);

    // Totals per team and model: raw events, rollups and the API all equal the independent sum.
    const want = printable(expectedTotals(expected.values()));
    const { events, rollups } = await storedTotals(org.orgId);
    expect(printable(events)).toEqual(want);
    expect(printable(rollups)).toEqual(want);
    expect(printable(await apiTotals(app.url, org.key, at))).toEqual(want);

    expect(app.output()).not.toMatch(/deadlock|\[api\] POST/i);
    console.log(
      `[concurrency] ${sent.length} requests by ${CLIENTS} clients: ${expected.size} events stored once, ` +
        `${sent.filter((s) => s.res.status === 409).length} conflicts refused`,
    );
  });
});
