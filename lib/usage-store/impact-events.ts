import { Prisma, type Tx } from "@/lib/db/client";
import type { StoredEventForPricing } from "@/lib/pricing/reprice-values";
import { PRICING_INPUTS, toPricingInput, type EventCursor, type EventRange, type PricingInputRow } from "./repriced-events";

/**
 * Read-only pass over the events a reprice job would touch, for the repricing impact preview (lib/pricing/impact-service.ts):
 * the pricing inputs plus the stored outcome (priced, cost), the team and the org-local month. Keyset-paged in
 * (occurred_at, id) order like the job itself, so memory stays one chunk. Never writes.
 */

export interface ImpactEvent extends StoredEventForPricing {
  teamId: string;
  /** "YYYY-MM" in the organization's time zone. */
  month: string;
  priced: boolean;
  /** Stored cost (decimal string), null when unpriced. */
  cost: string | null;
}

interface Row extends PricingInputRow {
  teamId: string;
  month: string;
  priced: boolean;
  cost: string | null;
}

/** The next `limit` events of the range (optionally only some teams) after `after`. */
export async function selectImpactChunk(
  tx: Tx,
  range: EventRange & { teamIds: string[] | null; timeZone: string },
  after: EventCursor | null,
  limit: number,
): Promise<ImpactEvent[]> {
  const upper = range.to ? Prisma.sql`AND e.occurred_at < ${range.to}` : Prisma.empty;
  const teams = range.teamIds ? Prisma.sql`AND e.team_id = ANY(${range.teamIds}::uuid[])` : Prisma.empty;
  const keyset = after ? Prisma.sql`AND (e.occurred_at, e.id) > (${after.occurredAt}::timestamptz, ${after.id})` : Prisma.empty;
  // The same pricing inputs as the reprice job (PRICING_INPUTS), plus the stored outcome, team and local month.
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`
    SELECT ${PRICING_INPUTS}, e.team_id::text AS "teamId",
      to_char(e.occurred_at AT TIME ZONE ${range.timeZone}, 'YYYY-MM') AS month, e.priced, e.cost::text AS cost
    FROM usage_events e
    WHERE e.org_id = ${range.orgId}::uuid AND e.provider = ${range.provider} AND e.occurred_at >= ${range.from} ${upper} ${teams} ${keyset}
    ORDER BY e.occurred_at, e.id
    LIMIT ${limit}`);
  return rows.map((r) => ({ ...toPricingInput(r), teamId: r.teamId, month: r.month, priced: r.priced, cost: r.cost }));
}
