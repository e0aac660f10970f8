import { Prisma } from "@/lib/db/client";
import { dimColumn, EVENT_DIMS, MEASURES, sumOf, type EventDim } from "./measures";

/**
 * The rollup grains: which table, which time bucket, which dimensions. Every grain row is the SUM of the measures
 * (measures.ts) over the events with its key, exactly (no row is ever edited otherwise).
 *
 * - hourly: UTC hour, every dimension. Exact for any window on whole UTC hours and for local days in any zone whose
 *   offsets are whole hours.
 * - daily: the organization's LOCAL date (organizations.time_zone at write time), every dimension. Exact for any
 *   window of whole local days in the org zone, whatever its offset (half-hour zones, DST).
 * - daily_team_feature / daily_team_model: org-local date and only the dimensions the pages group and filter by:
 *   far fewer rows than the full grains when data is sparse.
 * - daily_feature: org-local date, team and feature only: the feature list, totals and day series (at most one row
 *   per feature and day, however many workflows, batch modes and providers it uses).
 * - daily_outcome: org-local date, team, feature, model and outcome: the detail pages' outcome breakdown (filtered
 *   by team, feature or model) without the full daily grain.
 *
 * GRAINS order is the write and lock order: every writer upserts the grains in this order, each in key order.
 */

export interface Grain {
  name: "hourly" | "daily" | "daily_team_feature" | "daily_team_model" | "daily_feature" | "daily_outcome";
  table: string;
  time: "hour" | "day";
  dims: readonly EventDim[];
}

const ALL: readonly EventDim[] = EVENT_DIMS;

export const HOURLY: Grain = { name: "hourly", table: "usage_rollup_hourly", time: "hour", dims: ALL };
export const DAILY: Grain = { name: "daily", table: "usage_rollup_daily", time: "day", dims: ALL };
export const DAILY_TEAM_FEATURE: Grain = {
  name: "daily_team_feature",
  table: "usage_rollup_daily_team_feature",
  time: "day",
  dims: ["team", "feature", "provider", "workflow", "batch"],
};
export const DAILY_TEAM_MODEL: Grain = {
  name: "daily_team_model",
  table: "usage_rollup_daily_team_model",
  time: "day",
  dims: ["team", "model", "provider", "workflow"],
};

export const DAILY_FEATURE: Grain = {
  name: "daily_feature",
  table: "usage_rollup_daily_feature",
  time: "day",
  dims: ["team", "feature"],
};
export const DAILY_OUTCOME: Grain = {
  name: "daily_outcome",
  table: "usage_rollup_daily_outcome",
  time: "day",
  dims: ["team", "feature", "model", "outcome"],
};

/** Write/lock order (new grains are appended). */
export const GRAINS: readonly Grain[] = [HOURLY, DAILY, DAILY_TEAM_FEATURE, DAILY_TEAM_MODEL, DAILY_FEATURE, DAILY_OUTCOME];

/**
 * Daily grains, narrowest (fewest rows) first: the planner takes the first that can answer. daily_feature has at
 * most one row per feature and day (500 features: 500 a day), fewer than daily_team_model's team x model x provider x
 * workflow; daily_outcome (feature x model x outcome) comes after the two wider-keyed narrow grains it rarely beats.
 */
export const DAILY_GRAINS: readonly Grain[] = [DAILY_FEATURE, DAILY_TEAM_MODEL, DAILY_TEAM_FEATURE, DAILY_OUTCOME, DAILY];

/** The SQL time-bucket column of a grain. */
export function timeColumn(g: Grain): string {
  return g.time;
}

/** The organization's zone as a SQL scalar (an InitPlan: evaluated once per statement). */
export function orgZoneSql(orgId: string): Prisma.Sql {
  return Prisma.sql`(SELECT time_zone FROM organizations WHERE id = ${orgId}::uuid)`;
}

/** Bucket of a measure row's instant for grain `g` (`zone` is the org zone; days are local dates in it). */
function bucketOf(g: Grain, alias: string, zone: Prisma.Sql): Prisma.Sql {
  return g.time === "hour"
    ? Prisma.raw(`date_trunc('hour', ${alias}.occurred_at, 'UTC')`)
    : Prisma.sql`(${Prisma.raw(alias)}.occurred_at AT TIME ZONE ${zone})::date`;
}

