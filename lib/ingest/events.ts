import { toAmountString } from "@/lib/money/decimal";
import { listStoredEvents, type StoredEventRow } from "./queries";
import type { StoredWarning } from "./prepare";

/** A stored event as the API and the Usage page show it: instants as ISO strings, warnings parsed. */
export type EventView = Omit<StoredEventRow, "occurredAt" | "ingestedAt" | "warnings"> & {
  occurredAt: string;
  ingestedAt: string;
  warnings: StoredWarning[];
};

/** Stored events for the API and the Usage page: amounts as decimal strings, instants as ISO strings. */
export async function listEvents(
  orgId: string,
  opts: { ids?: readonly string[]; limit: number; teamIds?: readonly string[] | null },
): Promise<EventView[]> {
  const rows = await listStoredEvents(orgId, { ids: opts.ids, limit: opts.ids?.length ? Math.max(opts.limit, opts.ids.length) : opts.limit, teamIds: opts.teamIds ?? null });
  return rows.map((r) => ({
    ...r,
    occurredAt: r.occurredAt.toISOString(),
    ingestedAt: r.ingestedAt.toISOString(),
    cost: toAmountString(r.cost),
    warnings: Array.isArray(r.warnings) ? (r.warnings as StoredWarning[]) : [],
  }));
}
