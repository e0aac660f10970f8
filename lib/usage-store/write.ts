import { Prisma, type Tx } from "@/lib/db/client";
import type { PreparedEvent } from "@/lib/ingest/prepare";
import { insertColumnList, insertSelectList, recordsetEvents, toRecordsetJson } from "./columns";
import { allGrainUpsertCtes, orgZoneSql } from "./grains";
import { measureRowSelectList, MEASURE_ROW_COLUMNS } from "./measures";

/**
 * Writes of usage: new events plus every grain, in ONE statement inside the caller's transaction.
 *
 * Lock order (every writer and rebuilder of usage storage follows it, so they cannot deadlock each other):
 *   1. the pricing advisory lock (lib/pricing/pricing-lock.ts; ingest shared, publish exclusive), when taken;
 *   2. the organization's storage advisory lock: writers SHARED (lockStorageShared), rebuilders EXCLUSIVE
 *      (lockStorageExclusive, rebuild.ts) — a rebuild never interleaves with an additive upsert of the same org;
 *   3. usage_event_ids rows, the idempotency ledger (inserted in id order);
 *   4. usage_events rows (only the ids the ledger admitted);
 *   5. grain rows, grain by grain in GRAINS order, each in key order.
 * Partition DDL (partitions.ts: create ahead, retention drops) locks the usage_events parent and never runs inside
 * one of these transactions: it waits for them.
 */

function storageKey(orgId: string): Prisma.Sql {
  return Prisma.sql`hashtextextended(${`usage-store:${orgId}`}, 0)`;
}

export async function lockStorageShared(tx: Tx, orgId: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock_shared(${storageKey(orgId)})`);
}

export async function lockStorageExclusive(tx: Tx, orgId: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(${storageKey(orgId)})`);
}

export interface BatchMeta {
  source: string;
  apiKeyId: string | null;
}

/**
 * Inserts the events that are new and adds exactly those rows to every grain, in one statement (takes the storage
 * lock shared first). "New" is decided by the idempotency ledger usage_event_ids (INSERT ... ON CONFLICT
 * (org_id, id) DO NOTHING RETURNING id), which outlives raw retention; only the admitted ids reach the partitioned
 * usage_events and the grains. Returns the ids actually inserted; the others already existed (possibly inserted a
 * moment ago by a concurrent batch, which this statement waited for). The batch travels as one JSON parameter
 * (columns.ts). Every event's month must have a partition (partitions.ts ensurePartitionsFor).
 */
export async function insertEvents(
  tx: Tx,
  orgId: string,
  events: readonly PreparedEvent[],
  meta: BatchMeta,
): Promise<string[]> {
  if (events.length === 0) return [];
  await lockStorageShared(tx, orgId);
  const rows = await tx.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    WITH input AS MATERIALIZED (SELECT * FROM ${recordsetEvents(toRecordsetJson(events))}),
    admitted AS (
      INSERT INTO usage_event_ids (org_id, id, occurred_at, content_hash)
      SELECT ${orgId}::uuid, input.id, input.occurred_at, input.content_hash FROM input
      ORDER BY input.id
      ON CONFLICT (org_id, id) DO NOTHING
      RETURNING id
    ),
    ins AS (
      INSERT INTO usage_events (org_id, ${Prisma.raw(insertColumnList())}, source, api_key_id)
      SELECT ${orgId}::uuid, ${Prisma.raw(insertSelectList())}, ${meta.source}, ${meta.apiKeyId}::uuid
      FROM input JOIN admitted ON admitted.id = input.id
      RETURNING id, ${measureRowSelectList()}
    ),
    measure_rows AS (SELECT ${Prisma.raw(MEASURE_ROW_COLUMNS)} FROM ins),
    ${allGrainUpsertCtes("measure_rows", orgZoneSql(orgId))}
    SELECT id FROM admitted`);
  return rows.map((r) => r.id);
}

/**
 * Adds pre-aggregated measure rows (a relation with MEASURE_ROW_COLUMNS) to every grain without raw events. Only
 * for fixtures and benchmarks that synthesize rollups directly; real usage goes through insertEvents.
 */
export async function addMeasureRows(
  tx: Pick<Tx, "$executeRaw">,
  orgId: string,
  measureRows: Prisma.Sql,
): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    WITH measure_rows AS (SELECT ${Prisma.raw(MEASURE_ROW_COLUMNS)} FROM ${measureRows} src),
    ${allGrainUpsertCtes("measure_rows", orgZoneSql(orgId))}
    SELECT 1`);
}
