import { db } from "@/lib/db/client";
import { notFound } from "@/lib/api/errors";
import type { ReadScope } from "@/lib/auth/permissions";
import { loadPublishedSnapshots, priceWithSnapshots, toPricingRow, type LoadedSnapshot } from "@/lib/pricing/published";
import { canonicalDecimalString } from "@/lib/pricing/rate-columns";
import { findSnapshotRecord, nextPublishedEffectiveFrom } from "@/lib/pricing/queries";
import { toStorage } from "@/lib/money/decimal";
import { addImpact, impactTable, newImpactAccumulator, type ImpactFigures, type ImpactRow } from "@/lib/pricing/impact";
import { selectImpactChunk, type ImpactEvent } from "@/lib/usage-store/impact-events";
import type { EventCursor } from "@/lib/usage-store/repriced-events";

/**
 * Repricing impact of a snapshot, computed without writing: a streamed, keyset-paged pass over exactly the events
 * its reprice job covers (its provider, from its effectiveFrom to the next published snapshot's), each priced with
 * the same function the job uses (priceWithSnapshots), grouped by team and org-local month.
 *
 * - Draft: "current" is each event's stored cost; "new" prices it with the published snapshots plus the draft as if
 *   published now (so it wins a tie on effectiveFrom, as publishing would). The delta is what publishing writes.
 * - Published (linked from its reprice job): recomputed, "current" = priced with the published snapshots except this
 *   one (what the events cost before it), "new" = priced with all published snapshots. Nothing is stored, so the
 *   breakdown always reads against today's events and rate cards.
 * Memory is one chunk of events plus one accumulator entry per (team, month).
 */

export const IMPACT_CHUNK_SIZE = 5000;

export interface ImpactTeamRow extends ImpactRow {
  team: string;
  teamName: string;
}

export interface SnapshotImpact {
  snapshot: { id: string; name: string; provider: string; version: number; status: "draft" | "published" };
  basis: "stored" | "previous_snapshots";
  range: { from: string; to: string | null };
  rows: ImpactTeamRow[];
  total: ImpactFigures;
}

type SnapshotRecord = NonNullable<Awaited<ReturnType<typeof findSnapshotRecord>>>;

function asPublished(r: SnapshotRecord, publishedAt: Date): LoadedSnapshot {
  return {
    id: r.id,
    name: r.name,
    provider: r.provider,
    version: r.version,
    status: "published",
    effectiveFrom: r.effectiveFrom,
    publishedAt,
    batchMultiplier: canonicalDecimalString(r.batchMultiplier.toString()),
    rows: r.rows.map(toPricingRow),
  };
}

type PricingInput = Parameters<typeof priceWithSnapshots>[1];
type Side = { priced: boolean; cost: string | null };

/**
 * Prices with a snapshot set, memoized on everything pricing reads: identical inputs in the same effective window
 * (between two consecutive effectiveFrom instants of any snapshot) get the identical result, so image workloads
 * (a few sizes and qualities) price each combination once. The memo is cleared per chunk, so memory stays bounded.
 */
function pricer(snapshots: readonly LoadedSnapshot[], starts: readonly number[]) {
  const memo = new Map<string, Side>();
  return {
    clear: () => memo.clear(),
    price(e: PricingInput): Side {
      const t = e.occurredAt.getTime();
      let slot = 0;
      while (slot < starts.length && starts[slot] <= t) slot++;
      const k = e.tokens;
      const key = `${slot}|${e.provider}|${e.model}|${e.batch}|${e.images ?? ""}|${e.size ?? ""}|${e.quality ?? ""}|${k.textInput}|${k.cachedTextInput}|${k.textOutput}|${k.imageInput}|${k.cachedImageInput}|${k.imageOutput}`;
      const hit = memo.get(key);
      if (hit) return hit;
      const p = priceWithSnapshots(snapshots, e);
      const side = { priced: p.priced, cost: p.priced && p.cost !== null ? toStorage(p.cost).toFixed() : null };
      memo.set(key, side);
      return side;
    },
  };
}

export async function snapshotImpact(scope: ReadScope, snapshotId: string, now: Date = new Date()): Promise<SnapshotImpact> {
  const client = db();
  const record = await findSnapshotRecord(scope.orgId, snapshotId, client);
  if (!record) throw notFound(`No pricing snapshot ${snapshotId}.`);
  const published = await loadPublishedSnapshots(scope.orgId, client);
  const draft = record.status === "draft";
  const after = draft ? [...published, asPublished(record, now)] : published;
  const before = draft ? null : published.filter((s) => s.id !== record.id);
  const to = await nextPublishedEffectiveFrom(client, scope.orgId, record.provider, record.effectiveFrom);
  const timeZone = (await client.organization.findUniqueOrThrow({ where: { id: scope.orgId }, select: { timeZone: true } })).timeZone;
  const range = { orgId: scope.orgId, provider: record.provider, from: record.effectiveFrom, to, teamIds: scope.visibleTeamIds, timeZone };

  const starts = [...new Set(after.map((x) => x.effectiveFrom.getTime()))].sort((x, y) => x - y);
  const priceAfter = pricer(after, starts);
  const priceBefore = before ? pricer(before, starts) : null;
  const acc = newImpactAccumulator();
  // The next chunk is read while this one is priced (keyset cursor = the chunk's last event).
  let pending: Promise<ImpactEvent[]> | null = selectImpactChunk(client, range, null, IMPACT_CHUNK_SIZE);
  while (pending) {
    const chunk: ImpactEvent[] = await pending;
    const last = chunk[chunk.length - 1];
    const cursor: EventCursor | null = chunk.length === IMPACT_CHUNK_SIZE ? { occurredAt: last.occurredAt, id: last.id } : null;
    pending = cursor ? selectImpactChunk(client, range, cursor, IMPACT_CHUNK_SIZE) : null;
    pending?.catch(() => undefined); // awaited next round; never an unhandled rejection meanwhile
    priceAfter.clear();
    priceBefore?.clear();
    for (const e of chunk) {
      const input = { occurredAt: e.occurredAt, provider: e.provider, model: e.model, tokens: e.tokens, batch: e.batch, images: e.images, size: e.size || null, quality: e.quality || null };
      addImpact(acc, e.teamId, e.month, priceBefore ? priceBefore.price(input) : { priced: e.priced, cost: e.cost }, priceAfter.price(input));
    }
  }
  const { rows, total } = impactTable(acc);
  const teams = new Map(
    (await client.team.findMany({ where: { orgId: scope.orgId }, select: { id: true, slug: true, name: true } })).map((t) => [t.id, t] as const),
  );
  return {
    snapshot: { id: record.id, name: record.name, provider: record.provider, version: record.version, status: record.status },
    basis: draft ? "stored" : "previous_snapshots",
    range: { from: record.effectiveFrom.toISOString(), to: to ? to.toISOString() : null },
    // By month, then team slug (the pure table orders by team id).
    rows: rows
      .map((r) => ({ ...r, team: teams.get(r.teamId)?.slug ?? r.teamId, teamName: teams.get(r.teamId)?.name ?? r.teamId }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.team.localeCompare(b.team)),
    total,
  };
}
