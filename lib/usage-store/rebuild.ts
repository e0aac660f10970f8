import { Prisma, type Tx } from "@/lib/db/client";
import { GRAINS, grainSelect, grainUpsert, orgZoneSql, type Grain } from "./grains";
import { dimColumn, MEASURES, measureRowSelectList } from "./measures";
import { rawClampSql } from "./partitions";
import { lockStorageExclusive } from "./write";

/**
 * Rebuilds grain rows from usage_events, so every grain equals the aggregate of its events again after events
 * changed in place (repricing) or the organization's zone changed (daily grains). Runs in the caller's transaction
 * after taking the storage lock EXCLUSIVE (write.ts lock order), so no additive upsert of the organization
 * interleaves: an ingest either committed before (its events are re-aggregated here) or writes after this commits.
 *
 * A range [from, to) is widened per grain to whole buckets: whole UTC hours for hourly, whole org-local dates for
 * the daily grains (a local date is exactly `(occurred_at AT TIME ZONE zone)::date`, whatever its length).
 *
 * Raw retention (partitions.ts): buckets before the raw horizon's first local midnight are never deleted or
 * re-aggregated (their raw events may be gone; their rows keep the sums they had: prices at the time, the zone at
 * the time). Rebuilds and the drift check cover the buckets from there on.
 */

/** Lowest bucket a rebuild or drift check may touch, for grain `g`. */
function clampBucket(g: Grain, zone: Prisma.Sql): Prisma.Sql {
  const c = rawClampSql(zone);
  return g.time === "hour" ? Prisma.sql`date_trunc('hour', ${c}, 'UTC')` : Prisma.sql`(${c} AT TIME ZONE ${zone})::date`;
}

/** Deletes and re-aggregates grain `g` for the buckets touching [from, to). Returns rows written. */
async function rebuildGrainRange(tx: Tx, orgId: string, g: Grain, from: Date, to: Date): Promise<number> {
  const zone = orgZoneSql(orgId);
  const f = Prisma.sql`${from.toISOString()}::timestamptz`;
  const t = Prisma.sql`${to.toISOString()}::timestamptz`;
  if (g.time === "hour") {
    const lo = Prisma.sql`GREATEST(date_trunc('hour', ${f}, 'UTC'), ${clampBucket(g, zone)})`;
    const hi = Prisma.sql`date_trunc('hour', ${t} - interval '1 millisecond', 'UTC') + interval '1 hour'`;
    await tx.$executeRaw(Prisma.sql`
      DELETE FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid AND hour >= ${lo} AND hour < ${hi}`);
    return tx.$executeRaw(grainUpsert(g, Prisma.sql`(
      SELECT ${measureRowSelectList()} FROM usage_events
      WHERE org_id = ${orgId}::uuid AND occurred_at >= ${lo} AND occurred_at < ${hi})`, zone));
  }
  const loDay = Prisma.sql`GREATEST((${f} AT TIME ZONE ${zone})::date, ${clampBucket(g, zone)})`;
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
    const lo = clampBucket(g, zone);
    await tx.$executeRaw(Prisma.sql`DELETE FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid AND day >= ${lo}`);
    await tx.$executeRaw(grainUpsert(g, Prisma.sql`(
      SELECT ${measureRowSelectList()} FROM usage_events
      WHERE org_id = ${orgId}::uuid AND (occurred_at AT TIME ZONE ${zone})::date >= ${lo})`, zone));
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
 * tests and operators; one pass over the organization's events per grain. Buckets before the raw horizon's first
 * local midnight are not compared (their raw events may have been dropped by retention).
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
    const zone = orgZoneSql(orgId);
    const lo = clampBucket(g, zone);
    const bucket = g.time === "hour" ? Prisma.sql`occurred_at` : Prisma.sql`(occurred_at AT TIME ZONE ${zone})::date`;
    const events = Prisma.sql`(SELECT ${measureRowSelectList()} FROM usage_events
      WHERE org_id = ${orgId}::uuid AND ${bucket} >= ${lo})`;
    const expected = grainSelect(g, events, zone);
    const rows = await client.$queryRaw<Array<{ kind: "missing" | "unexpected"; row: unknown }>>(Prisma.sql`
      WITH expected AS (${expected}),
      actual AS (SELECT ${Prisma.raw(all)} FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid AND ${Prisma.raw(g.time)} >= ${lo})
      (SELECT 'missing' AS kind, to_jsonb(x) AS row FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) x)
      UNION ALL
      (SELECT 'unexpected', to_jsonb(y) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) y)`);
    for (const r of rows) out.push({ grain: g.name, kind: r.kind, row: r.row });
  }
  return out;
}
