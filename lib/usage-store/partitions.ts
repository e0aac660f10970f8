import { Prisma } from "@/lib/db/client";

/**
 * Monthly partitions of usage_events and raw retention.
 *
 * usage_events is PARTITIONED BY RANGE (occurred_at): partition `usage_events_pYYYYMM` holds [first instant of the
 * UTC month, first instant of the next). Partitions are created ahead (the migration, `spendscope migrate` and every
 * scheduled worker pass create the previous month to MONTHS_AHEAD months ahead) and on demand for a batch whose
 * month has none (ingestion calls ensurePartitionsFor before its transaction, and again after a "no partition"
 * error, e.g. a late event for a month that retention dropped).
 *
 * Retention (RAW_RETENTION_MONTHS, unset = keep raw events forever) drops whole partitions that end at or before
 * the start of the UTC month RAW_RETENTION_MONTHS months back, and records that instant in usage_raw_horizon.
 * Nothing else changes: every rollup grain keeps its rows (totals stay exact), and the idempotency ledger
 * usage_event_ids keeps every id (a replay of a dropped event is still a duplicate, never counted twice).
 * Rebuilds and the drift check only touch buckets from the horizon on (rebuild.ts); the planner reports raw-only
 * queries over dropped months (planner.ts).
 *
 * DDL on usage_events (CREATE ... PARTITION OF, DROP TABLE of a partition) locks the parent: it never runs inside
 * an ingest or rebuild transaction, so it only waits for them (lock order in write.ts).
 */

type Sql = { $executeRaw(query: Prisma.Sql): PromiseLike<number>; $queryRaw<T>(query: Prisma.Sql): PromiseLike<T> };

export const MONTHS_AHEAD = 3;

/** First instant of the UTC month of `d`, shifted by `months`. */
export function monthStart(d: Date, months = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
}

