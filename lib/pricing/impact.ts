import { dec, toAmountString, ZERO, type Decimal } from "@/lib/money/decimal";

/**
 * Repricing impact, the pure part: per (team, month) group, what stored events cost now ("current") against what
 * they would cost priced with a snapshot set that includes the snapshot ("new").
 *
 * Invariants:
 * - Every event lands in exactly one group; `events` counts them, costs are exact decimal sums (unpriced = 0).
 * - delta = new − current; deltaPercent = delta / current × 100 (2 decimals, half-even), null when current is 0.
 * - becomePriced / becomeUnpriced count events whose priced flag flips; changedEvents counts events whose cost or
 *   priced flag differs. The total row is the sum of the group rows (never computed separately).
 * - Rows are ordered by month, then team id, so answers are deterministic.
 */

export interface ImpactSide {
  priced: boolean;
  /** Decimal string; null when unpriced. */
  cost: string | null;
}

export interface ImpactGroup {
  teamId: string;
  /** "YYYY-MM" in the organization's time zone. */
  month: string;
  events: number;
  changedEvents: number;
  becomePriced: number;
  becomeUnpriced: number;
  current: Decimal;
  next: Decimal;
}

export type ImpactAccumulator = Map<string, ImpactGroup>;

export function newImpactAccumulator(): ImpactAccumulator {
  return new Map();
}

/** Adds one event (before and after) to its group. */
export function addImpact(acc: ImpactAccumulator, teamId: string, month: string, before: ImpactSide, after: ImpactSide): void {
  const key = `${month}\u0000${teamId}`;
  let g = acc.get(key);
  if (!g) acc.set(key, (g = { teamId, month, events: 0, changedEvents: 0, becomePriced: 0, becomeUnpriced: 0, current: ZERO, next: ZERO }));
  const b = before.priced && before.cost !== null ? dec(before.cost) : ZERO;
  const a = after.priced && after.cost !== null ? dec(after.cost) : ZERO;
  g.events += 1;
  g.current = g.current.plus(b);
  g.next = g.next.plus(a);
  if (!before.priced && after.priced) g.becomePriced += 1;
  if (before.priced && !after.priced) g.becomeUnpriced += 1;
  if (before.priced !== after.priced || !b.eq(a)) g.changedEvents += 1;
}

export interface ImpactFigures {
  events: number;
  changedEvents: number;
  becomePriced: number;
  becomeUnpriced: number;
  currentCost: string;
  newCost: string;
  delta: string;
  /** null when the current cost is 0. */
  deltaPercent: string | null;
}

export interface ImpactRow extends ImpactFigures {
  teamId: string;
  month: string;
}

export function deltaPercent(current: Decimal, next: Decimal): string | null {
  if (current.isZero()) return null;
  return next.minus(current).times(100).div(current).toDecimalPlaces(2).toFixed(2);
}

function figures(g: Omit<ImpactGroup, "teamId" | "month">): ImpactFigures {
  return {
    events: g.events,
    changedEvents: g.changedEvents,
    becomePriced: g.becomePriced,
    becomeUnpriced: g.becomeUnpriced,
    currentCost: toAmountString(g.current) as string,
    newCost: toAmountString(g.next) as string,
    delta: toAmountString(g.next.minus(g.current)) as string,
    deltaPercent: deltaPercent(g.current, g.next),
  };
}

/** The group rows (month, then team id) and their total. */
export function impactTable(acc: ImpactAccumulator): { rows: ImpactRow[]; total: ImpactFigures } {
  const groups = [...acc.values()].sort((x, y) => (x.month < y.month ? -1 : x.month > y.month ? 1 : x.teamId < y.teamId ? -1 : x.teamId > y.teamId ? 1 : 0));
  const t = { events: 0, changedEvents: 0, becomePriced: 0, becomeUnpriced: 0, current: ZERO, next: ZERO };
  for (const g of groups) {
    t.events += g.events;
    t.changedEvents += g.changedEvents;
    t.becomePriced += g.becomePriced;
    t.becomeUnpriced += g.becomeUnpriced;
    t.current = t.current.plus(g.current);
    t.next = t.next.plus(g.next);
  }
  return { rows: groups.map((g) => ({ teamId: g.teamId, month: g.month, ...figures(g) })), total: figures(t) };
}
