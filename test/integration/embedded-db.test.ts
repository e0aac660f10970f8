import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/db/embedded";

/**
 * The embedded database is shared by several pools at once (web server, CLI, worker; the alert tests run two worker
 * pools beside the test's own). With the old limit of 8 connections the 9th was closed on connect and the alert
 * tests failed only when embedded ("Server has closed the connection"). Runs against its own embedded instance
 * whether or not DATABASE_URL is set.
 */
let dir: string;
let embedded: EmbeddedDb;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "spendscope-embedded-"));
  embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "pglite") });
});

afterAll(async () => {
  await embedded?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("embedded PostgreSQL", () => {
  it("serves as many concurrent connections as the pools of web, CLI, worker and tests open together", async () => {
    const clients = Array.from({ length: 24 }, () => new pg.Client({ connectionString: embedded.url }));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const rows = await Promise.all(clients.map((c, i) => c.query<{ n: number }>("SELECT $1::int AS n", [i])));
      expect(rows.map((r) => r.rows[0].n)).toEqual(clients.map((_, i) => i));
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  });

  it("keeps a transaction on its own connection while other connections wait", async () => {
    const a = new pg.Client({ connectionString: embedded.url });
    const b = new pg.Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("CREATE TABLE t (n int)");
      await a.query("BEGIN");
      await a.query("INSERT INTO t VALUES (1)");
      const read = b.query<{ c: number }>("SELECT count(*)::int AS c FROM t");
      await a.query("ROLLBACK");
      expect((await read).rows[0].c).toBe(0);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
