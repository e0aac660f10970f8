/**
 * The baseline every view figure is printed against: the same aggregate as a plain GROUP BY over raw
 * usage_events (no rollup), with the measures a view shows (counts, tokens, cost and its six buckets), over the
 * same instants, zone and filters. Deliberately independent of lib/spend so it measures the same thing whatever
 * the storage code becomes.
 */
import { db, Prisma } from "../lib/db/client";
import { dayRangeToInstants } from "../lib/time/tz";
import type { DateRange } from "../lib/time/ranges";

export type RawDim =
  | "team" | "feature" | "model" | "workflow" | "provider" | "outcome" | "stage" | "quality" | "size" | "batch" | "day";

export interface RawFilter {
  teamIds?: string[];
  feature?: string;
  model?: string;
  workflow?: string;
}

export interface RawQuery {
  range: DateRange;
  tz: string;
  dims: RawDim[];
  filter?: RawFilter;
}

const MEASURES = `count(*) AS events, sum(COALESCE(images, 0)) AS images,
  sum(COALESCE(input_images, 0)) AS input_images,
  sum(CASE WHEN outcome = 'accepted' THEN COALESCE(images, 1) ELSE 0 END) AS accepted_outputs,
  sum(CASE WHEN attempt > 1 THEN 1 ELSE 0 END) AS retries, sum(CASE WHEN priced THEN 0 ELSE 1 END) AS unpriced,
  sum(CASE WHEN warnings <> '[]'::jsonb THEN 1 ELSE 0 END) AS warning_events,
  sum(CASE WHEN estimated THEN 1 ELSE 0 END) AS estimated,
  sum(text_input_tokens) AS ti, sum(cached_text_input_tokens) AS cti, sum(text_output_tokens) AS tout,
  sum(image_input_tokens) AS ii, sum(cached_image_input_tokens) AS cii,
  sum(image_output_tokens::bigint + estimated_image_output_tokens) AS io,
  sum(COALESCE(cost, 0)) AS cost, sum(COALESCE(text_input_cost, 0)) AS c_ti,
  sum(COALESCE(cached_text_input_cost, 0)) AS c_cti, sum(COALESCE(text_output_cost, 0)) AS c_to,
  sum(COALESCE(image_input_cost, 0)) AS c_ii, sum(COALESCE(cached_image_input_cost, 0)) AS c_cii,
  sum(COALESCE(image_output_cost, 0)) AS c_io`;

function dimSql(d: RawDim, tz: string): Prisma.Sql {
  if (d === "day") return Prisma.sql`(occurred_at AT TIME ZONE ${tz})::date`;
  if (d === "team") return Prisma.raw("team_id");
  return Prisma.raw(d);
}

/** One plain GROUP BY over raw events; returns the row count (the rows themselves are not needed). */
export async function rawGroupBy(orgId: string, q: RawQuery): Promise<number> {
  const { start, endExclusive } = dayRangeToInstants(q.range.from, q.range.to, q.tz);
  const where: Prisma.Sql[] = [
    Prisma.sql`org_id = ${orgId}::uuid`,
    Prisma.sql`occurred_at >= ${start.toISOString()}::timestamptz`,
    Prisma.sql`occurred_at < ${endExclusive.toISOString()}::timestamptz`,
  ];
  const f = q.filter ?? {};
  if (f.teamIds) where.push(Prisma.sql`team_id = ANY(${f.teamIds}::uuid[])`);
  if (f.feature) where.push(Prisma.sql`feature = ${f.feature}`);
  if (f.model) where.push(Prisma.sql`model = ${f.model}`);
  if (f.workflow) where.push(Prisma.sql`workflow::text = ${f.workflow}`);
  const dims = q.dims.map((d) => dimSql(d, q.tz));
  const select = dims.length ? Prisma.sql`${Prisma.join(dims)}, ${Prisma.raw(MEASURES)}` : Prisma.raw(MEASURES);
  const positions = dims.map((_, i) => Prisma.raw(String(i + 1)));
  const group = dims.length ? Prisma.sql`GROUP BY ${Prisma.join(positions)}` : Prisma.empty;
  const rows = await db().$queryRaw<unknown[]>(
    Prisma.sql`SELECT ${select} FROM usage_events WHERE ${Prisma.join(where, " AND ")} ${group}`,
  );
  return rows.length;
}

/** Distinct values of a column over a range (the filter options). */
export async function rawDistinct(
  orgId: string,
  column: "model" | "provider",
  range: DateRange,
  tz: string,
): Promise<number> {
  const { start, endExclusive } = dayRangeToInstants(range.from, range.to, tz);
  const rows = await db().$queryRaw<unknown[]>(Prisma.sql`
    SELECT DISTINCT ${Prisma.raw(column)} FROM usage_events
    WHERE org_id = ${orgId}::uuid AND occurred_at >= ${start.toISOString()}::timestamptz
      AND occurred_at < ${endExclusive.toISOString()}::timestamptz`);
  return rows.length;
}

/** All of a page's raw aggregates, concurrently (as the page's loaders run theirs). */
export async function rawPage(
  orgId: string,
  queries: RawQuery[],
  distinct: Array<{ column: "model" | "provider"; range: DateRange; tz: string }> = [],
): Promise<void> {
  await Promise.all([
    ...queries.map((q) => rawGroupBy(orgId, q)),
    ...distinct.map((d) => rawDistinct(orgId, d.column, d.range, d.tz)),
  ]);
}
