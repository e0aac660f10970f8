import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDb, db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { takeRateToken } from "@/lib/ingest/rate-limit";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const key = () => `test:${randomUUID()}`;

describe("ingest rate limit (token bucket in PostgreSQL)", () => {
  // A second pool stands for a second app process: the bucket must be shared, not per client.
  const other = createDb(env().DATABASE_URL!, inject("serverUrl") ? 4 : 1);
  afterAll(() => other.$disconnect());

  it("allows a minute's burst, then refills at the steady rate", async () => {
    const k = key();
    const takes = [];
    for (let i = 0; i < 3; i++) takes.push(await takeRateToken(k, 3, { now: at(0) }));
    expect(takes.map((t) => t.ok)).toEqual([true, true, true]);
    // 3/min: one token every 20 s.
    expect(await takeRateToken(k, 3, { now: at(0) })).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect((await takeRateToken(k, 3, { now: at(19_000) })).ok).toBe(false);
    expect((await takeRateToken(k, 3, { now: at(20_000) })).ok).toBe(true);
    expect((await takeRateToken(k, 3, { now: at(20_000) })).ok).toBe(false);
  });

  it("never stores more than a minute of allowance, and a denied take consumes nothing", async () => {
    const k = key();
    await takeRateToken(k, 2, { now: at(0) });
    const after = [];
    for (let i = 0; i < 3; i++) after.push((await takeRateToken(k, 2, { now: at(3_600_000) })).ok);
    expect(after).toEqual([true, true, false]);
    // Denied takes at 3,600,000 did not push the bucket below zero: 30 s later exactly one token is back.
    expect((await takeRateToken(k, 2, { now: at(3_630_000) })).ok).toBe(true);
    expect((await takeRateToken(k, 2, { now: at(3_630_000) })).ok).toBe(false);
  });

  it("keeps keys apart", async () => {
    const [a, b] = [key(), key()];
    expect((await takeRateToken(a, 1, { now: at(0) })).ok).toBe(true);
    expect((await takeRateToken(a, 1, { now: at(0) })).ok).toBe(false);
    expect((await takeRateToken(b, 1, { now: at(0) })).ok).toBe(true);
  });

  // Needs a PostgreSQL server: the embedded database is one process on one connection (its socket drops
  // concurrent clients), so there is nothing to share there.
  const withServer = it.skipIf(!inject("serverUrl"));
  withServer("is one allowance across processes: concurrent takes admit exactly the capacity", async () => {
    const k = key();
    const now = at(0);
    const takes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => takeRateToken(k, 25, { now, client: i % 2 ? other : db() })),
    );
    expect(takes.filter((t) => t.ok)).toHaveLength(25);
    expect(takes.filter((t) => !t.ok)).toHaveLength(15);
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects a limit of %s", async (n) => {
    await expect(takeRateToken(key(), n)).rejects.toThrow(RangeError);
  });
});