/** `usage_events_pYYYYMM` for the UTC month starting at `month`. */
export function partitionName(month: Date): string {
  return `usage_events_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Month starts from the month of `from` to the month of `to`, inclusive. */
export function monthsBetween(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let m = monthStart(from); m.getTime() <= to.getTime(); m = monthStart(m, 1)) out.push(m);
  return out;
}

export interface PartitionInfo {
  name: string;
  from: Date;
  to: Date;
}

/** The partitions of usage_events with their bounds, oldest first. */
export async function listPartitions(client: Sql): Promise<PartitionInfo[]> {
  const rows = await client.$queryRaw<Array<{ name: string; bound: string }>>(Prisma.sql`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'usage_events'::regclass`);
  return rows
    .map((r) => {
      const m = /FROM \('([^']+)'\) TO \('([^']+)'\)/.exec(r.bound);
      return m ? { name: r.name, from: new Date(m[1]), to: new Date(m[2]) } : null;
    })
    .filter((p): p is PartitionInfo => p !== null)
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

const known = new Set<string>();

function isAlreadyExists(err: unknown): boolean {
  const text = `${(err as { code?: unknown })?.code ?? ""} ${(err as Error)?.message ?? ""} ${String((err as { cause?: unknown })?.cause ?? "")}`;
  return /42P07|already exists|23505|duplicate key/i.test(text);
}

/**
 * Creates the partitions of the given months that do not exist (idempotent; a concurrent creator is fine).
 * Call outside any transaction that touches usage storage.
 */
export async function ensurePartitions(client: Sql, months: readonly Date[]): Promise<string[]> {
  const created: string[] = [];
  for (const month of months) {
    const name = partitionName(month);
    try {
      const n = await client.$queryRaw<Array<{ exists: boolean }>>(Prisma.sql`SELECT to_regclass(${name}) IS NOT NULL AS exists`);
      if (!n[0]?.exists) {
        await client.$executeRaw(Prisma.sql`CREATE TABLE IF NOT EXISTS ${Prisma.raw(name)} PARTITION OF usage_events
          FOR VALUES FROM (${Prisma.raw(`'${month.toISOString()}'`)}) TO (${Prisma.raw(`'${monthStart(month, 1).toISOString()}'`)})`);
        created.push(name);
      }
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    known.add(name);
  }
  return created;
}

/**
 * Makes sure every month of `instants` has a partition. Months this process already saw are skipped (a partition
 * dropped meanwhile by retention makes the insert fail with "no partition", and the caller calls this again with
 * `force`).
 */
export async function ensurePartitionsFor(client: Sql, instants: Iterable<Date>, force = false): Promise<void> {
  const months = new Map<string, Date>();
  for (const t of instants) {
    const m = monthStart(t);
    const name = partitionName(m);
    if (force || !known.has(name)) months.set(name, m);
  }
  if (force) for (const name of months.keys()) known.delete(name);
  if (months.size > 0) await ensurePartitions(client, [...months.values()]);
}

/** The previous month through MONTHS_AHEAD months ahead of `now`. */
export function ensurePartitionsAhead(client: Sql, now = new Date()): Promise<string[]> {
  return ensurePartitions(client, monthsBetween(monthStart(now, -1), monthStart(now, MONTHS_AHEAD)));
}

/** "no partition of relation "usage_events" found for row" (23514). */
export function isMissingPartition(err: unknown): boolean {
  const text = `${(err as Error)?.message ?? ""} ${String((err as { cause?: unknown })?.cause ?? "")}`;
  return /no partition of relation/i.test(text);
}

/** Raw events before this instant may have been dropped; null = nothing was ever dropped. */
export async function rawHorizon(client: Pick<Sql, "$queryRaw">): Promise<Date | null> {
  const rows = await client.$queryRaw<Array<{ raw_from: Date }>>(Prisma.sql`SELECT raw_from FROM usage_raw_horizon WHERE id = 1`);
  return rows[0]?.raw_from ?? null;
}

/** SQL scalar: the raw horizon, '-infinity' when nothing was dropped. */
export const RAW_HORIZON_SQL = Prisma.sql`COALESCE((SELECT raw_from FROM usage_raw_horizon WHERE id = 1), '-infinity'::timestamptz)`;

/**
 * SQL: the first local midnight (in `zone`, a SQL scalar) at or after the raw horizon; '-infinity' when nothing
 * was dropped. Buckets from here on are made only of retained raw events, so they can be rebuilt and checked:
 * hourly from date_trunc('hour', this), daily from (this AT TIME ZONE zone)::date.
 */
export function rawClampSql(zone: Prisma.Sql): Prisma.Sql {
  const local = Prisma.sql`(${RAW_HORIZON_SQL} AT TIME ZONE ${zone})`;
  return Prisma.sql`(CASE WHEN ${RAW_HORIZON_SQL} = '-infinity'::timestamptz THEN '-infinity'::timestamptz
    ELSE ((${local}::date + CASE WHEN ${local}::time = '00:00' THEN 0 ELSE 1 END)::timestamp AT TIME ZONE ${zone}) END)`;
}

/**
 * Drops every partition that ends at or before the start of the UTC month `months` months before `now`, after
 * raising the horizon to that instant (first, so no rebuild that starts later reads the months being dropped; the
 * horizon only ever moves forward).
 * Returns the dropped partition names.
 */
export async function applyRawRetention(client: Sql, months: number, now = new Date()): Promise<string[]> {
  if (!Number.isInteger(months) || months < 1) throw new Error("raw retention must be a whole number of months, at least 1");
  const cutoff = monthStart(now, -months);
  // The horizon moves even when no partition is due (raw events before it are not kept, whether or not a partition
  // for them happened to exist), so answers never depend on which partitions exist.
  await client.$executeRaw(Prisma.sql`
    INSERT INTO usage_raw_horizon (id, raw_from) VALUES (1, ${cutoff})
    ON CONFLICT (id) DO UPDATE SET raw_from = GREATEST(usage_raw_horizon.raw_from, EXCLUDED.raw_from)`);
  const old = (await listPartitions(client)).filter((p) => p.to.getTime() <= cutoff.getTime());
  for (const p of old) {
    await client.$executeRaw(Prisma.sql`DROP TABLE IF EXISTS ${Prisma.raw(p.name)}`);
    known.delete(p.name);
  }
  return old.map((p) => p.name);
}

/** The storage part of a scheduled worker pass and of `spendscope migrate`: partitions ahead, then retention. */
export async function maintainUsageStorage(
  client: Sql,
  retentionMonths: number | undefined,
  now = new Date(),
): Promise<{ created: string[]; dropped: string[] }> {
  const created = await ensurePartitionsAhead(client, now);
  const dropped = retentionMonths ? await applyRawRetention(client, retentionMonths, now) : [];
  return { created, dropped };
}
