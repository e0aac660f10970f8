import { db, Prisma } from "@/lib/db/client";
import type { PricingActor } from "@/lib/pricing/service";

/** Shared by the pricing integration tests. */

export const ADMIN: PricingActor = { actor: "cli", actorLabel: "test", userId: null };

/** Rollup totals of an organization as decimal strings / numbers. */
export async function rollupTotals(orgId: string) {
  const [r] = await db().$queryRaw<Record<string, string | null>[]>(Prisma.sql`
    SELECT sum(cost)::text AS cost, sum(image_output_cost)::text AS image_output_cost, sum(text_input_cost)::text AS text_input_cost,
      sum(events)::text AS events, sum(unpriced_events)::text AS unpriced, sum(warning_events)::text AS warnings,
      sum(estimated_events)::text AS estimated, sum(image_output_tokens)::text AS image_output_tokens
    FROM usage_rollup_hourly WHERE org_id = ${orgId}::uuid`);
  return r;
}

/** The same totals computed from the raw events (what the rollups must equal). */
export async function eventTotals(orgId: string) {
  const [r] = await db().$queryRaw<Record<string, string | null>[]>(Prisma.sql`
    SELECT coalesce(sum(cost), 0)::text AS cost, coalesce(sum(image_output_cost), 0)::text AS image_output_cost,
      coalesce(sum(text_input_cost), 0)::text AS text_input_cost, count(*)::text AS events,
      count(*) FILTER (WHERE NOT priced)::text AS unpriced, count(*) FILTER (WHERE warnings <> '[]'::jsonb)::text AS warnings,
      count(*) FILTER (WHERE estimated)::text AS estimated,
      coalesce(sum(image_output_tokens + estimated_image_output_tokens), 0)::text AS image_output_tokens
    FROM usage_events WHERE org_id = ${orgId}::uuid`);
  return r;
}
