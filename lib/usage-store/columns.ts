import { Prisma } from "@/lib/db/client";
import type { PreparedEvent } from "@/lib/ingest/prepare";
import type { Decimal } from "@/lib/money/decimal";

/**
 * The columns of usage_events that a writer supplies, spelled once: name, PostgreSQL array type for the bulk
 * unnest, the cast into the column's type, and how a prepared (validated, priced) event fills it. The bulk INSERT
 * (write.ts) is generated from this list. org_id, source and api_key_id come from the batch; ingested_at defaults.
 */

export interface EventColumn {
  name: string;
  /** Element type of the unnest parameter array. */
  arrayType: "text" | "timestamptz" | "uuid" | "int" | "boolean" | "numeric" | "jsonb";
  /** Cast from the unnested value into the column (enums). */
  cast?: "workflow" | "outcome";
  value: (p: PreparedEvent) => string | number | boolean | null;
}

const dec = (d: Decimal | null) => (d === null ? null : d.toFixed());

export const EVENT_COLUMNS: readonly EventColumn[] = [
  { name: "id", arrayType: "text", value: (p) => p.event.id },
  { name: "occurred_at", arrayType: "timestamptz", value: (p) => p.event.timestamp.toISOString() },
  { name: "team_id", arrayType: "uuid", value: (p) => p.teamId },
  { name: "feature", arrayType: "text", value: (p) => p.event.feature },
  { name: "workflow", arrayType: "text", cast: "workflow", value: (p) => p.event.workflow },
  { name: "stage", arrayType: "text", value: (p) => p.event.stage ?? "" },
  { name: "trace_id", arrayType: "text", value: (p) => p.event.traceId },
  { name: "model", arrayType: "text", value: (p) => p.canonicalModel },
  { name: "model_as_called", arrayType: "text", value: (p) => p.event.model },
  { name: "provider", arrayType: "text", value: (p) => p.event.provider },
  { name: "text_input_tokens", arrayType: "int", value: (p) => p.event.tokens.textInput },
  { name: "cached_text_input_tokens", arrayType: "int", value: (p) => p.event.tokens.cachedTextInput },
  { name: "text_output_tokens", arrayType: "int", value: (p) => p.event.tokens.textOutput },
  { name: "image_input_tokens", arrayType: "int", value: (p) => p.event.tokens.imageInput },
  { name: "cached_image_input_tokens", arrayType: "int", value: (p) => p.event.tokens.cachedImageInput },
  { name: "image_output_tokens", arrayType: "int", value: (p) => p.event.tokens.imageOutput },
  { name: "token_source", arrayType: "text", value: (p) => p.event.tokenSource },
  { name: "images", arrayType: "int", value: (p) => p.event.images },
  { name: "size", arrayType: "text", value: (p) => p.event.size ?? "" },
  { name: "quality", arrayType: "text", value: (p) => p.event.quality ?? "" },
  { name: "input_images", arrayType: "int", value: (p) => p.event.inputImages },
  { name: "batch", arrayType: "boolean", value: (p) => p.event.batch },
  { name: "attempt", arrayType: "int", value: (p) => p.event.attempt },
  { name: "outcome", arrayType: "text", cast: "outcome", value: (p) => p.event.outcome },
  {
    name: "metadata",
    arrayType: "jsonb",
    value: (p) => (p.event.metadata === null ? null : JSON.stringify(p.event.metadata)),
  },
  { name: "content_hash", arrayType: "text", value: (p) => p.hash },
  { name: "priced", arrayType: "boolean", value: (p) => p.priced },
  { name: "estimated", arrayType: "boolean", value: (p) => p.estimated },
  { name: "cost", arrayType: "numeric", value: (p) => dec(p.cost) },
  { name: "text_input_cost", arrayType: "numeric", value: (p) => dec(p.buckets.textInput) },
  { name: "cached_text_input_cost", arrayType: "numeric", value: (p) => dec(p.buckets.cachedTextInput) },
  { name: "text_output_cost", arrayType: "numeric", value: (p) => dec(p.buckets.textOutput) },
  { name: "image_input_cost", arrayType: "numeric", value: (p) => dec(p.buckets.imageInput) },
  { name: "cached_image_input_cost", arrayType: "numeric", value: (p) => dec(p.buckets.cachedImageInput) },
  { name: "image_output_cost", arrayType: "numeric", value: (p) => dec(p.buckets.imageOutput) },
  { name: "estimated_image_output_tokens", arrayType: "int", value: (p) => p.estimatedImageOutputTokens },
  { name: "snapshot_id", arrayType: "uuid", value: (p) => p.snapshotId },
  { name: "priced_model", arrayType: "text", value: (p) => p.pricedModel },
  { name: "unpriced_reason", arrayType: "text", value: (p) => (p.unpricedReason ? p.unpricedReason.message : null) },
  { name: "warnings", arrayType: "jsonb", value: (p) => JSON.stringify(p.warnings) },
  { name: "per_image_cost", arrayType: "numeric", value: (p) => dec(p.buckets.perImage) },
];

/** One array per column (one element per event), in EVENT_COLUMNS order. */
export function toColumnArrays(events: readonly PreparedEvent[]): Array<Array<string | number | boolean | null>> {
  return EVENT_COLUMNS.map((c) => events.map(c.value));
}

/** `unnest($1::text[], ...) AS input(id, ...)` over the column arrays. */
export function unnestEvents(arrays: ReadonlyArray<ReadonlyArray<unknown>>): Prisma.Sql {
  const params = EVENT_COLUMNS.map((c, i) => Prisma.sql`${arrays[i]}::${Prisma.raw(c.arrayType)}[]`);
  const names = Prisma.raw(EVENT_COLUMNS.map((c) => c.name).join(", "));
  return Prisma.sql`unnest(${Prisma.join(params, ", ")}) AS input(${names})`;
}

/** Column list of the INSERT and the matching select list over `input` (with enum casts). */
export function insertColumnList(): string {
  return EVENT_COLUMNS.map((c) => c.name).join(", ");
}
export function insertSelectList(): string {
  return EVENT_COLUMNS.map((c) => (c.cast ? `input.${c.name}::${c.cast}` : `input.${c.name}`)).join(", ");
}
