import { db, type Tx } from "@/lib/db/client";
import { BUCKETS, type Bucket, type ImageOutputTokenTable, type ImagePriceTable, type PricingRow } from "@/lib/cost/types";
import { priceUsage, type PricedUsage } from "@/lib/cost/engine";
import { selectSnapshot, matchRow } from "./resolve";
import { modelNameResolver } from "./model-identity";
import { canonicalDecimalString, RATE_COLUMNS } from "./rate-columns";
import { withUnitPrices } from "./formats/image-prices";

/** A published snapshot with its rows, in the engine's shape. */
export interface LoadedSnapshot {
  id: string;
  name: string;
  provider: string;
  version: number;
  status: "published";
  effectiveFrom: Date;
  publishedAt: Date | null;
  batchMultiplier: string;
  rows: PricingRow[];
}

type DbRow = { model: string; aliases: string[]; imageOutputTokens: unknown; imagePrices?: unknown; megapixelRate?: { toString(): string } | null } & Record<(typeof RATE_COLUMNS)[Bucket], { toString(): string } | null>;

export function toPricingRow(r: DbRow): PricingRow {
  const rates = {} as PricingRow["rates"];
  for (const b of BUCKETS) {
    const v = r[RATE_COLUMNS[b]];
    rates[b] = v === null ? null : canonicalDecimalString(v.toString());
  }
  return withUnitPrices({
    model: r.model,
    aliases: r.aliases,
    rates,
    imageOutputTokens: (r.imageOutputTokens ?? {}) as ImageOutputTokenTable,
    imagePrices: (r.imagePrices ?? {}) as ImagePriceTable,
    megapixelPrice: r.megapixelRate == null ? null : canonicalDecimalString(r.megapixelRate.toString()),
  });
}

/** Every published snapshot of the organization (rate cards are small: a few dozen rows each). */
export async function loadPublishedSnapshots(orgId: string, tx: Tx = db()): Promise<LoadedSnapshot[]> {
  const snaps = await tx.pricingSnapshot.findMany({
    where: { orgId, status: "published" },
    include: { rows: { orderBy: { position: "asc" } } },
  });
  return snaps.map((s) => ({
    id: s.id,
    name: s.name,
    provider: s.provider,
    version: s.version,
    status: "published" as const,
    effectiveFrom: s.effectiveFrom,
    publishedAt: s.publishedAt,
    batchMultiplier: canonicalDecimalString(s.batchMultiplier.toString()),
    rows: s.rows.map(toPricingRow),
  }));
}

/**
 * The organization's model-name resolver (model-identity.ts modelNameResolver) over its published snapshots, newest
 * effectiveFrom first, so the rate cards in force now decide what a typed name means.
 */
export async function loadModelNameResolver(orgId: string, tx: Tx = db()): Promise<(name: string) => string> {
  const snaps = await loadPublishedSnapshots(orgId, tx);
  snaps.sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime() || (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
  return modelNameResolver(snaps.map((s) => s.rows));
}

export interface PricingInput {
  occurredAt: Date;
  provider: string;
  model: string;
  tokens: PricedUsage["tokens"];
  batch: boolean;
  images?: number | null;
  size?: string | null;
  quality?: string | null;
}

export interface PricingOutcome extends PricedUsage {
  snapshotId: string | null;
  pricedModel: string | null;
}

/**
 * Snapshot selection and row matching, resolved once per batch: a loaded snapshot list (one per batch) gets a
 * resolver that memoizes the snapshot per (provider, effective window) and the row per (snapshot, model), so each
 * event only does its arithmetic. Same answers as selectSnapshot/matchRow: which snapshot is in force depends only on
 * which of the provider's effectiveFrom instants are <= the event's time.
 */
interface Resolver {
  snapshotAt(provider: string, at: Date): LoadedSnapshot | null;
  rowOf(snapshot: LoadedSnapshot, model: string): ReturnType<typeof matchRow>;
  /** Outcomes per (snapshot, every input priceUsage reads): a batch prices each distinct event kind once. */
  outcomes: Map<string, PricingOutcome>;
}

const resolvers = new WeakMap<readonly LoadedSnapshot[], Resolver>();

function resolverFor(snapshots: readonly LoadedSnapshot[]): Resolver {
  const hit = resolvers.get(snapshots);
  if (hit) return hit;
  const starts = [...new Set(snapshots.map((s) => new Date(s.effectiveFrom).getTime()))].sort((x, y) => x - y);
  const bySlot = new Map<string, LoadedSnapshot | null>();
  const rows = new Map<string, ReturnType<typeof matchRow>>();
  const r: Resolver = {
    outcomes: new Map(),
    snapshotAt(provider, at) {
      const t = at.getTime();
      let slot = 0;
      while (slot < starts.length && starts[slot] <= t) slot++;
      const key = `${provider}\u0000${slot}`;
      if (!bySlot.has(key)) bySlot.set(key, selectSnapshot(snapshots, provider, at));
      return bySlot.get(key) ?? null;
    },
    rowOf(snapshot, model) {
      const key = `${snapshot.id}\u0000${model}`;
      if (!rows.has(key)) rows.set(key, matchRow(snapshot.rows, model));
      return rows.get(key) ?? null;
    },
  };
  resolvers.set(snapshots, r);
  return r;
}

/** Prices one event with the snapshot in force at its time for its provider. Pure given the loaded snapshots. */
export function priceWithSnapshots(snapshots: readonly LoadedSnapshot[], e: PricingInput): PricingOutcome {
  const resolve = resolverFor(snapshots);
  const snapshot = resolve.snapshotAt(e.provider, e.occurredAt);
  // The time only chooses the snapshot: the same snapshot and inputs give the same outcome (shared, never mutated).
  const t = e.tokens;
  const key = [snapshot?.id ?? "", e.provider, e.model, e.batch, e.images ?? "", e.size ?? "", e.quality ?? "",
    t.textInput, t.cachedTextInput, t.textOutput, t.imageInput, t.cachedImageInput, t.imageOutput].join("\u0000");
  const hit = resolve.outcomes.get(key);
  if (hit) return hit;
  if (resolve.outcomes.size >= MAX_MEMOIZED_OUTCOMES) resolve.outcomes.clear();
  const match = snapshot ? resolve.rowOf(snapshot, e.model) : null;
  const priced = priceUsage(
    { tokens: e.tokens, batch: e.batch, images: e.images ?? undefined, size: e.size, quality: e.quality, model: e.model },
    {
      snapshot: snapshot ? { id: snapshot.id, name: `${snapshot.name} (v${snapshot.version})`, batchMultiplier: snapshot.batchMultiplier } : null,
      row: match?.row ?? null,
      provider: e.provider,
    },
  );
  const outcome = { ...priced, snapshotId: snapshot?.id ?? null, pricedModel: match?.row.model ?? null };
  resolve.outcomes.set(key, outcome);
  return outcome;
}

const MAX_MEMOIZED_OUTCOMES = 10_000;
