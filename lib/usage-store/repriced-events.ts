import { Prisma, type Tx } from "@/lib/db/client";
import type { RepricedValues, StoredEventForPricing } from "@/lib/pricing/reprice-values";

/**
 * The reprice job's reads and in-place writes of usage_events (its pricing inputs and priced columns), owned here
 * with the other event columns. Pricing reads the name as called; the write moves the event to the canonical model
 * of its new priced row (a snapshot that changes aliases moves events between models). After updateEventPricing the
 * caller must rebuild the grains over the same span (rebuild.ts rebuildRange), in the same transaction, holding the
 * storage lock exclusively (write.ts lock order).
 */

export interface EventCursor {
  occurredAt: Date;
  id: string;
}

export interface EventRange {
  orgId: string;
  provider: string;
  from: Date;
  /** Exclusive; null = open-ended. */
  to: Date | null;
}

/** A stored event's pricing inputs as selected by PRICING_INPUTS (alias `e`). */
export interface PricingInputRow {
  id: string;
  occurredAt: Date;
  provider: string;
  model: string;
  textInputTokens: number;
  cachedTextInputTokens: number;
  textOutputTokens: number;
  imageInputTokens: number;
  cachedImageInputTokens: number;
  imageOutputTokens: number;
  batch: boolean;
  images: number | null;
  size: string;
  quality: string;
  warnings: unknown;
}

/**
 * The select list of an event's pricing inputs over `usage_events e`: the one definition the reprice job and the
 * impact preview both read, so a preview prices exactly what publishing will. Pricing reads the name as called.
 */
export const PRICING_INPUTS = Prisma.sql`e.id, e.occurred_at AS "occurredAt", e.provider, COALESCE(e.model_as_called, e.model) AS model,
  e.text_input_tokens AS "textInputTokens", e.cached_text_input_tokens AS "cachedTextInputTokens",
  e.text_output_tokens AS "textOutputTokens", e.image_input_tokens AS "imageInputTokens",
  e.cached_image_input_tokens AS "cachedImageInputTokens", e.image_output_tokens AS "imageOutputTokens",
  e.batch, e.images, e.size, e.quality, e.warnings`;

export function toPricingInput(r: PricingInputRow): StoredEventForPricing {
  return {
    id: r.id,
    occurredAt: r.occurredAt,
    provider: r.provider,
    model: r.model,
    tokens: {
      textInput: r.textInputTokens,
      cachedTextInput: r.cachedTextInputTokens,
      textOutput: r.textOutputTokens,
      imageInput: r.imageInputTokens,
      cachedImageInput: r.cachedImageInputTokens,
      imageOutput: r.imageOutputTokens,
    },
    batch: r.batch,
    images: r.images,
    size: r.size,
    quality: r.quality,
    warnings: r.warnings,
  };
}

/** The next `limit` events of the range after `after`, in (occurred_at, id) order (keyset pagination). */
export async function selectEventChunk(tx: Tx, range: EventRange, after: EventCursor | null, limit: number): Promise<StoredEventForPricing[]> {
  const upper = range.to ? Prisma.sql`AND e.occurred_at < ${range.to}` : Prisma.empty;
  const keyset = after ? Prisma.sql`AND (e.occurred_at, e.id) > (${after.occurredAt}::timestamptz, ${after.id})` : Prisma.empty;
  const rows = await tx.$queryRaw<PricingInputRow[]>(Prisma.sql`
    SELECT ${PRICING_INPUTS}
    FROM usage_events e
    WHERE e.org_id = ${range.orgId}::uuid AND e.provider = ${range.provider} AND e.occurred_at >= ${range.from} ${upper} ${keyset}
    ORDER BY e.occurred_at, e.id
    LIMIT ${limit}`);
  return rows.map(toPricingInput);
}

/** Writes the repriced columns of many events with one UPDATE ... FROM unnest(arrays). */
export async function updateEventPricing(tx: Tx, orgId: string, values: readonly RepricedValues[]): Promise<number> {
  if (values.length === 0) return 0;
  const col = <T>(f: (v: RepricedValues) => T): T[] => values.map(f);
  return tx.$executeRaw(Prisma.sql`
    UPDATE usage_events AS e SET
      priced = v.priced,
      estimated = v.estimated,
      cost = v.cost,
      text_input_cost = v.text_input_cost,
      cached_text_input_cost = v.cached_text_input_cost,
      text_output_cost = v.text_output_cost,
      image_input_cost = v.image_input_cost,
      cached_image_input_cost = v.cached_image_input_cost,
      image_output_cost = v.image_output_cost,
      estimated_image_output_tokens = v.estimated_image_output_tokens,
      snapshot_id = v.snapshot_id,
      priced_model = v.priced_model,
      model_as_called = COALESCE(e.model_as_called, e.model),
      model = v.model,
      unpriced_reason = v.unpriced_reason,
      warnings = v.warnings,
      per_image_cost = v.per_image_cost
    FROM unnest(
      ${col((v) => v.id)}::text[],
      ${col((v) => v.priced)}::boolean[],
      ${col((v) => v.estimated)}::boolean[],
      ${col((v) => v.cost)}::numeric[],
      ${col((v) => v.buckets.textInput)}::numeric[],
      ${col((v) => v.buckets.cachedTextInput)}::numeric[],
      ${col((v) => v.buckets.textOutput)}::numeric[],
      ${col((v) => v.buckets.imageInput)}::numeric[],
      ${col((v) => v.buckets.cachedImageInput)}::numeric[],
      ${col((v) => v.buckets.imageOutput)}::numeric[],
      ${col((v) => v.estimatedImageOutputTokens)}::int[],
      ${col((v) => v.snapshotId)}::uuid[],
      ${col((v) => v.pricedModel)}::text[],
      ${col((v) => v.canonicalModel)}::text[],
      ${col((v) => v.unpricedReason)}::text[],
      ${col((v) => JSON.stringify(v.warnings))}::jsonb[],
      ${col((v) => v.buckets.perImage)}::numeric[]
    ) AS v(id, priced, estimated, cost, text_input_cost, cached_text_input_cost, text_output_cost, image_input_cost,
           cached_image_input_cost, image_output_cost, estimated_image_output_tokens, snapshot_id, priced_model,
           model, unpriced_reason, warnings, per_image_cost)
    JOIN usage_event_ids l ON l.org_id = ${orgId}::uuid AND l.id = v.id
    WHERE e.org_id = ${orgId}::uuid AND e.occurred_at = l.occurred_at AND e.id = v.id`);
}
