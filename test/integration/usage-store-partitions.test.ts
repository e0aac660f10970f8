import { afterAll, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db/client";
import { ingestEvents, IngestRejected } from "@/lib/ingest/service";
import { rebuildRange, findGrainDrift } from "@/lib/usage-store/rebuild";
import {
  applyRawRetention,
  ensurePartitionsAhead,
  listPartitions,
  monthStart,
  partitionName,
  rawHorizon,
} from "@/lib/usage-store/partitions";
import { planQuery, rawShortfall } from "@/lib/usage-store/planner";
import { aggregateSpendPlanned, noFilters } from "@/lib/spend/queries";
import { dayRangeToInstants } from "@/lib/time/tz";
import { createTestOrg } from "./helpers";
import { event, publishSnapshot, rollupTotals } from "./ingest-fixtures";

// Months of 2019 only: no other test writes there, and retention drops every partition before its cutoff.
const MAY = new Date("2019-05-10T12:00:00Z");
const JUNE = new Date("2019-06-20T08:30:00Z");
const RETAIN_NOW = new Date("2019-07-15T00:00:00Z"); // 1 month of retention: raw events before 2019-06-01 go

const ids = async (orgId: string) =>
  (await db().$queryRaw<Array<{ id: string }>>(Prisma.sql`SELECT id FROM usage_events WHERE org_id = ${orgId}::uuid ORDER BY id`)).map((r) => r.id);

afterAll(async () => {
  // The horizon is one row for the whole database: leave none for the tests that follow.
  await db().$executeRaw(Prisma.sql`DELETE FROM usage_raw_horizon`);
});

describe("usage_events partitions and raw retention", () => {
  it("creates a month's partition on first use and keeps the next months ready", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    await ingestEvents(org.id, [event({ id: "p-may", timestamp: MAY })], { source: "api" });
    const names = (await listPartitions(db())).map((p) => p.name);
    expect(names).toContain("usage_events_p201905");
    const [{ part }] = await db().$queryRaw<Array<{ part: string }>>(Prisma.sql`
      SELECT tableoid::regclass::text AS part FROM usage_events WHERE org_id = ${org.id}::uuid AND id = 'p-may'`);
    expect(part).toBe("usage_events_p201905");

    await ensurePartitionsAhead(db(), new Date("2019-05-10T00:00:00Z"));
    const after = (await listPartitions(db())).map((p) => p.name);
    for (const m of ["201904", "201905", "201906", "201907", "201908"]) expect(after).toContain(`usage_events_p${m}`);
    expect(partitionName(monthStart(new Date("2019-12-31T23:59:59.999Z"), 1))).toBe("usage_events_p202001");
  });

  it("a raw query of one organization and month reads one partition through the (org_id, occurred_at, id) key", async () => {
    const { org } = await createTestOrg();
    const june = Array.from({ length: 600 }, (_, i) => event({ id: `x-${i}`, timestamp: new Date(Date.parse("2019-06-01T00:00:00Z") + i * 4_000_000) }));
    await ingestEvents(org.id, june, { source: "api" });
    await db().$executeRaw(Prisma.sql`ANALYZE usage_events_p201906`);
    const plan = await db().$transaction(async (tx) => {
      await tx.$executeRaw(Prisma.sql`SET LOCAL enable_seqscan = off`);
      const rows = await tx.$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`
        EXPLAIN SELECT sum(cost) FROM usage_events
        WHERE org_id = ${org.id}::uuid AND occurred_at >= '2019-06-10T00:00:00Z' AND occurred_at < '2019-06-11T00:00:00Z'`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    const partitions = new Set(plan.match(/usage_events_p\d{6}/g));
    expect([...partitions]).toEqual(["usage_events_p201906"]);
    expect(plan).toMatch(/(Index|Index Only|Bitmap Index) Scan (using|on) usage_events_p201906_pkey/);
    expect(plan).toMatch(/Index Cond: \(\(org_id = .*occurred_at >=/s);
  });

  it("retention drops old raw partitions; every grain keeps its totals, ids stay known, rebuilds leave dropped months alone", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    const may = [event({ id: "r-may-1", timestamp: MAY }), event({ id: "r-may-2", timestamp: new Date("2019-05-31T23:59:59.999Z"), team: "beta" })];
    await ingestEvents(org.id, [...may, event({ id: "r-june", timestamp: JUNE })], { source: "api" });
    expect(await findGrainDrift(db(), org.id)).toEqual([]);
    const before = await rollupTotals(org.id);
    const grainsBefore = await db().$queryRaw<Array<{ r: string }>>(Prisma.sql`
      SELECT to_jsonb(d)::text AS r FROM usage_rollup_daily d WHERE org_id = ${org.id}::uuid ORDER BY day, team_id`);

    const dropped = await applyRawRetention(db(), 1, RETAIN_NOW);
    expect(dropped).toContain("usage_events_p201905");
    expect(dropped).not.toContain("usage_events_p201906");
    expect(await rawHorizon(db())).toEqual(new Date("2019-06-01T00:00:00Z"));
    expect(await ids(org.id)).toEqual(["r-june"]);
    expect(await rollupTotals(org.id)).toEqual(before);
    expect(await findGrainDrift(db(), org.id)).toEqual([]); // from the horizon on, grains still equal raw

    // The views: whole UTC days of May come from the rollups, in full; May by Kolkata days needs raw events and
    // says it lacks those before the horizon.
    const req = { orgId: org.id, sets: [[]], filters: noFilters() } as const;
    const may31 = dayRangeToInstants("2019-05-01", "2019-05-31", "UTC");
    const fromGrains = await aggregateSpendPlanned({ ...req, tz: "UTC", ...may31, sets: [[]] });
    expect(fromGrains).toMatchObject({ source: "rollup", shortfall: null });
    expect(fromGrains.rows[0].counts.events).toBe(2);
    const kolkata = await aggregateSpendPlanned({ ...req, tz: "Asia/Kolkata", ...dayRangeToInstants("2019-05-01", "2019-06-30", "Asia/Kolkata"), sets: [[]] });
    expect(kolkata.source).toBe("raw");
    expect(kolkata.shortfall).toMatch(/dropped by retention/);

    // A replay of a dropped event is a duplicate (the ledger remembers it), a changed one a conflict.
    const replay = await ingestEvents(org.id, [may[0]], { source: "api" });
    expect(replay).toMatchObject({ inserted: 0, duplicates: 1 });
    await expect(ingestEvents(org.id, [{ ...may[0], feature: "changed" }], { source: "api" })).rejects.toBeInstanceOf(IngestRejected);
    expect(await rollupTotals(org.id)).toEqual(before);

    // A rebuild over the dropped month (a reprice, a zone change) keeps the rows it cannot recompute.
    await db().$transaction((tx) => rebuildRange(tx, org.id, new Date("2019-04-01T00:00:00Z"), new Date("2019-07-01T00:00:00Z")));
    expect(await rollupTotals(org.id)).toEqual(before);
    const grainsAfter = await db().$queryRaw<Array<{ r: string }>>(Prisma.sql`
      SELECT to_jsonb(d)::text AS r FROM usage_rollup_daily d WHERE org_id = ${org.id}::uuid ORDER BY day, team_id`);
    expect(grainsAfter).toEqual(grainsBefore);

    // A late event for the dropped month: its partition comes back (even though this process saw it dropped) and
    // it is counted once; the next retention pass drops it again.
    await ingestEvents(org.id, [event({ id: "r-may-late", timestamp: new Date("2019-05-20T00:00:00Z") })], { source: "api" });
    expect(await ids(org.id)).toEqual(["r-june", "r-may-late"]);
    expect(Number((await rollupTotals(org.id)).events)).toBe(Number(before.events) + 1);
    expect(await applyRawRetention(db(), 1, RETAIN_NOW)).toContain("usage_events_p201905");
    expect(Number((await rollupTotals(org.id)).events)).toBe(Number(before.events) + 1);
  });

  it("an insert into a month whose partition another process dropped retries after re-creating it", async () => {
    const { org } = await createTestOrg();
    await ingestEvents(org.id, [event({ id: "d-1", timestamp: new Date("2019-03-03T00:00:00Z") })], { source: "api" });
    await db().$executeRaw(Prisma.sql`DROP TABLE usage_events_p201903`); // this process still believes it exists
    await ingestEvents(org.id, [event({ id: "d-2", timestamp: new Date("2019-03-04T00:00:00Z") })], { source: "api" });
    expect(await ids(org.id)).toEqual(["d-2"]);
  });

  it("the planner answers dropped months from rollups, and a raw plan over them says what it cannot answer", () => {
    const rawFrom = new Date("2019-06-01T00:00:00Z");
    const q = { tz: "UTC", orgTimeZone: "UTC", dims: ["day" as const], rawFrom };
    const daily = planQuery({ ...q, start: new Date("2019-05-01T00:00:00Z"), endExclusive: new Date("2019-06-01T00:00:00Z") });
    expect(daily.kind).toBe("grain");
    expect(rawShortfall(daily)).toBeNull();
    // Days of Kolkata in a UTC organization: only raw events answer, and those before the horizon are gone.
    const raw = planQuery({ ...q, tz: "Asia/Kolkata", start: new Date("2019-05-09T18:30:00Z"), endExclusive: new Date("2019-06-09T18:30:00Z") });
    expect(raw).toEqual({ kind: "raw", incompleteBefore: rawFrom });
    expect(rawShortfall(raw)).toMatch(/before 2019-06-01T00:00:00.000Z were dropped by retention/);
    const later = planQuery({ ...q, tz: "Asia/Kolkata", start: new Date("2019-06-09T18:30:00Z"), endExclusive: new Date("2019-06-10T18:30:00Z") });
    expect(later).toEqual({ kind: "raw" });
  });
});
