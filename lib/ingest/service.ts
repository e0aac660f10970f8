import { db } from "@/lib/db/client";
import { AppError, type InvalidField } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/permissions";
import { loadPublishedSnapshots } from "@/lib/pricing/published";
import { lockPricingShared } from "@/lib/pricing/pricing-lock";
import { notifyIngested } from "@/lib/alerts/worker";
import { toAmountString } from "@/lib/money/decimal";
import { contentHash, storedContentHash } from "./canonical";
import type { NormalizedEvent } from "./event-schema";
import { insertEvents } from "@/lib/usage-store/write";
import { ensurePartitionsFor, isMissingPartition } from "@/lib/usage-store/partitions";
import { OPENAI_USAGE_WARNING, prepareEvent, type PreparedEvent, type StoredWarning } from "./prepare";
import { findPublishedSnapshotStamps, findStoredHashes, findTeamRef, findTeamsBySlugs, insertNewFeatures } from "./queries";
import { resolveTeams, teamSlugsById, type TeamIssue, type TeamRef } from "./teams";

/**
 * Batch ingestion: resolve teams, price every event with the snapshots in force at its time, then in ONE
 * transaction look the ids up in the idempotency ledger (a replayed batch stops there), create new features, insert
 * the new events (ON CONFLICT (org_id, id) DO NOTHING) and add exactly
 * the inserted rows to every rollup grain (lib/usage-store). Ids that already existed are duplicates when their stored content hash
 * matches and conflicts otherwise; any conflict rolls the whole batch back (409). Concurrent batches carrying the
 * same ids cannot double count: the primary key admits one copy and only the statement that inserted it adds it
 * to every rollup grain (lib/usage-store).
 */

export type IngestSource = "api" | "csv" | "openai_import" | "seed";

export interface IngestOptions {
  source: IngestSource;
  apiKeyId?: string | null;
  /** Who records the events (team rules and permissions); null/absent for trusted internal callers. */
  principal?: Principal | null;
  /** Team slug for events that name none (CSV default team, imports). */
  defaultTeam?: string | null;
  /** Validation warnings per event id (e.g. from mapping openaiUsage), stored with the event. */
  warnings?: ReadonlyMap<string, readonly string[]>;
  /** Label of each event in error reports (e.g. its index in the request body); default its position. */
  positions?: readonly number[];
  /** Path prefix in error reports; default "events" (paths like "events[3].team"). */
  pathPrefix?: string;
  /** Do everything, then roll back: answers what would happen. */
  dryRun?: boolean;
}

export type IngestStatus = "inserted" | "duplicate";

export interface IngestedEvent {
  id: string;
  status: IngestStatus;
  /** Decimal string (at least 9 decimals), null when unpriced. For duplicates: the stored copy's cost. */
  cost: string | null;
  priced: boolean;
  snapshotId: string | null;
  warnings: StoredWarning[];
}

export interface IngestResult {
  received: number;
  inserted: number;
  duplicates: number;
  events: IngestedEvent[];
}

export interface IngestIssue extends InvalidField {
  /** The event's id, when known. */
  id?: string;
}

/** A refused batch: 400 (invalid), 403 (team not allowed) or 409 (id stored with different content). */
export class IngestRejected extends AppError {
  constructor(status: 400 | 403 | 409, message: string, readonly issues: IngestIssue[]) {
    super(status, status === 400 ? "Invalid request" : status === 403 ? "Forbidden" : "Conflict", message, {
      invalidFields: issues,
      // The SDK reads `errors` (index, path, message); same list.
      errors: issues.map((i) => ({ index: i.index ?? null, path: i.path, message: i.message })),
    });
  }
}

class DryRunRollback extends Error {
  constructor(readonly result: IngestResult) {
    super("dry run");
  }
}

const MAX_ATTEMPTS = 3;

