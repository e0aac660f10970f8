/**
 * Shared setup for the alerts integration tests: rollup rows written directly (the hourly aggregate the
 * ingestion service maintains), rules and budgets through the service, and principals for authorization.
 */
import { db, Prisma, type Db } from "@/lib/db/client";
import type { UserPrincipal } from "@/lib/auth/permissions";

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
}

/** Adds to the hourly rollup exactly as ingestion would (same key, additive). */
export async function addRollup(orgId: string, rows: RollupRow[], client: Db = db()): Promise<void> {
  for (const r of rows) {
    const hour = new Date(r.hour);
    hour.setUTCMinutes(0, 0, 0);
    await client.$executeRaw(Prisma.sql`
      INSERT INTO usage_rollup_hourly (org_id, hour, team_id, feature, model, provider, workflow, stage, outcome, quality, size, batch,
        events, accepted_outputs, retries, unpriced_events, cost, image_output_cost)
      VALUES (${orgId}::uuid, ${hour.toISOString()}::timestamptz, ${r.teamId}::uuid, ${r.feature ?? "hero-images"}, ${r.model ?? "gpt-image-1"},
        'openai', ${r.workflow ?? "text_to_image"}::workflow, '', ${r.outcome ?? "accepted"}::outcome, 'high', '1024x1024', false,
        ${r.events ?? 1}, ${r.acceptedOutputs ?? (r.outcome && r.outcome !== "accepted" ? 0 : (r.events ?? 1))}, ${r.retries ?? 0}, ${r.unpricedEvents ?? 0},
        ${r.cost ?? "0"}::numeric, ${r.cost ?? "0"}::numeric)
      ON CONFLICT (org_id, hour, team_id, feature, model, provider, workflow, stage, outcome, quality, size, batch) DO UPDATE SET
        events = usage_rollup_hourly.events + EXCLUDED.events,
        accepted_outputs = usage_rollup_hourly.accepted_outputs + EXCLUDED.accepted_outputs,
        retries = usage_rollup_hourly.retries + EXCLUDED.retries,
        unpriced_events = usage_rollup_hourly.unpriced_events + EXCLUDED.unpriced_events,
        cost = usage_rollup_hourly.cost + EXCLUDED.cost,
        image_output_cost = usage_rollup_hourly.image_output_cost + EXCLUDED.image_output_cost`);
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

export function firingsOf(orgId: string, client: Db = db()) {
  return client.alertFiring.findMany({ where: { orgId }, orderBy: [{ firedAt: "asc" }, { threshold: "asc" }] });
}
