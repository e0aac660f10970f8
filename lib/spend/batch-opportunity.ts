/**
 * Batch opportunity: real-time spend in features marked delayable, and what the Batch API would have saved
 * at the snapshot's batch multiplier (every token rate × multiplier, so the saving is cost × (1 − multiplier)).
 * Pure.
 */
import { Decimal, ZERO, dec, toAmountString } from "@/lib/money/decimal";
import { sharePercent, type Figures } from "./figures";
import type { Column, TableModel, TableRow } from "./table-model";

export interface BatchInput {
  feature: string;
  provider: string;
  batch: boolean;
  figures: Figures;
}

export const BATCH_COLUMNS: Column[] = [
  { key: "feature", label: "Feature", kind: "text" },
  { key: "realtimeSpend", label: "Real-time spend", kind: "money" },
  { key: "realtimeRequests", label: "Real-time requests", kind: "count", secondary: true },
  { key: "batchSpend", label: "Batch spend", kind: "money", secondary: true },
  { key: "batchShare", label: "Already batched", kind: "percent", secondary: true, hint: "Share of the feature's spend already on Batch pricing" },
  { key: "savings", label: "Batch would save", kind: "money" },
];

interface Acc {
  realtime: Decimal;
  realtimeRequests: number;
  batch: Decimal;
  savings: Decimal;
  unknownMultiplier: number;
}

/**
 * @param multiplierFor the batch multiplier of the snapshot in force for a provider (decimal string), or null
 *   when the provider has no snapshot (that spend counts as real-time but saves nothing we can state).
 */
export function batchOpportunity(
  id: string,
  inputs: readonly BatchInput[],
  delayable: ReadonlySet<string>,
  multiplierFor: (provider: string) => string | null,
): { table: TableModel; savings: string; realtimeSpend: string } {
  const acc = new Map<string, Acc>();
  for (const i of inputs) {
    if (!delayable.has(i.feature)) continue;
    let a = acc.get(i.feature);
    if (!a) acc.set(i.feature, (a = { realtime: ZERO, realtimeRequests: 0, batch: ZERO, savings: ZERO, unknownMultiplier: 0 }));
    const cost = dec(i.figures.cost);
    if (i.batch) {
      a.batch = a.batch.plus(cost);
      continue;
    }
    a.realtime = a.realtime.plus(cost);
    a.realtimeRequests += i.figures.events;
    const m = multiplierFor(i.provider);
    if (m === null) a.unknownMultiplier += i.figures.events;
    else a.savings = a.savings.plus(cost.times(dec(1).minus(dec(m))));
  }
  const amount = (d: Decimal) => toAmountString(d) as string;
  const total: Acc = { realtime: ZERO, realtimeRequests: 0, batch: ZERO, savings: ZERO, unknownMultiplier: 0 };
  const cells = (feature: string, a: Acc) => ({
    feature,
    realtimeSpend: amount(a.realtime),
    realtimeRequests: a.realtimeRequests,
    batchSpend: amount(a.batch),
    batchShare: sharePercent(amount(a.batch), amount(a.batch.plus(a.realtime))),
    savings: amount(a.savings),
  });
  const rows: TableRow[] = [...acc.entries()]
    .sort((x, y) => y[1].savings.comparedTo(x[1].savings) || x[0].localeCompare(y[0]))
    .map(([feature, a]) => {
      total.realtime = total.realtime.plus(a.realtime);
      total.realtimeRequests += a.realtimeRequests;
      total.batch = total.batch.plus(a.batch);
      total.savings = total.savings.plus(a.savings);
      return { key: feature, href: `/features/${encodeURIComponent(feature)}`, cells: cells(feature, a) };
    });
  return {
    savings: amount(total.savings),
    realtimeSpend: amount(total.realtime),
    table: {
      id,
      title: "Batch opportunity",
      description: "Real-time spend in features marked delayable, and what Batch API pricing would have saved on it.",
      columns: BATCH_COLUMNS,
      rows,
      total: rows.length ? cells("Total", total) : null,
      sort: null,
      sortPrefix: "",
      emptyText: "No spend in delayable features in this range. Mark features that can wait as delayable to see the opportunity.",
    },
  };
}
