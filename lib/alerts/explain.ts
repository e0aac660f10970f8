/**
 * Why an alert fired, pure: the top contributors along every dimension the rule's scope leaves open (team,
 * feature, model), each with its value in the alert's window, its value in the comparison window before it and
 * the change; plus the forecast where one applies and the link to the view filtered to that scope and period.
 *
 * Invariants:
 *  - Only open dimensions are explained: a rule scoped to team "alpha" ranks features and models, never teams.
 *  - Per dimension at most `limit` (3) contributors with a positive value now, ranked by value descending, then by
 *    the larger increase, then by key, so the order is total and stable.
 *  - change = current - previous exactly; changePercent = change / previous × 100 rounded half-even to 1 place,
 *    null when the previous value is 0 (a new contributor has no meaningful percentage).
 *  - The comparison window is the same stretch of the previous period (period metrics: period start up to the end
 *    of the current hour, so month-to-date compares with the same number of hours of last month) or the window of
 *    equal length just before (rolling windows). Like for like, never a full period against a partial one.
 * Amounts are decimal strings: money at the API scale (toAmountString), counts as integers.
 */
import { Decimal, dec, formatUsd, toAmountString } from "@/lib/money/decimal";

export const EXPLAIN_DIMS = ["team", "feature", "model"] as const;
export type ExplainDim = (typeof EXPLAIN_DIMS)[number];

/** What contributors are ranked by: spend, images (image quotas) or the count a retries/unpriced rule watches. */
export type ExplainMeasure = "cost" | "images" | "retries" | "unpriced";

export interface ContributorTotals {
  dim: ExplainDim;
  /** Team id, feature name or model id. */
  key: string;
  /** What people read: team name, feature or model. */
  label: string;
  /** Decimal strings. */
  current: string;
  previous: string;
}

export interface Contributor {
  key: string;
  label: string;
  value: string;
  previous: string;
  change: string;
  /** Percent change against previous, 1 decimal place; null when previous is 0. */
  changePercent: string | null;
}

export interface ContributorGroup {
  dim: ExplainDim;
  items: Contributor[];
}

export interface TimeWindow {
  from: Date;
  to: Date;
}

export interface AlertExplanation {
  measure: ExplainMeasure;
  /** The alert's window and the comparison window (ISO instants, end exclusive). */
  window: { from: string; to: string };
  previousWindow: { from: string; to: string };
  groups: ContributorGroup[];
  forecast: { projected: string; runRatePerDay: string; method: string } | null;
  /** The view filtered to the rule's scope and the window's local dates (reconciliation: its page, filtered to the days). */
  link: string;
  /**
   * Set when the contributor table does not apply (reconciliation: billed spend has no feature or model): why,
   * and the lines that explain instead. Renderers print these in place of the groups.
   */
  notes?: string[];
  /** Reconciliation only: the days' variance per OpenAI project group with its sources (decimal strings). */
  reconciliation?: ReconciliationExplanation[];
}

/** One project group's row of a fired reconciliation day (lib/reconcile/service.ts ReconcileRow, trimmed). */
export interface ReconciliationExplanation {
  date: string;
  projects: string[];
  team: string | null;
  billed: string;
  tracked: string;
  variance: string;
  variancePercent: string | null;
  unexplained: string;
  sources: { source: string; amount: string | null; events: number | null; lineItems?: string[] }[];
}

export const RECONCILIATION_NOT_APPLICABLE =
  "The team / feature / model table does not apply: OpenAI bills per project and day, without features or models. The variance by project and its sources:";

const SOURCE_TEXT: Record<string, string> = {
  no_tracked_events: "no tracked events",
  unmatched_line_items: "line items with no tracked counterpart",
  unpriced_events: "unpriced events",
  warning_events: "events priced with warnings",
};

/**
 * The explanation lines of fired reconciliation days: one line per project group with variance, ranked by
 * |variance| descending (then date, then project), at most `limit` per day, each naming its sources.
 */