export async function ingestEvents(orgId: string, events: readonly NormalizedEvent[], opts: IngestOptions): Promise<IngestResult> {
  const label = (i: number) => opts.positions?.[i] ?? i;
  const prefix = opts.pathPrefix ?? "events";
  const issue = (i: number, field: string, message: string): IngestIssue => ({
    index: label(i),
    id: events[i]?.id,
    path: `${prefix}[${label(i)}]${field ? `.${field}` : ""}`,
    message,
  });
  if (events.length === 0) return { received: 0, inserted: 0, duplicates: 0, events: [] };

  // 1. Repeats of an id inside the batch: same content collapses, different content is invalid.
  // Only repeated ids are hashed (the hash is only compared between repeats; the stored hash comes in step 3).
  const hashes = new Map<number, string>();
  const hashAt = (i: number) => hashes.get(i) ?? (hashes.set(i, contentHash(events[i])), hashes.get(i) as string);
  const firstById = new Map<string, number>();
  const repeatOf: Array<number | null> = [];
  const inBatchConflicts: IngestIssue[] = [];
  events.forEach((e, i) => {
    const first = firstById.get(e.id);
    if (first === undefined) {
      firstById.set(e.id, i);
      repeatOf.push(null);
    } else {
      repeatOf.push(first);
      if (hashAt(first) !== hashAt(i)) {
        inBatchConflicts.push(issue(i, "id", `duplicate id "${e.id}" with different content (also at ${prefix}[${label(first)}])`));
      }
    }
  });
  if (inBatchConflicts.length > 0) throw new IngestRejected(400, summarize(inBatchConflicts), inBatchConflicts);
  const unique = [...firstById.values()];

  // 2. Teams.
  const teams = await loadTeams(orgId, events, opts);
  const resolved = resolveTeams({
    events: unique.map((i) => events[i]),
    teamsBySlug: teams.bySlug,
    principal: opts.principal ?? null,
    defaultTeam: teams.defaultTeam,
    keyTeamSlug: teams.keyTeamSlug,
  });
  throwTeamIssues(resolved.issues, (p) => unique[p], issue);
  const slugById = teamSlugsById(teams, opts.principal ?? null);

  // 3-4. Price with the published snapshots, then store in one transaction. The transaction takes the pricing lock
  // shared and checks that the snapshots it priced with are still the published set; if a publish slipped in between,
  // it prices again (so no event committed after a reprice job passed it keeps old prices). Deadlocks are retried too.
  // Every month of the batch needs a raw partition (created outside the transaction: partition DDL locks the parent).
  await ensurePartitionsFor(db(), unique.map((i) => events[i].timestamp));
  let result: IngestResult | null = null;
  for (let attempt = 1; !result; attempt++) {
    const snapshots = await loadPublishedSnapshots(orgId);
    const prepared: PreparedEvent[] = unique.map((i, p) =>
      prepareEvent(
        events[i],
        resolved.teamIds[p] as string,
        storedContentHash(events[i], slugById.get(resolved.teamIds[p] as string) as string),
        snapshots,
        (opts.warnings?.get(events[i].id) ?? []).map((message) => ({ code: OPENAI_USAGE_WARNING, message })),
      ),
    );
    try {
      result = await storeBatch(orgId, prepared, snapshotFingerprint(snapshots), opts, (p, field, message) => issue(unique[p], field, message));
    } catch (err) {
      if (err instanceof DryRunRollback) result = err.result;
      else if (attempt < MAX_ATTEMPTS && isMissingPartition(err)) {
        // A partition dropped by retention since this process last saw it (a late event for an old month).
        await ensurePartitionsFor(db(), unique.map((i) => events[i].timestamp), true);
        continue;
      } else if (attempt < MAX_ATTEMPTS && (isDeadlock(err) || err instanceof StalePricing)) continue;
      else throw err;
    }
  }
  if (!opts.dryRun && result.inserted > 0) notifyIngested(orgId);

  // 5. Answer per given event; collapsed repeats count as duplicates of their first occurrence.
  const byFirst = new Map(unique.map((i, p) => [i, result.events[p]] as const));
  const out = events.map((_, i) => {
    const r = repeatOf[i] === null ? byFirst.get(i)! : { ...byFirst.get(repeatOf[i] as number)!, status: "duplicate" as const };
    return r;
  });
  const inserted = out.filter((e) => e.status === "inserted").length;
  return { received: events.length, inserted, duplicates: events.length - inserted, events: out };
}

async function loadTeams(orgId: string, events: readonly NormalizedEvent[], opts: IngestOptions) {
  const slugs = new Set<string>();
  for (const e of events) if (e.team) slugs.add(e.team);
  if (opts.defaultTeam) slugs.add(opts.defaultTeam);
  const found = await findTeamsBySlugs(orgId, [...slugs]);
  const bySlug = new Map(found.map((t) => [t.slug, t] as const));
  let defaultTeam: TeamRef | null = null;
  if (opts.defaultTeam) {
    defaultTeam = bySlug.get(opts.defaultTeam) ?? null;
    if (!defaultTeam) {
      const issues = [{ path: "team", message: `unknown team "${opts.defaultTeam}"` }];
      throw new IngestRejected(400, `Unknown default team "${opts.defaultTeam}".`, issues);
    }
  }
  const p = opts.principal;
  const keyTeamSlug = p?.kind === "key" && p.teamId ? ((await findTeamRef(orgId, p.teamId))?.slug ?? null) : null;
  return { bySlug, defaultTeam, keyTeamSlug };
}

