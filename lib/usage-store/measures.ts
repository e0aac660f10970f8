import { Prisma } from "@/lib/db/client";

/**
 * The usage measures: what every rollup grain sums and what a raw-event aggregate computes, defined ONCE as a
 * per-event SQL expression over usage_events' columns. A grain row holds SUM(expression) over its events, so any
 * grain, any rebuild and the raw fallback agree by construction.
 *
 * Adding a measure: add it here (and to MEASURES' type lists below), add the column to every grain table in a
 * migration (and schema.prisma); nothing else changes.
 */

export const COUNT_MEASURES = [
  "events", "images", "inputImages", "acceptedOutputs", "retries", "unpricedEvents", "warningEvents", "estimatedEvents",
  "textInputTokens", "cachedTextInputTokens", "textOutputTokens", "imageInputTokens", "cachedImageInputTokens",
  "imageOutputTokens",
] as const;
export type CountMeasure = (typeof COUNT_MEASURES)[number];

export const MONEY_MEASURES = [
  "cost", "textInputCost", "cachedTextInputCost", "textOutputCost", "imageInputCost", "cachedImageInputCost",
  "imageOutputCost", "perImageCost",
] as const;
export type MoneyMeasure = (typeof MONEY_MEASURES)[number];

export type MeasureKey = CountMeasure | MoneyMeasure;

export interface Measure {
  key: MeasureKey;
  /** Column name in every grain table and in a measure-row relation. */
  column: string;
  kind: "count" | "money";
  /** Value of one event, over usage_events' unqualified column names. */
  perEvent: string;
}

const count = (key: CountMeasure, column: string, perEvent: string): Measure => ({
  key,
  column,
  kind: "count",
  perEvent,
});
const money = (key: MoneyMeasure, column: string): Measure => ({
  key,
  column,
  kind: "money",
  perEvent: `coalesce(${column}, 0)`,
});

export const MEASURES: readonly Measure[] = [
  count("events", "events", "1"),
  count("images", "images", "coalesce(images, 0)"),
  count("inputImages", "input_images", "coalesce(input_images, 0)"),
  // An accepted event without an image count produced one output.
  count("acceptedOutputs", "accepted_outputs", "CASE WHEN outcome = 'accepted' THEN coalesce(images, 1) ELSE 0 END"),
  count("retries", "retries", "CASE WHEN attempt > 1 THEN 1 ELSE 0 END"),
  count("unpricedEvents", "unpriced_events", "CASE WHEN priced THEN 0 ELSE 1 END"),
  count("warningEvents", "warning_events", "CASE WHEN warnings <> '[]'::jsonb THEN 1 ELSE 0 END"),
  count("estimatedEvents", "estimated_events", "CASE WHEN estimated THEN 1 ELSE 0 END"),
  money("cost", "cost"),
  money("textInputCost", "text_input_cost"),
  money("cachedTextInputCost", "cached_text_input_cost"),
  money("textOutputCost", "text_output_cost"),
  money("imageInputCost", "image_input_cost"),
  money("cachedImageInputCost", "cached_image_input_cost"),
  money("imageOutputCost", "image_output_cost"),
  count("textInputTokens", "text_input_tokens", "text_input_tokens"),
  count("cachedTextInputTokens", "cached_text_input_tokens", "cached_text_input_tokens"),
  count("textOutputTokens", "text_output_tokens", "text_output_tokens"),
  count("imageInputTokens", "image_input_tokens", "image_input_tokens"),
  count("cachedImageInputTokens", "cached_image_input_tokens", "cached_image_input_tokens"),
  // Image output includes the tokens the pricer estimated from per-image tables, so tokens match the priced cost.
  count("imageOutputTokens", "image_output_tokens", "(image_output_tokens::bigint + estimated_image_output_tokens)"),
  // The seventh cost bucket: per-image and per-megapixel prices (lib/cost/image-prices.ts).
  money("perImageCost", "per_image_cost"),
];

export const MEASURE_BY_KEY: Readonly<Record<MeasureKey, Measure>> = Object.fromEntries(
  MEASURES.map((m) => [m.key, m]),
) as Record<MeasureKey, Measure>;

/** Every dimension an event has and a grain may keep. "team" is stored as team_id. */
export const EVENT_DIMS = [
  "team", "feature", "model", "provider", "workflow", "stage", "outcome", "quality", "size", "batch",
] as const;
export type EventDim = (typeof EVENT_DIMS)[number];

export function dimColumn(d: EventDim): string {
  return d === "team" ? "team_id" : d;
}

/** Measure-row columns: org, instant, every dimension, every measure (per event). */
export const MEASURE_ROW_COLUMNS: string = [
  "org_id", "occurred_at", ...EVENT_DIMS.map(dimColumn), ...MEASURES.map((m) => m.column),
].join(", ");

/** Select list turning usage_events-shaped rows into measure rows (also usable in a RETURNING clause). */
export function measureRowSelectList(): Prisma.Sql {
  const dims = EVENT_DIMS.map(dimColumn).join(", ");
  const ms = MEASURES.map((m) => `${m.perEvent} AS ${m.column}`).join(", ");
  return Prisma.raw(`org_id, occurred_at, ${dims}, ${ms}`);
}

/** usage_events of one organization as measure rows: the raw path's relation (filters push down through it). */
export function rawMeasureRows(orgId: string): Prisma.Sql {
  return Prisma.sql`(SELECT ${measureRowSelectList()} FROM usage_events WHERE org_id = ${orgId}::uuid)`;
}

/** Final aggregate of a measure column: `SUM(alias.col)` typed as the API reads it (bigint or numeric(38,12)). */
export function sumOf(m: Measure, alias: string): string {
  return m.kind === "count"
    ? `COALESCE(SUM(${alias}.${m.column}), 0)::bigint`
    : `COALESCE(SUM(${alias}.${m.column}), 0)::numeric(38, 12)`;
}