function keyColumns(g: Grain): string[] {
  return ["org_id", timeColumn(g), ...g.dims.map(dimColumn)];
}

/**
 * How a grain reads its time bucket from the relation it aggregates: "instant" computes it from each row's
 * occurred_at (measure rows); "bucketed" reads the precomputed `hour` / `day` column of batch deltas (batchDeltas).
 */
type BucketSource = "instant" | "bucketed";

/** SELECT of grain rows (key + summed measures) from a measure-row relation, in key order. */
export function grainSelect(g: Grain, measureRows: Prisma.Sql, zone: Prisma.Sql, source: BucketSource = "instant"): Prisma.Sql {
  const dims = g.dims.map((d) => `m.${dimColumn(d)}`);
  const n = 2 + dims.length;
  const positions = Array.from({ length: n }, (_, i) => i + 1).join(", ");
  const rest = Prisma.raw([...dims, ...MEASURES.map((x) => sumOf(x, "m"))].join(", "));
  const bucket = source === "bucketed" ? Prisma.raw(`m.${timeColumn(g)}`) : bucketOf(g, "m", zone);
  return Prisma.sql`
    SELECT m.org_id, ${bucket}, ${rest}
    FROM ${measureRows} m
    GROUP BY ${Prisma.raw(positions)} ORDER BY ${Prisma.raw(positions)}`;
}

/**
 * Adds the aggregate of `measureRows` to grain `g` (ON CONFLICT ... DO UPDATE col = col + EXCLUDED.col), in key
 * order so concurrent writers lock rows in the same order.
 */
export function grainUpsert(g: Grain, measureRows: Prisma.Sql, zone: Prisma.Sql, source: BucketSource = "instant"): Prisma.Sql {
  const key = keyColumns(g).join(", ");
  const cols = MEASURES.map((m) => m.column);
  const add = cols.map((c) => `${c} = ${g.table}.${c} + EXCLUDED.${c}`).join(", ");
  return Prisma.sql`
    INSERT INTO ${Prisma.raw(g.table)} (${Prisma.raw(key)}, ${Prisma.raw(cols.join(", "))})
    ${grainSelect(g, measureRows, zone, source)}
    ON CONFLICT (${Prisma.raw(key)}) DO UPDATE SET ${Prisma.raw(add)}`;
}

/**
 * The batch's deltas: measure rows summed once per (UTC hour, org-local day, every dimension). Every grain's key is
 * a function of that key (its time bucket is the hour or the day, its dimensions a subset), so each grain's rows are
 * the sums of these deltas, exactly (integer and numeric sums are associative; no cast rounds: SUM of numeric(30,12)
 * keeps scale 12). A batch collapses from one row per event to one per hour x day x dimension combination, and the
 * grains sort and group that instead of the events.
 */
function batchDeltas(measureRowsName: string, zone: Prisma.Sql): Prisma.Sql {
  const sums = MEASURES.map((m) => `SUM(m.${m.column}) AS ${m.column}`).join(", ");
  const positions = Array.from({ length: 3 + EVENT_DIMS.length }, (_, i) => i + 1).join(", ");
  return Prisma.sql`
    SELECT m.org_id, ${bucketOf(HOURLY, "m", zone)} AS hour, ${bucketOf(DAILY, "m", zone)} AS day,
      ${Prisma.raw(EVENT_DIMS.map((d) => `m.${dimColumn(d)}`).join(", "))}, ${Prisma.raw(sums)}
    FROM ${Prisma.raw(measureRowsName)} m
    GROUP BY ${Prisma.raw(positions)}`;
}

/**
 * Upserts of every grain as CTEs of one statement (`WITH ..., grain_delta AS (...), grain_0 AS (...), ...`), in
 * GRAINS order, each from the batch deltas (batchDeltas).
 */
export function allGrainUpsertCtes(measureRowsName: string, zone: Prisma.Sql): Prisma.Sql {
  const upserts = GRAINS.map((g, i) => {
    const upsert = grainUpsert(g, Prisma.raw("grain_delta"), zone, "bucketed");
    return Prisma.sql`${Prisma.raw(`grain_${i}`)} AS (${upsert})`;
  });
  return Prisma.join([Prisma.sql`grain_delta AS MATERIALIZED (${batchDeltas(measureRowsName, zone)})`, ...upserts], ", ");
}
