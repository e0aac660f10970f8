import { describe, expect, it } from "vitest";
import net from "node:net";
import pg from "pg";
import { isDatabaseUnavailable } from "./availability";

/** An error shaped like @prisma/adapter-pg's DriverAdapterError wrapping a converted driver error. */
const adapterError = (cause: Record<string, unknown>) =>
  Object.assign(new Error("driver adapter error"), { name: "DriverAdapterError", cause });
const coded = (message: string, code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["socket refused", coded("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED", { syscall: "connect", errno: -111 })],
    ["socket reset", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["pg: connection terminated", new Error("Connection terminated unexpectedly")],
    ["pg: connect timeout", new Error("Connection terminated due to connection timeout")],
    ["pg-pool: acquisition timeout", new Error("timeout exceeded when trying to connect")],
    ["pg: client-side query timeout", new Error("Query read timeout")],
    ["postgres: admin shutdown", coded("terminating connection due to administrator command", "57P01")],
    ["postgres: statement timeout", coded("canceling statement due to statement timeout", "57014")],
    ["prisma: can't reach server", Object.assign(new Error("Can't reach database server"), { code: "P1001" })],
    ["prisma: transaction start", coded("Transaction API error: Unable to start a transaction in the given time.", "")],
    ["adapter: not reachable", adapterError({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 })],
    ["adapter: connection closed", adapterError({ kind: "ConnectionClosed" })],
    ["adapter: too many connections", adapterError({ kind: "TooManyConnections", cause: "sorry" })],
    ["nested cause", new Error("outer", { cause: new Error("inner", { cause: { code: "ECONNREFUSED" } }) })],
    ["aggregate", new AggregateError([new Error("x"), Object.assign(new Error("y"), { code: "ECONNREFUSED" })])],
  ])("%s -> unavailable", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ["unique violation", Object.assign(new Error("duplicate key value"), { code: "23505" })],
    ["syntax error", Object.assign(new Error("syntax error at or near"), { code: "42601" })],
    ["adapter: postgres error", adapterError({ kind: "postgres", code: "22003", message: "numeric field overflow" })],
    ["prisma: record not found", Object.assign(new Error("No record found"), { code: "P2025" })],
    ["plain bug", new TypeError("Cannot read properties of undefined")],
    ["not an error", "ECONNREFUSED"],
    ["null", null],
  ])("%s -> not unavailable", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it("recognizes what pg really throws for a closed port and a silent server", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await new pg.Client({ host: "127.0.0.1", port, user: "x" }).connect().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(refused)).toBe(true);

    // Accepts and never answers: the connect timeout fires.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const silentPort = (silent.address() as net.AddressInfo).port;
    const pool = new pg.Pool({ host: "127.0.0.1", port: silentPort, user: "x", connectionTimeoutMillis: 200 });
    const timedOut = await pool.query("SELECT 1").catch((e: unknown) => e);
    expect(isDatabaseUnavailable(timedOut)).toBe(true);
    await pool.end();
    // The per-connection timeout lib/db/client.ts sets (the pool's own queue wait stays unbounded).
    const client = new pg.Client({ host: "127.0.0.1", port: silentPort, user: "x", connectionTimeoutMillis: 200 });
    const clientTimedOut = await client.connect().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(clientTimedOut)).toBe(true);
    silent.close();
  });
});

describe("the outage record", () => {
  it("is set by a failure, makes callers share one probe, and is cleared by a successful probe", async () => {
    const a = await import("./availability");
    const { databaseKnownDown, databaseReachable, registerDatabaseProbe, reportDatabaseDown, reportDatabaseUp } = a;
    let calls = 0;
    let answer = false;
    let release: () => void = () => undefined;
    registerDatabaseProbe(async () => {
      calls++;
      await new Promise<void>((r) => (release = r));
      if (answer) reportDatabaseUp();
      return answer;
    });
    reportDatabaseDown();
    expect(databaseKnownDown()).toBe(true);
    const probes = [databaseReachable(), databaseReachable(), databaseReachable()];
    release();
    expect(await Promise.all(probes)).toEqual([false, false, false]);
    expect(calls).toBe(1);
    answer = true;
    const back = databaseReachable();
    release();
    expect(await back).toBe(true);
    expect(databaseKnownDown()).toBe(false);
    // A fresh success vouches for the database without probing again.
    expect(await databaseReachable()).toBe(true);
    expect(calls).toBe(2);
  });
});

describe("a probe without an answer in time", () => {
  it("counts as reachable unless an outage is recorded", async () => {
    const { databaseReachable, registerDatabaseProbe, reportDatabaseDown, reportDatabaseUp } = await import(
      "./availability"
    );
    registerDatabaseProbe(async () => null);
    reportDatabaseUp();
    expect(await databaseReachable(Date.now() + 60_000)).toBe(true);
    reportDatabaseDown();
    expect(await databaseReachable()).toBe(false);
    reportDatabaseUp();
  });
});

describe("an error nobody recognized", () => {
  it.each([
    { probe: false, down: true },
    { probe: true, down: false },
    { probe: null, down: false },
  ])("is an outage only when a fresh probe fails: probe $probe → $down", async ({ probe, down }) => {
    const { confirmDatabaseDown, registerDatabaseProbe, reportDatabaseUp } = await import("./availability");
    let calls = 0;
    registerDatabaseProbe(async () => {
      calls++;
      return probe;
    });
    // A success a moment ago does not vouch here: the error itself is the reason to ask again.
    reportDatabaseUp();
    expect(await confirmDatabaseDown()).toBe(down);
    expect(calls).toBe(1);
  });
});