function throwTeamIssues(
  issues: readonly TeamIssue[],
  toIndex: (position: number) => number,
  issue: (i: number, field: string, message: string) => IngestIssue,
): void {
  if (issues.length === 0) return;
  // Invalid slugs are reported first (400); only a batch whose every team exists is refused for permission (403).
  const invalid = issues.filter((i) => i.kind === "invalid");
  const list = (invalid.length > 0 ? invalid : issues).map((i) => issue(toIndex(i.position), i.field, i.message));
  throw new IngestRejected(invalid.length > 0 ? 400 : 403, summarize(list), list);
}

function summarize(issues: readonly IngestIssue[]): string {
  const head = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join("; ");
  return issues.length > 5 ? `${head}; and ${issues.length - 5} more` : head;
}

function responseWarnings(p: { warnings: StoredWarning[]; unpricedReason: { code: string; message: string } | null }): StoredWarning[] {
  return p.unpricedReason ? [...p.warnings, { code: p.unpricedReason.code, message: p.unpricedReason.message }] : p.warnings;
}

/** Raised inside the store transaction when a snapshot was published after the batch was priced. */
class StalePricing extends Error {}

function snapshotFingerprint(snapshots: ReadonlyArray<{ id: string; publishedAt: Date | null }>): string {
  return snapshots.map((s) => `${s.id}@${s.publishedAt?.getTime() ?? 0}`).sort().join(",");
}

async function storeBatch(
  orgId: string,
  prepared: readonly PreparedEvent[],
  pricedWith: string,
  opts: IngestOptions,
  issue: (position: number, field: string, message: string) => IngestIssue,
): Promise<IngestResult> {
  return db().$transaction(
    async (tx) => {
      await lockPricingShared(tx, orgId);
      if (snapshotFingerprint(await findPublishedSnapshotStamps(tx, orgId)) !== pricedWith) throw new StalePricing();
      // The idempotency ledger first: ids already stored (a replay) skip the write statement entirely; they are
      // duplicates or conflicts by their stored hash. Ids not found may still be inserted by a concurrent batch in
      // the meantime: the write statement's ON CONFLICT decides those, and their hashes are read after it.
      const stored = await findStoredHashes(tx, orgId, prepared.map((p) => p.event.id));
      const fresh = prepared.filter((p) => !stored.has(p.event.id));
      const features = new Map<string, string>();
      for (const p of fresh) if (!features.has(p.event.feature)) features.set(p.event.feature, p.teamId);
      await insertNewFeatures(tx, orgId, [...features].map(([name, teamId]) => ({ name, teamId })));

      const insertedIds = new Set(
        await insertEvents(tx, orgId, fresh, { source: opts.source, apiKeyId: opts.apiKeyId ?? null }),
      );
      const raced = fresh.filter((p) => !insertedIds.has(p.event.id)).map((p) => p.event.id);
      for (const [id, hash] of await findStoredHashes(tx, orgId, raced)) stored.set(id, hash);

      const conflicts: IngestIssue[] = [];
      const events: IngestedEvent[] = prepared.map((p, position) => {
        const status: IngestStatus = insertedIds.has(p.event.id) ? "inserted" : "duplicate";
        if (status === "duplicate" && stored.get(p.event.id) !== p.hash) {
          conflicts.push(
            issue(position, "id", `id "${p.event.id}" was already recorded with different content; use a new id for a different event`),
          );
        }
        // A duplicate has the same content, so pricing it now gives what the stored copy is (or is repriced to).
        return { id: p.event.id, status, cost: toAmountString(p.cost), priced: p.priced, snapshotId: p.snapshotId, warnings: responseWarnings(p) };
      });
      if (conflicts.length > 0) {
        throw new IngestRejected(409, `${conflicts.length} event id(s) conflict with stored events: ${summarize(conflicts)}`, conflicts);
      }
      const inserted = insertedIds.size;
      const result: IngestResult = { received: prepared.length, inserted, duplicates: prepared.length - inserted, events };
      if (opts.dryRun) throw new DryRunRollback(result);
      return result;
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

function isDeadlock(err: unknown): boolean {
  const text = `${(err as { code?: unknown })?.code ?? ""} ${(err as Error)?.message ?? ""} ${String((err as { cause?: unknown })?.cause ?? "")}`;
  return /40P01|deadlock detected|P2034/i.test(text);
}
