import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, db, readDb, type Db } from "@/lib/db/client";
import { env, setEnv } from "@/lib/env";
import type { KeyPrincipal } from "@/lib/auth/permissions";
import { getCosts } from "@/lib/spend/costs-service";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";
import { addRollup } from "./alerts-fixtures";
import { createTestOrg } from "./helpers";

// A second database stands in for a replica holding different figures, so the answer shows which one was read.
describe.skipIf(!inject("serverUrl"))("DATABASE_READ_URL", () => {
  let replica: FreshDatabase;
  let replicaDb: Db;
  beforeAll(async () => {
    replica = await createFreshDatabase("spendscope_replica"); // on the same server as this run's database
    replicaDb = createDb(replica.url, 2);
  });
  afterEach(() => {
    delete process.env.DATABASE_READ_URL;
    setEnv({});
  });
  afterAll(async () => {
    await replicaDb.$disconnect();
    await readDb().$disconnect();
    await replica.drop();
  });

  it("sends view aggregates to the replica, settings and writes to the primary", async () => {
    const { org, teams } = await createTestOrg();
    // The replica: same organization and team rows (as replication would copy them), different usage.
    await replicaDb.organization.create({ data: { id: org.id, name: "renamed on the replica only", timeZone: "UTC" } });
    await replicaDb.team.create({ data: { id: teams.alpha.id, orgId: org.id, slug: "alpha", name: "ALPHA" } });
    await addRollup(org.id, [{ hour: "2026-03-02T10:00:00Z", teamId: teams.alpha.id, cost: "1.25" }]);
    await addRollup(org.id, [{ hour: "2026-03-02T10:00:00Z", teamId: teams.alpha.id, cost: "7.5" }], replicaDb);
    const principal: KeyPrincipal = {
      kind: "key",
      keyId: randomUUID(),
      orgId: org.id,
      prefix: "t",
      teamId: null,
      scopes: ["read"],
    };
    const query = { from: "2026-03-01", to: "2026-03-31", groupBy: ["team" as const] };

    expect((await getCosts(principal, query)).body.total.cost).toMatch(/^1\.250*$/);
    setEnv({ DATABASE_READ_URL: replica.url });
    expect(env().DATABASE_READ_URL).toBe(replica.url);
    const viaReplica = await getCosts(principal, query);
    expect(viaReplica.body.total.cost).toMatch(/^7\.50*$/);
    expect(viaReplica.body.rows[0].team).toBe("alpha"); // team slugs come from the primary
    expect(readDb()).not.toBe(db());
  });

  it("is refused with the embedded database", () => {
    process.env.SPENDSCOPE_EMBEDDED_DB = "1";
    process.env.DATABASE_READ_URL = "postgresql://replica.example/spendscope";
    setEnv({});
    try {
      expect(() => env()).toThrow(/DATABASE_READ_URL/);
    } finally {
      delete process.env.SPENDSCOPE_EMBEDDED_DB;
      delete process.env.DATABASE_READ_URL;
      setEnv({});
    }
  });
});
