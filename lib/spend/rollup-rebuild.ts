import { Prisma, type Tx } from "@/lib/db/client";
import { rollupUpsert } from "@/lib/ingest/rollups";

/**
 * Rebuilds usage_rollup_hourly rows from usage_events for whole UTC hours, so a rollup always equals
 * the aggregate of its events (used after repricing; usable after any bulk change of events).
 * The aggregate itself is ingest's one definition (lib/ingest/rollups.ts), so rebuilt rows and
 * additively upserted rows can never disagree about what a column means.
 */

/**
 * Blocks every other writer of the rollup table until this transaction ends (and waits for the ones
 * in flight). Taken first, it makes delete + re-aggregate safe against concurrent additive upserts:
 * an ingest transaction either committed before (its events are re-aggregated here) or upserts after
 * this transaction commits (adding its own events on top). Do not call it in a transaction that has
 * already upserted rollups while others may be doing the same: two such transactions deadlock.
 */
export async function lockRollups(tx: Tx): Promise<void> {
  await tx.$executeRaw(Prisma.sql`LOCK TABLE usage_rollup_hourly IN SHARE ROW EXCLUSIVE MODE`);
}

/** Start of the UTC hour containing `d`. */
export function hourOf(d: Date): Date {
  const t = d.getTime();
  return new Date(t - (((t % 3_600_000) + 3_600_000) % 3_600_000));
}

/** Distinct UTC hours, as ISO strings (the parameter form the rebuild query takes). */
export function distinctHours(dates: Iterable<Date>): string[] {
  const set = new Set<string>();
  for (const d of dates) set.add(hourOf(d).toISOString());
  return [...set].sort();
}

/**
 * Deletes and re-aggregates the organization's rollup rows for `hours` (any instant inside an hour
 * selects that hour) from usage_events, in the caller's transaction. Returns the rollup rows written.
 */
export async function rebuildRollupHours(tx: Tx, orgId: string, hours: Date[]): Promise<number> {
  const hourList = distinctHours(hours);
  if (hourList.length === 0) return 0;
  await lockRollups(tx);
  await tx.$executeRaw(
    Prisma.sql`DELETE FROM usage_rollup_hourly WHERE org_id = ${orgId}::uuid AND hour = ANY(${hourList}::timestamptz[])`,
  );
  // Nothing else can write these rows while we hold the lock, so the upsert only inserts.
  return tx.$executeRaw(rollupUpsert(eventsOfHours(orgId, hourList)));
}

/**
 * usage_events of the organization in the given hours. Dense hours (a reprice chunk, contiguous in time): one
 * range scan over their span. Sparse hours (far apart): one index range per hour, so a few scattered hours never
 * scan the months between them.
 */
function eventsOfHours(orgId: string, hourList: string[]): Prisma.Sql {
  const first = hourList[0];
  const end = new Date(new Date(hourList[hourList.length - 1]).getTime() + 3_600_000).toISOString();
  const spanHours = (Date.parse(end) - Date.parse(first)) / 3_600_000;
  if (spanHours <= 4 * hourList.length) {
    return Prisma.sql`(
      SELECT * FROM usage_events
      WHERE org_id = ${orgId}::uuid AND occurred_at >= ${first}::timestamptz AND occurred_at < ${end}::timestamptz
        AND date_trunc('hour', occurred_at, 'UTC') = ANY(${hourList}::timestamptz[])
    ) AS rebuilt`;
  }
  return Prisma.sql`(
    SELECT e.* FROM unnest(${hourList}::timestamptz[]) AS h(hour)
    JOIN usage_events e ON e.org_id = ${orgId}::uuid AND e.occurred_at >= h.hour AND e.occurred_at < h.hour + interval '1 hour'
  ) AS rebuilt`;
}
