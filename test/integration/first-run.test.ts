import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/api/errors";
import { createFirstAdmin, needsFirstAdmin } from "@/lib/org/first-admin";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";

/**
 * A database of its own: "no user yet" is a property of the whole database, which other tests fill. On the run's
 * server, or a second embedded instance when the run is embedded (an embedded server has one database only).
 */
let fresh: FreshDatabase;
let client: Db;

beforeAll(async () => {
  fresh = await createFreshDatabase("spendscope_firstrun", { server: inject("serverUrl") || null });
  client = createDb(fresh.url, 4);
});

afterAll(async () => {
  await client?.$disconnect();
  await fresh?.drop();
});

const input = (email: string) => ({ email, name: "Ops Lead", password: "correct horse battery", confirm: "correct horse battery" });

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("first-run setup", () => {
  it("rejects weak input with the field named and writes nothing", async () => {
    expect(await needsFirstAdmin(client)).toBe(true);
    const e = await failure(createFirstAdmin({ ...input("ops@acme.test"), password: "spendscope-admin", confirm: "spendscope-admin" }, client));
    expect(e.status).toBe(400);
    expect(e.extra.invalidFields).toEqual([{ path: "password", message: "not a well-known password" }]);
    expect(await client.user.count()).toBe(0);
    expect(await client.organization.count()).toBe(0);
  });

  it("creates exactly one first admin when two submissions race, and none after that", async () => {
    const results = await Promise.allSettled([
      createFirstAdmin(input("first@acme.test"), client),
      createFirstAdmin(input("second@acme.test"), client),
      createFirstAdmin(input("third@acme.test"), client),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as AppError).status)).toEqual([409, 409]);

    const users = await client.user.findMany();
    expect(users).toHaveLength(1);
    expect(users[0].role).toBe("admin");
    expect(users[0].passwordHash).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", users[0].passwordHash)).toBe(true);
    expect(await client.organization.count()).toBe(1);
    const audit = await client.auditLog.findMany({ where: { entityType: "user" } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([["user.create", "setup"]]);

    expect(await needsFirstAdmin(client)).toBe(false);
    expect((await failure(createFirstAdmin(input("late@acme.test"), client))).status).toBe(409);
    expect(await client.user.count()).toBe(1);
  });
});
