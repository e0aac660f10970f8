import { Prisma, type Tx } from "@/lib/db/client";
import { GRAINS, grainSelect, grainUpsert, orgZoneSql, type Grain } from "./grains";
import { dimColumn, MEASURES, measureRowSelectList } from "./measures";
import { lockStorageExclusive } from "./write";

/**
 * Rebuilds grain rows from usage_events, so every grain equals the aggregate of its events again after events
 * changed in place (repricing) or the organization's zone changed (daily grains). Runs in the caller's transaction
 * after taking the storage lock EXCLUSIVE (write.ts lock order), so no additive upsert of the organization
 * interleaves: an ingest either committed before (its events are re-aggregated here) or writes after this commits.
 *
 * A range [from, to) is widened per grain to whole buckets: whole UTC hours for hourly, whole org-local dates for
 * the daily grains (a local date is exactly `(occurred_at AT TIME ZONE zone)::date`, whatever its length).
 */

/** Deletes and re-aggregates grain `g` for the buckets touching [from, to). Returns rows written. */
async function rebuildGrainRange(tx: Tx, orgId: string, g: Grain, from: Date, to: Date): Promise<number> {
  const zone = orgZoneSql(orgId);
  const f = Prisma.sql`${from.toISOString()}::timestamptz`;
  const t = Prisma.sql`${to.toISOString()}::timestamptz`;
  if (g.time === "hour") {
    const lo = Prisma.sql`date_trunc('hour', ${f}, 'UTC')`;
    const hi = Prisma.sql`date_trunc('hour', ${t} - interval '1 millisecond', 'UTC') + interval '1 hour'`;
    await tx.$executeRaw(Prisma.sql`
      DELETE FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid AND hour >= ${lo} AND hour < ${hi}`);
    return tx.$executeRaw(grainUpsert(g, Prisma.sql`(
      SELECT ${measureRowSelectList()} FROM usage_events
      WHERE org_id = ${orgId}::uuid AND occurred_at >= ${lo} AND occurred_at < ${hi})`, zone));
  }
  const loDay = Prisma.sql`(${f} AT TIME ZONE ${zone})::date`;
  const hiDay = Prisma.sql`((${t} - interval '1 millisecond') AT TIME ZONE ${zone})::date + 1`;
  await tx.$executeRaw(Prisma.sql`
    DELETE FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid AND day >= ${loDay} AND day < ${hiDay}`);
  // Local dates as instants, padded by a day on each side (offsets are < 1 day) for the index range; the date
  // test itself is exact.
  return tx.$executeRaw(grainUpsert(g, Prisma.sql`(
    SELECT ${measureRowSelectList()} FROM usage_events
    WHERE org_id = ${orgId}::uuid
      AND occurred_at >= ${f} - interval '2 days' AND occurred_at < ${t} + interval '2 days'
      AND (occurred_at AT TIME ZONE ${zone})::date >= ${loDay}
      AND (occurred_at AT TIME ZONE ${zone})::date < ${hiDay})`, zone));
}

/** Rebuilds every grain over the buckets touching [from, to). */
export async function rebuildRange(
  tx: Tx,
  orgId: string,
  from: Date,
  to: Date,
  grains: readonly Grain[] = GRAINS,
): Promise<void> {
  if (!(to.getTime() > from.getTime())) return;
  await lockStorageExclusive(tx, orgId);
  for (const g of grains) await rebuildGrainRange(tx, orgId, g, from, to);
}

/** Rebuilds the daily grains of the organization from all its events (after its time zone changed). */
export async function rebuildDailyGrains(tx: Tx, orgId: string): Promise<void> {
  await lockStorageExclusive(tx, orgId);
  const zone = orgZoneSql(orgId);
  for (const g of GRAINS.filter((x) => x.time === "day")) {
    await tx.$executeRaw(Prisma.sql`DELETE FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid`);
    await tx.$executeRaw(grainUpsert(g, Prisma.sql`(
      SELECT ${measureRowSelectList()} FROM usage_events WHERE org_id = ${orgId}::uuid)`, zone));
  }
}

/**
 * Changes the organization's time zone and rebuilds its daily grains in the same transaction, so no reader ever
 * sees days of one zone labelled with another. Cost: one pass over the organization's events.
 */
export async function changeOrgTimeZone(tx: Tx, orgId: string, timeZone: string): Promise<void> {
  await lockStorageExclusive(tx, orgId);
  await tx.$executeRaw(Prisma.sql`
    UPDATE organizations SET time_zone = ${timeZone}, updated_at = now() WHERE id = ${orgId}::uuid`);
  await rebuildDailyGrains(tx, orgId);
}

export interface GrainDrift {
  grain: Grain["name"];
  kind: "missing" | "unexpected";
  row: unknown;
}

type RawReader = { $queryRaw<T>(query: Prisma.Sql): PromiseLike<T> };

/**
 * Rows where a grain differs from the GROUP BY of the organization's raw events (missing = the events say so but
 * the grain lacks it or holds other sums; unexpected = the reverse). Empty = every grain is exact. A check for
 * tests and operators; one pass over the organization's events per grain.
 */
export async function findGrainDrift(
  client: RawReader,
  orgId: string,
  grains: readonly Grain[] = GRAINS,
): Promise<GrainDrift[]> {
  const out: GrainDrift[] = [];
  for (const g of grains) {
    const key = ["org_id", g.time, ...g.dims.map(dimColumn)];
    const all = [...key, ...MEASURES.map((m) => m.column)].join(", ");
    const events = Prisma.sql`(SELECT ${measureRowSelectList()} FROM usage_events WHERE org_id = ${orgId}::uuid)`;
    const expected = grainSelect(g, events, orgZoneSql(orgId));
    const rows = await client.$queryRaw<Array<{ kind: "missing" | "unexpected"; row: unknown }>>(Prisma.sql`
      WITH expected AS (${expected}),
      actual AS (SELECT ${Prisma.raw(all)} FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid)
      (SELECT 'missing' AS kind, to_jsonb(x) AS row FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) x)
      UNION ALL
      (SELECT 'unexpected', to_jsonb(y) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) y)`);
    for (const r of rows) out.push({ grain: g.name, kind: r.kind, row: r.row });
  }
  return out;
}
