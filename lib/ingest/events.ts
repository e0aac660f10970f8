import { toAmountString } from "@/lib/money/decimal";
import { listStoredEvents } from "./queries";
import type { StoredWarning } from "./prepare";

export interface EventView {
  id: string;
  occurredAt: string;
  team: string;
  feature: string;
  workflow: string;
  stage: string;
  model: string;
  provider: string;
  images: number | null;
  size: string;
  quality: string;
  batch: boolean;
  attempt: number;
  outcome: string;
  priced: boolean;
  estimated: boolean;
  cost: string | null;
  snapshotId: string | null;
  unpricedReason: string | null;
  warnings: StoredWarning[];
  source: string;
  ingestedAt: string;
}

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
