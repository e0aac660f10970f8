import type { ReadScope } from "@/lib/auth/permissions";
import { dec } from "@/lib/money/decimal";
import { addDays } from "@/lib/time/calendar";
import { zonedDayStart } from "@/lib/time/tz";
import { lastBilledDate } from "./queries";
import { loadReconciliation } from "./service";

/**
 * The reconciliation alert rule's values: billed and tracked per billed UTC day over the last `lookbackDays` billed
 * days (ending at the last imported billed day), summed over the scope's projects.
 */
export async function reconciliationDays(scope: ReadScope, lookbackDays: number): Promise<{ days: { date: string; billed: string; tracked: string }[]; window: { from: Date; to: Date } }> {
  const last = await lastBilledDate(scope);
  if (!last) {
    const now = new Date();
    return { days: [], window: { from: now, to: now } };
  }
  const from = addDays(last, -(lookbackDays - 1));
  const r = await loadReconciliation(scope, { from, to: last });
  const byDay = new Map<string, { billed: ReturnType<typeof dec>; tracked: ReturnType<typeof dec> }>();
  for (const row of r.rows) {
    const d = byDay.get(row.date) ?? { billed: dec(0), tracked: dec(0) };
    byDay.set(row.date, { billed: d.billed.plus(dec(row.billed)), tracked: d.tracked.plus(dec(row.tracked)) });
  }
  const days = [...byDay.entries()].map(([date, v]) => ({ date, billed: v.billed.toFixed(), tracked: v.tracked.toFixed() }));
  return { days, window: { from: zonedDayStart(from, "UTC"), to: zonedDayStart(addDays(last, 1), "UTC") } };
}
