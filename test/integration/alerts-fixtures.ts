/**
 * Shared setup for the alerts integration tests: rollup rows written directly into every grain (the aggregates the
 * ingestion service maintains), rules and budgets through the service, and principals for authorization.
 */
import { db, Prisma, type Db } from "@/lib/db/client";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { MEASURES } from "@/lib/usage-store/measures";
import { addMeasureRows } from "@/lib/usage-store/write";

export interface RollupRow {
  hour: string | Date;
  teamId: string;
  feature?: string;
  model?: string;
  workflow?: "text_to_image" | "image_edit" | "vision_analysis" | "analysis_then_generate";
  outcome?: "accepted" | "rejected" | "failed" | "unknown";
  cost?: string;
  events?: number;
  acceptedOutputs?: number;
  retries?: number;
  unpricedEvents?: number;
  images?: number;
  quality?: string;
  size?: string;
}

/** Adds to every rollup grain exactly as ingestion would (same keys, additive), without raw events. */
export async function addRollup(orgId: string, rows: RollupRow[], client: Db = db()): Promise<void> {
  for (const r of rows) {
    const hour = new Date(r.hour);
    hour.setUTCMinutes(0, 0, 0);
    const events = r.events ?? 1;
    const given: Record<string, Prisma.Sql> = {
      events: Prisma.sql`${events}::bigint`,
      accepted_outputs: Prisma.sql`${r.acceptedOutputs ?? (r.outcome && r.outcome !== "accepted" ? 0 : events)}::bigint`,
      retries: Prisma.sql`${r.retries ?? 0}::bigint`,
      unpriced_events: Prisma.sql`${r.unpricedEvents ?? 0}::bigint`,
      images: Prisma.sql`${r.images ?? 0}::bigint`,
      cost: Prisma.sql`${r.cost ?? "0"}::numeric`,
      image_output_cost: Prisma.sql`${r.cost ?? "0"}::numeric`,
    };
    const measures = MEASURES.map((m) => Prisma.sql`${given[m.column] ?? Prisma.sql`0`} AS ${Prisma.raw(m.column)}`);
    await client.$transaction((tx) =>
      addMeasureRows(tx, orgId, Prisma.sql`(SELECT ${orgId}::uuid AS org_id, ${hour.toISOString()}::timestamptz AS occurred_at,
        ${r.teamId}::uuid AS team_id, ${r.feature ?? "hero-images"}::text AS feature, ${r.model ?? "gpt-image-1"}::text AS model,
        'openai'::text AS provider, ${r.workflow ?? "text_to_image"}::workflow AS workflow, ''::text AS stage,
        ${r.outcome ?? "accepted"}::outcome AS outcome, ${r.quality ?? "high"}::text AS quality, ${r.size ?? "1024x1024"}::text AS size, false AS batch,
        ${Prisma.join(measures, ", ")})`),
    );
  }
}

export function adminOf(orgId: string, userId = "00000000-0000-4000-8000-000000000001"): UserPrincipal {
  return { kind: "user", userId, orgId, email: "admin@test.local", name: "Admin", role: "admin", teamIds: [] };
}

export function memberOf(orgId: string, teamIds: string[], userId = "00000000-0000-4000-8000-000000000002"): UserPrincipal {
  return { kind: "user", userId, orgId, email: "member@test.local", name: "Member", role: "member", teamIds };
}

/** Outbox rows of an organization, oldest first. */
export function outboxOf(orgId: string, client: Db = db()) {
  return client.outboxMessage.findMany({ where: { orgId }, orderBy: [{ createdAt: "asc" }, { recipient: "asc" }] });
}

/** Firings in a stable order: time, then threshold, then (firings of one evaluation instant) budget amount. */
export function firingsOf(orgId: string, client: Db = db()) {
  const orderBy = [{ firedAt: "asc" as const }, { threshold: "asc" as const }, { budgetAmount: "asc" as const }];
  return client.alertFiring.findMany({ where: { orgId }, orderBy });
}
