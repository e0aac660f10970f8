import { Prisma } from "@/lib/db/client";

/**
 * The hourly rollup, as SQL. One definition, used for the additive upsert at ingest (FROM the rows just inserted)
 * and usable by any rebuild (FROM usage_events WHERE ...), so the two can never disagree.
 *
 * Key: org, UTC hour of occurred_at, team, feature, model, provider, workflow, stage ('' = none), outcome,
 * quality ('' = none), size ('' = none), batch.
 * Sums: events; images and input_images (null = 0); accepted_outputs = Σ coalesce(images, 1) of accepted events;
 * retries = events with attempt > 1; unpriced_events (priced = false); warning_events (warnings <> '[]');
 * estimated_events; cost and the six bucket costs (null = 0); the six token sums, where image output includes
 * the tokens estimated from per-image tables (estimated_image_output_tokens), so tokens match the priced cost.
 */

const KEY = Prisma.sql`org_id, hour, team_id, feature, model, provider, workflow, stage, outcome, quality, size, batch`;

const SUMS = [
  "events", "images", "input_images", "accepted_outputs", "retries", "unpriced_events", "warning_events", "estimated_events",
  "cost", "text_input_cost", "cached_text_input_cost", "text_output_cost", "image_input_cost", "cached_image_input_cost", "image_output_cost",
  "text_input_tokens", "cached_text_input_tokens", "text_output_tokens", "image_input_tokens", "cached_image_input_tokens", "image_output_tokens",
] as const;

/** Aggregates `source` (a relation with usage_events' columns: a table, a CTE name or a subquery) into rollup rows. */
export function rollupSelect(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT org_id, date_trunc('hour', occurred_at, 'UTC') AS hour, team_id, feature, model, provider, workflow, stage, outcome,
      quality, size, batch,
      count(*)::bigint,
      coalesce(sum(images), 0)::bigint,
      coalesce(sum(input_images), 0)::bigint,
      coalesce(sum(coalesce(images, 1)) FILTER (WHERE outcome = 'accepted'), 0)::bigint,
      count(*) FILTER (WHERE attempt > 1)::bigint,
      count(*) FILTER (WHERE NOT priced)::bigint,
      count(*) FILTER (WHERE warnings <> '[]'::jsonb)::bigint,
      count(*) FILTER (WHERE estimated)::bigint,
      coalesce(sum(cost), 0),
      coalesce(sum(text_input_cost), 0),
      coalesce(sum(cached_text_input_cost), 0),
      coalesce(sum(text_output_cost), 0),
      coalesce(sum(image_input_cost), 0),
      coalesce(sum(cached_image_input_cost), 0),
      coalesce(sum(image_output_cost), 0),
      coalesce(sum(text_input_tokens), 0)::bigint,
      coalesce(sum(cached_text_input_tokens), 0)::bigint,
      coalesce(sum(text_output_tokens), 0)::bigint,
      coalesce(sum(image_input_tokens), 0)::bigint,
      coalesce(sum(cached_image_input_tokens), 0)::bigint,
      coalesce(sum(image_output_tokens::bigint + estimated_image_output_tokens), 0)::bigint
    FROM ${source}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`;
}

/**
 * INSERT the aggregate of `source` into usage_rollup_hourly, adding to existing rows (ON CONFLICT ... DO UPDATE
 * col = col + EXCLUDED.col). Rows are upserted in key order so concurrent batches lock them in the same order.
 */
export function rollupUpsert(source: Prisma.Sql): Prisma.Sql {
  const add = Prisma.join(
    SUMS.map((c) => Prisma.raw(`${c} = usage_rollup_hourly.${c} + EXCLUDED.${c}`)),
    ", ",
  );
  return Prisma.sql`
    INSERT INTO usage_rollup_hourly (${KEY}, ${Prisma.raw(SUMS.join(", "))})
    ${rollupSelect(source)}
    ON CONFLICT (${KEY}) DO UPDATE SET ${add}`;
}
