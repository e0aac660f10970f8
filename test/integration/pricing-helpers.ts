import { db, Prisma } from "@/lib/db/client";
import { emptyTokens, type TokenCounts } from "@/lib/cost/types";
import { rollupUpsert } from "@/lib/ingest/rollups";
import { loadPublishedSnapshots } from "@/lib/pricing/published";
import { repriceEvent } from "@/lib/pricing/reprice-values";
import type { PricingActor } from "@/lib/pricing/service";

/** Test-side usage writer: prices with the published snapshots and adds to the rollups the way ingest does. */

export const ADMIN: PricingActor = { actor: "cli", actorLabel: "test", userId: null };

export interface TestEvent {
  id: string;
  occurredAt: string;
  model: string;
  provider?: string;
  tokens?: Partial<TokenCounts>;
  batch?: boolean;
  images?: number | null;
  size?: string;
  quality?: string;
  outcome?: "accepted" | "rejected" | "failed" | "unknown";
  attempt?: number;
  feature?: string;
  workflow?: "text_to_image" | "image_edit" | "vision_analysis" | "analysis_then_generate";
  inputImages?: number | null;
}

export async function insertEvents(orgId: string, teamId: string, events: TestEvent[]): Promise<void> {
  const snapshots = await loadPublishedSnapshots(orgId);
  const rows = events.map((e) => {
    const tokens = { ...emptyTokens(), ...e.tokens };
    const occurredAt = new Date(e.occurredAt);
    const provider = e.provider ?? "openai";
    const v = repriceEvent(snapshots, {
      id: e.id,
      occurredAt,
      provider,
      model: e.model,
      tokens,
      batch: e.batch ?? false,
      images: e.images ?? null,
      size: e.size ?? "",
      quality: e.quality ?? "",
      warnings: [],
    });
    return {
      orgId,
      id: e.id,
      occurredAt,
      teamId,
      feature: e.feature ?? "hero-images",
      workflow: e.workflow ?? "text_to_image",
      model: e.model,
      provider,
      textInputTokens: tokens.textInput,
      cachedTextInputTokens: tokens.cachedTextInput,
      textOutputTokens: tokens.textOutput,
      imageInputTokens: tokens.imageInput,
      cachedImageInputTokens: tokens.cachedImageInput,
      imageOutputTokens: tokens.imageOutput,
      images: e.images ?? null,
      size: e.size ?? "",
      quality: e.quality ?? "",
      inputImages: e.inputImages ?? null,
      batch: e.batch ?? false,
      attempt: e.attempt ?? 1,
      outcome: e.outcome ?? "accepted",
      contentHash: `hash-${e.id}`,
      priced: v.priced,
      estimated: v.estimated,
      cost: v.cost,
      textInputCost: v.buckets.textInput,
      cachedTextInputCost: v.buckets.cachedTextInput,
      textOutputCost: v.buckets.textOutput,
      imageInputCost: v.buckets.imageInput,
      cachedImageInputCost: v.buckets.cachedImageInput,
      imageOutputCost: v.buckets.imageOutput,
      estimatedImageOutputTokens: v.estimatedImageOutputTokens,
      snapshotId: v.snapshotId,
      pricedModel: v.pricedModel,
      unpricedReason: v.unpricedReason,
      warnings: v.warnings as Prisma.InputJsonValue,
    };
  });
  await db().$transaction(async (tx) => {
    await tx.usageEvent.createMany({ data: rows });
    const ids = rows.map((r) => r.id);
    await tx.$executeRaw(rollupUpsert(Prisma.sql`(SELECT * FROM usage_events WHERE org_id = ${orgId}::uuid AND id = ANY(${ids}::text[])) AS fresh`));
  });
}

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