export function reconciliationNotes(rows: readonly ReconciliationExplanation[], limit = EXPLAIN_LIMIT): string[] {
  const byDay = new Map<string, ReconciliationExplanation[]>();
  for (const r of rows) if (!dec(r.variance).isZero()) byDay.set(r.date, [...(byDay.get(r.date) ?? []), r]);
  const out = [RECONCILIATION_NOT_APPLICABLE];
  for (const [date, rs] of [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ranked = rs.sort((a, b) => dec(b.variance).abs().cmp(dec(a.variance).abs()) || (a.projects.join() < b.projects.join() ? -1 : 1)).slice(0, limit);
    for (const r of ranked) {
      const who = `${r.projects.join(", ") || "(no project)"}${r.team ? ` (team ${r.team})` : " (no team)"}`;
      const v = dec(r.variance);
      const sources = r.sources.map((s) => `${SOURCE_TEXT[s.source] ?? s.source} ${s.amount !== null ? `${formatUsd(dec(s.amount).abs())}` : `${s.events ?? 0}`}`);
      const unexplained = dec(r.unexplained).isZero() ? [] : [`unexplained ${formatUsd(r.unexplained)}`];
      out.push(
        `${date} ${who}: billed ${formatUsd(dec(r.billed))}, tracked ${formatUsd(dec(r.tracked))}, ` +
          `variance ${v.isNegative() ? "-" : "+"}${formatUsd(v.abs())}${r.variancePercent !== null ? ` (${r.variancePercent}%)` : ""}` +
          `; sources: ${[...sources, ...unexplained].join(", ") || "none"}`,
      );
    }
  }
  return out;
}

export const EXPLAIN_LIMIT = 3;
const HOUR_MS = 3_600_000;

/** Dimensions the scope leaves open, in EXPLAIN_DIMS order. */
export function openDimensions(scope: { teamId: string | null; feature: string | null; model: string | null }): ExplainDim[] {
  const fixed: Record<ExplainDim, boolean> = { team: scope.teamId !== null, feature: scope.feature !== null, model: scope.model !== null };
  return EXPLAIN_DIMS.filter((d) => !fixed[d]);
}

export function formatMeasure(measure: ExplainMeasure, v: Decimal): string {
  return measure === "cost" ? (toAmountString(v) as string) : v.toFixed(0);
}

export function percentChange(current: Decimal, previous: Decimal): string | null {
  if (previous.isZero()) return null;
  return current.minus(previous).times(100).div(previous).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN).toFixed(1);
}

/** Top `limit` contributors per open dimension (see the invariants above). */
export function rankContributors(rows: readonly ContributorTotals[], dims: readonly ExplainDim[], measure: ExplainMeasure, limit = EXPLAIN_LIMIT): ContributorGroup[] {
  return dims.map((dim) => {
    const ranked = rows
      .filter((r) => r.dim === dim)
      .map((r) => ({ r, cur: dec(r.current), prev: dec(r.previous) }))
      .filter((x) => x.cur.gt(0))
      .map((x) => ({ ...x, change: x.cur.minus(x.prev) }))
      .sort((a, b) => b.cur.cmp(a.cur) || b.change.cmp(a.change) || (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : 0))
      .slice(0, limit);
    return {
      dim,
      items: ranked.map(({ r, cur, prev, change }) => ({
        key: r.key,
        label: r.label,
        value: formatMeasure(measure, cur),
        previous: formatMeasure(measure, prev),
        change: formatMeasure(measure, change),
        changePercent: percentChange(cur, prev),
      })),
    };
  });
}

/**
 * Comparison for a calendar-period metric: the period so far (its start to the end of the current hour, capped
 * at the period end) against the same length from the previous period's start (capped at its end).
 */
export function periodComparison(period: { start: Date; endExclusive: Date }, previous: { start: Date; endExclusive: Date }, now: Date): { current: TimeWindow; previous: TimeWindow } {
  const hourEnd = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const curTo = Math.max(period.start.getTime(), Math.min(period.endExclusive.getTime(), hourEnd));
  const elapsed = curTo - period.start.getTime();
  const prevTo = Math.min(previous.endExclusive.getTime(), previous.start.getTime() + elapsed);
  return { current: { from: period.start, to: new Date(curTo) }, previous: { from: previous.start, to: new Date(prevTo) } };
}

/** Comparison for a rolling window: the window of equal length just before it. */
export function windowComparison(w: TimeWindow): { current: TimeWindow; previous: TimeWindow } {
  const len = w.to.getTime() - w.from.getTime();
  return { current: w, previous: { from: new Date(w.from.getTime() - len), to: w.from } };
}
