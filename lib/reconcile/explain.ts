import { dec, formatUsd, toAmountString, ZERO, type Decimal } from "@/lib/money/decimal";
import { normalizeModelId } from "@/lib/pricing/match-model";

/**
 * Billed vs tracked for one UTC day and one OpenAI project group (the projects mapped to one team, or one unmapped
 * project), and the gap explained by its sources. Pure.
 *
 * Invariants:
 * - variance = billed − tracked (tracked = priced cost of the team's provider-"openai" events that day);
 *   variancePercent = variance / billed × 100 (2 decimals, half-even), null when billed is 0.
 * - Dollar sources never overlap and never exceed what they explain:
 *   · no_tracked_events: the team tracked no event that day (or the project maps to no team) → all billed;
 *   · unmatched_line_items: otherwise, billed line items with no tracked counterpart (see hasTrackedCounterpart).
 *   unexplained = variance − those amounts (exact).
 * - Count sources say why tracked may fall short without a dollar figure: unpriced_events (tracked at $0),
 *   warning_events (priced, but with a rate missing or tokens estimated).
 * - status: "matched" when |variance| ≤ tolerance; "explained" when |unexplained| ≤ tolerance, or unexplained is
 *   positive and unpriced events exist (their missing cost is the likely rest); otherwise "unexplained".
 */

export interface BilledLine {
  lineItem: string;
  /** Decimal string. */
  amount: string;
}

export interface TrackedDay {
  events: number;
  /** Decimal string: priced cost. */
  cost: string;
  unpricedEvents: number;
  warningEvents: number;
  /** Models the team called that day (as called). */
  models: string[];
}

export type GapSourceKind = "no_tracked_events" | "unmatched_line_items" | "unpriced_events" | "warning_events";

export interface GapSource {
  source: GapSourceKind;
  /** Dollars this source explains (decimal string), null for count-only sources. */
  amount: string | null;
  events: number | null;
  lineItems?: string[];
}

export type ReconcileStatus = "matched" | "explained" | "unexplained";

export interface Reconciled {
  billed: string;
  tracked: string;
  variance: string;
  variancePercent: string | null;
  sources: GapSource[];
  unexplained: string;
  status: ReconcileStatus;
}

/** Half a cent either way counts as equal. */
export const RECONCILE_TOLERANCE = dec("0.005");

/**
 * Whether a billed line item corresponds to tracked usage: an ungrouped line (""), an image line ("Image models",
 * "gpt-image-1, output"), or one that names a model the team called that day. Text-only and other products
 * ("Text models", "File search") are not tracked by Spendscope.
 */
export function hasTrackedCounterpart(lineItem: string, models: readonly string[]): boolean {
  const li = lineItem.trim().toLowerCase();
  if (li === "" || li.includes("image")) return true;
  return models.some((m) => {
    const id = normalizeModelId(m);
    return id !== "" && li.includes(id);
  });
}

export function variancePercent(billed: Decimal, variance: Decimal): string | null {
  if (billed.isZero()) return null;
  return variance.times(100).div(billed).toDecimalPlaces(2).toFixed(2);
}

const money = (d: Decimal) => toAmountString(d) as string;

/** tracked null: the project maps to no team, so nothing can be tracked for it. */
export function reconcile(billedLines: readonly BilledLine[], tracked: TrackedDay | null): Reconciled {
  const billed = billedLines.reduce((acc, l) => acc.plus(dec(l.amount)), ZERO);
  const trackedCost = tracked ? dec(tracked.cost) : ZERO;
  const variance = billed.minus(trackedCost);
  const sources: GapSource[] = [];
  let explained = ZERO;
  if (!tracked || tracked.events === 0) {
    if (!billed.isZero()) {
      sources.push({ source: "no_tracked_events", amount: money(billed), events: 0 });
      explained = billed;
    }
  } else {
    const unmatched = billedLines.filter((l) => !hasTrackedCounterpart(l.lineItem, tracked.models));
    if (unmatched.length) {
      const amount = unmatched.reduce((acc, l) => acc.plus(dec(l.amount)), ZERO);
      sources.push({ source: "unmatched_line_items", amount: money(amount), events: null, lineItems: unmatched.map((l) => l.lineItem) });
      explained = amount;
    }
  }
  if (tracked && tracked.unpricedEvents > 0) sources.push({ source: "unpriced_events", amount: null, events: tracked.unpricedEvents });
  if (tracked && tracked.warningEvents > 0) sources.push({ source: "warning_events", amount: null, events: tracked.warningEvents });
  const unexplained = variance.minus(explained);
  const status: ReconcileStatus = variance.abs().lte(RECONCILE_TOLERANCE)
    ? "matched"
    : unexplained.abs().lte(RECONCILE_TOLERANCE) || (unexplained.gt(0) && (tracked?.unpricedEvents ?? 0) > 0)
      ? "explained"
      : "unexplained";
  return {
    billed: money(billed),
    tracked: money(trackedCost),
    variance: money(variance),
    variancePercent: variancePercent(billed, variance),
    sources,
    unexplained: money(unexplained),
    status,
  };
}

/** Plain-language line per source, for the page and alert mail. */
export function describeSource(s: GapSource): string {
  switch (s.source) {
    case "no_tracked_events":
      return `no tracked events that day (${formatUsd(s.amount, { decimals: 2 })})`;
    case "unmatched_line_items":
      return `line items with no tracked counterpart: ${(s.lineItems ?? []).join(", ")} (${formatUsd(s.amount, { decimals: 2 })})`;
    case "unpriced_events":
      return `${s.events} unpriced event${s.events === 1 ? "" : "s"} tracked at $0`;
    case "warning_events":
      return `${s.events} event${s.events === 1 ? "" : "s"} priced with warnings`;
  }
}
