/**
 * The figures of one team's weekly digest, from the week's and the previous week's aggregates. Pure.
 *
 * Invariants:
 *  - money stays exact decimal strings; changes are current - previous, percentages via changePercent (null
 *    when the previous week had nothing);
 *  - movers are the dimension values with the largest absolute change in spend (ties by name), at most
 *    MOVER_LIMIT per dimension; values whose spend did not change are not movers;
 *  - cost per accepted output is outcome-based: the week's whole spend (failed, rejected and retried attempts
 *    included) divided by its accepted outputs (lib/spend/figures costPerAcceptedOutput), null without any;
 *  - a budget's burn is spent / amount in percent (2 dp) and its forecast the projected period-end spend.
 */
import { Decimal, dec, toAmountString } from "@/lib/money/decimal";
import { changePercent, costPerAcceptedOutput, type Figures } from "@/lib/spend/figures";

export const MOVER_LIMIT = 3;
export const MOVER_DIMS = ["feature", "model", "quality"] as const;
export type MoverDim = (typeof MOVER_DIMS)[number];

export interface DigestBudgetInput {
  name: string;
  /** "month 2026-11" etc. */
  period: string;
  amount: string;
  spent: string;
  /** Projected period-end spend, null when no forecast applies. */
  forecast: string | null;
  hard: boolean;
}

export interface DigestInput {
  current: Figures;
  previous: Figures;
  /** Spend per dimension value in each week (decimal strings); missing = 0. */
  breakdown: Record<MoverDim, { current: Record<string, string>; previous: Record<string, string> }>;
  budgets: readonly DigestBudgetInput[];
}

export interface Mover {
  name: string;
  current: string;
  previous: string;
  change: string;
  changePercent: string | null;
}

export interface DigestBudget extends DigestBudgetInput {
  percent: string | null;
  forecastPercent: string | null;
  /** The forecast (or what is already spent) exceeds the amount. */
  overBudget: boolean;
}

export interface DigestContent {
  spend: { current: string; previous: string; change: string; changePercent: string | null };
  movers: Record<MoverDim, Mover[]>;
  budgets: DigestBudget[];
  events: { total: number; previousTotal: number; unpriced: number; warnings: number; estimated: number };
  costPerAccepted: { current: string | null; previous: string | null; changePercent: string | null; accepted: number; previousAccepted: number };
}

const amount = (d: Decimal) => toAmountString(d) as string;

function percentOf(part: string, whole: string): string | null {
  const w = dec(whole);
  if (w.isZero()) return null;
  return dec(part).times(100).div(w).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

export function movers(current: Record<string, string>, previous: Record<string, string>, limit = MOVER_LIMIT): Mover[] {
  const names = [...new Set([...Object.keys(current), ...Object.keys(previous)])];
  return names
    .map((name) => {
      const c = dec(current[name] ?? "0");
      const p = dec(previous[name] ?? "0");
      return { name, c, p, delta: c.minus(p) };
    })
    .filter((m) => !m.delta.isZero())
    .sort((a, b) => b.delta.abs().comparedTo(a.delta.abs()) || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((m) => ({ name: m.name, current: amount(m.c), previous: amount(m.p), change: amount(m.delta), changePercent: changePercent(amount(m.c), amount(m.p)) }));
}

export function budgetBurn(b: DigestBudgetInput): DigestBudget {
  const worst = b.forecast !== null && dec(b.forecast).gt(dec(b.spent)) ? b.forecast : b.spent;
  return {
    ...b,
    percent: percentOf(b.spent, b.amount),
    forecastPercent: b.forecast === null ? null : percentOf(b.forecast, b.amount),
    overBudget: dec(worst).gt(dec(b.amount)),
  };
}

export function digestContent(input: DigestInput): DigestContent {
  const { current, previous } = input;
  const cur = dec(current.cost);
  const prev = dec(previous.cost);
  const cpa = costPerAcceptedOutput(current);
  const cpaPrev = costPerAcceptedOutput(previous);
  return {
    spend: { current: amount(cur), previous: amount(prev), change: amount(cur.minus(prev)), changePercent: changePercent(current.cost, previous.cost) },
    movers: {
      feature: movers(input.breakdown.feature.current, input.breakdown.feature.previous),
      model: movers(input.breakdown.model.current, input.breakdown.model.previous),
      quality: movers(input.breakdown.quality.current, input.breakdown.quality.previous),
    },
    budgets: input.budgets.map(budgetBurn),
    events: {
      total: current.events,
      previousTotal: previous.events,
      unpriced: current.unpricedEvents,
      warnings: current.warningEvents,
      estimated: current.estimatedEvents,
    },
    costPerAccepted: {
      current: cpa,
      previous: cpaPrev,
      changePercent: cpa !== null && cpaPrev !== null ? changePercent(cpa, cpaPrev) : null,
      accepted: current.acceptedOutputs,
      previousAccepted: previous.acceptedOutputs,
    },
  };
}
