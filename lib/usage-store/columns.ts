import { Prisma } from "@/lib/db/client";
import type { PreparedEvent } from "@/lib/ingest/prepare";
import type { Decimal } from "@/lib/money/decimal";

/**
 * The columns of usage_events that a writer supplies, spelled once: name, PostgreSQL type in the bulk recordset,
 * the cast into the column's type, and how a prepared (validated, priced) event fills it. The bulk INSERT
 * (write.ts) is generated from this list. org_id, source and api_key_id come from the batch; ingested_at defaults.
 *
 * A batch travels as ONE parameter: a JSON array of objects keyed by each column's short key (its position in
 * base 36: "0", "1", ... "15"; recordsetKey), null values left out, read by
 * `json_to_recordset($1::json) AS r("0" text, ...)` and renamed to the column names. One native JSON.stringify in
 * Node and one JSON parse in PostgreSQL replace ~40 array parameters (each escaped element by element in JS); money
 * stays exact (decimal strings go through numeric's text input, never a float). Short keys and absent nulls halve
 * the text both sides handle (json_to_recordset reads a missing key as NULL).
 */

export interface EventColumn {
  name: string;
  /** Type of the column in the bulk recordset (`json_to_recordset ... AS input(name type, ...)`). */
  arrayType: "text" | "timestamptz" | "uuid" | "int" | "boolean" | "numeric" | "jsonb";
  /** Cast from the unnested value into the column (enums). */
  cast?: "workflow" | "outcome";
  value: (p: PreparedEvent) => string | number | boolean | null | object;
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
    value: (p) => p.event.metadata,
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
  { name: "warnings", arrayType: "jsonb", value: (p) => p.warnings },
  { name: "per_image_cost", arrayType: "numeric", value: (p) => dec(p.buckets.perImage) },
];

/** Key of a column in the batch JSON: its position in EVENT_COLUMNS, base 36. */
export function recordsetKey(index: number): string {
  return index.toString(36);
}
const KEYS = EVENT_COLUMNS.map((_, i) => recordsetKey(i));

/** The batch as one JSON text: an array of objects keyed by recordsetKey, one per event; nulls are left out. */
export function toRecordsetJson(events: readonly PreparedEvent[]): string {
  return JSON.stringify(
    events.map((p) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < EVENT_COLUMNS.length; i++) {
        const v = EVENT_COLUMNS[i].value(p);
        if (v !== null) row[KEYS[i]] = v;
      }
      return row;
    }),
  );
}

/**
 * `(SELECT r."0" AS id, ... FROM json_to_recordset($1::json) AS r("0" text, ...)) AS input` over a batch from
 * toRecordsetJson: a relation `input` with every EVENT_COLUMNS name.
 */
export function recordsetEvents(json: string): Prisma.Sql {
  const defs = Prisma.raw(EVENT_COLUMNS.map((c, i) => `"${KEYS[i]}" ${c.arrayType}`).join(", "));
  const names = Prisma.raw(EVENT_COLUMNS.map((c, i) => `r."${KEYS[i]}" AS ${c.name}`).join(", "));
  return Prisma.sql`(SELECT ${names} FROM json_to_recordset(${json}::json) AS r(${defs})) AS input`;
}

/** Column list of the INSERT and the matching select list over `input` (with enum casts). */
export function insertColumnList(): string {
  return EVENT_COLUMNS.map((c) => c.name).join(", ");
}
export function insertSelectList(): string {
  return EVENT_COLUMNS.map((c) => (c.cast ? `input.${c.name}::${c.cast}` : `input.${c.name}`)).join(", ");
}
