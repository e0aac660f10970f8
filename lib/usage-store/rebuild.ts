import { Prisma, type Tx } from "@/lib/db/client";
import { GRAINS, grainSelect, grainUpsert, orgZoneSql, type Grain } from "./grains";
import { dimColumn, EVENT_DIMS, MEASURES, measureRowSelectList, rawMeasureRows } from "./measures";
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

/** The organization's retained events as measure rows with every measure negated (taken back out of a grain). */
function negatedRawMeasureRows(orgId: string): Prisma.Sql {
  const dims = EVENT_DIMS.map(dimColumn).join(", ");
  const ms = MEASURES.map((m) => `-(${m.perEvent}) AS ${m.column}`).join(", ");
  return Prisma.sql`(SELECT org_id, occurred_at, ${Prisma.raw(dims)}, ${Prisma.raw(ms)}
    FROM usage_events WHERE org_id = ${orgId}::uuid)`;
}

/**
 * Re-labels the daily grains of the organization from zone `oldZone` to its current zone (after its time zone
 * changed), keeping every event counted exactly once although raw retention may have dropped some of them:
 *   1. take every retained event back out of the row of its old-zone date (subtract its measures);
 *   2. delete the rows left all zero: what remains is exactly the dropped events, by old-zone date;
 *   3. move remainders dated on or after the clamp (the first new-zone midnight after the raw horizon; possible
 *      when the zone moves west) to the day before it, so every day from the clamp on holds retained events only;
 *   4. add every retained event to the row of its new-zone date.
 * Days from the clamp on are then exact in the new zone (rebuildable, drift-checked); earlier days keep the
 * dropped events' sums under their old-zone dates. Without retention, steps 1-2 empty the grains and step 4
 * rebuilds them.
 */
export async function rebuildDailyGrains(tx: Tx, orgId: string, oldZone: string): Promise<void> {
  await lockStorageExclusive(tx, orgId);
  const zone = orgZoneSql(orgId);
  for (const g of GRAINS.filter((x) => x.time === "day")) {
    const lo = clampBucket(g, zone);
    const key = ["org_id", "day", ...g.dims.map(dimColumn)];
    const cols = MEASURES.map((m) => m.column);
    await tx.$executeRaw(grainUpsert(g, negatedRawMeasureRows(orgId), Prisma.sql`${oldZone}`));
    await tx.$executeRaw(Prisma.sql`
      DELETE FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid
        AND ${Prisma.raw(cols.map((c) => `${c} = 0`).join(" AND "))}`);
    const sums = cols.map((c) => `SUM(${c})`).join(", ");
    const dims = g.dims.map(dimColumn).join(", ");
    await tx.$executeRaw(Prisma.sql`
      WITH moved AS (
        DELETE FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid AND day >= ${lo} RETURNING *
      )
      INSERT INTO ${Prisma.raw(g.table)} (${Prisma.raw(key.join(", "))}, ${Prisma.raw(cols.join(", "))})
      SELECT org_id, ${lo} - 1, ${Prisma.raw(dims)}, ${Prisma.raw(sums)} FROM moved
      GROUP BY org_id, ${Prisma.raw(dims)} ORDER BY org_id, ${Prisma.raw(dims)}
      ON CONFLICT (${Prisma.raw(key.join(", "))}) DO UPDATE SET
        ${Prisma.raw(cols.map((c) => `${c} = ${g.table}.${c} + EXCLUDED.${c}`).join(", "))}`);
    await tx.$executeRaw(grainUpsert(g, rawMeasureRows(orgId), zone));
  }
}

/**
 * Changes the organization's time zone and re-labels its daily grains in the same transaction, so no reader ever
 * sees days of one zone labelled with another (from the raw clamp on). Cost: two passes over its events.
 */
export async function changeOrgTimeZone(tx: Tx, orgId: string, timeZone: string): Promise<void> {
  await lockStorageExclusive(tx, orgId);
  const [{ zone: oldZone }] = await tx.$queryRaw<Array<{ zone: string }>>(Prisma.sql`
    SELECT time_zone AS zone FROM organizations WHERE id = ${orgId}::uuid FOR UPDATE`);
  await tx.$executeRaw(Prisma.sql`
    UPDATE organizations SET time_zone = ${timeZone}, updated_at = now() WHERE id = ${orgId}::uuid`);
  await rebuildDailyGrains(tx, orgId, oldZone);
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
