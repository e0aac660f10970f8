import type { PricingRow } from "@/lib/cost/types";
import { normalizeModelId, stripDatedSuffix } from "@/lib/pricing/match-model";

export interface SnapshotCandidate {
  id: string;
  provider: string;
  effectiveFrom: Date;
  status: "draft" | "published" | (string & {});
  publishedAt?: Date | null;
  version?: number | null;
}

function time(d: Date | null | undefined): number {
  const t = d ? d.getTime() : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

/** Positive when a should win over b (both already eligible). */
function compareCandidates(a: SnapshotCandidate, b: SnapshotCandidate): number {
  return (
    time(a.effectiveFrom) - time(b.effectiveFrom) ||
    time(a.publishedAt) - time(b.publishedAt) ||
    (a.version ?? -Infinity) - (b.version ?? -Infinity) ||
    (a.id > b.id ? 1 : a.id < b.id ? -1 : 0)
  );
}

/**
 * The snapshot that prices an event of `provider` at time `at`: the published snapshot with the latest
 * effectiveFrom <= at (inclusive: an event exactly at effectiveFrom uses the new snapshot). Drafts and
 * other statuses are ignored. Providers compare case-insensitively.
 * Ties on effectiveFrom (a re-published correction of the same rate card): later publishedAt wins, then
 * higher version, then the larger id, so the choice is deterministic. Missing publishedAt/version lose.
 * Subtracting -Infinity from -Infinity gives NaN, which `||` treats as a tie and moves on.
 */
export function selectSnapshot<T extends SnapshotCandidate>(snapshots: readonly T[], provider: string, at: Date): T | null {
  const p = normalizeModelId(provider);
  const t = at.getTime();
  let best: T | null = null;
  for (const s of snapshots) {
    if (s.status !== "published" || normalizeModelId(s.provider) !== p) continue;
    const from = time(s.effectiveFrom);
    if (from === -Infinity || from > t) continue;
    if (!best || compareCandidates(s, best) > 0) best = s;
  }
  return best;
}

export type MatchedBy = "exact" | "alias" | "dated_variant";

export interface RowMatch {
  row: PricingRow;
  matchedBy: MatchedBy;
}

function findById(rows: readonly PricingRow[], id: string): RowMatch | null {
  const exact = rows.find((r) => normalizeModelId(r.model) === id);
  if (exact) return { row: exact, matchedBy: "exact" };
  const alias = rows.find((r) => r.aliases.some((a) => normalizeModelId(a) === id));
  return alias ? { row: alias, matchedBy: "alias" } : null;
}

/**
 * The row pricing `model`: an exact model id, else an alias ("openai/gpt-image-2"), else a dated
 * variant of either ("gpt-image-1.5-2025-12-16"). Never a looser prefix match: "gpt-image-1" must not
 * price "gpt-image-1-mini" or "gpt-image-1.5", whose rates differ.
 */
export function matchRow(rows: readonly PricingRow[], model: string): RowMatch | null {
  const id = normalizeModelId(model);
  if (!id) return null;
  const direct = findById(rows, id);
  if (direct) return direct;
  const base = stripDatedSuffix(id);
  if (base === null) return null;
  const dated = findById(rows, base);
  return dated ? { row: dated.row, matchedBy: "dated_variant" } : null;
}
