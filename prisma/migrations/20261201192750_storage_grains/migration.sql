-- CreateTable
CREATE TABLE "usage_rollup_daily" (
    "org_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "team_id" UUID NOT NULL,
    "feature" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "workflow" "workflow" NOT NULL,
    "stage" TEXT NOT NULL,
    "outcome" "outcome" NOT NULL,
    "quality" TEXT NOT NULL,
    "size" TEXT NOT NULL,
    "batch" BOOLEAN NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,
    "images" BIGINT NOT NULL DEFAULT 0,
    "input_images" BIGINT NOT NULL DEFAULT 0,
    "accepted_outputs" BIGINT NOT NULL DEFAULT 0,
    "retries" BIGINT NOT NULL DEFAULT 0,
    "unpriced_events" BIGINT NOT NULL DEFAULT 0,
    "warning_events" BIGINT NOT NULL DEFAULT 0,
    "estimated_events" BIGINT NOT NULL DEFAULT 0,
    "cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "cached_text_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_output_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "image_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "cached_image_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "image_output_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_text_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "text_output_tokens" BIGINT NOT NULL DEFAULT 0,
    "image_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_image_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "image_output_tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_daily_pkey" PRIMARY KEY ("org_id","day","team_id","feature","model","provider","workflow","stage","outcome","quality","size","batch")
);

-- CreateTable
CREATE TABLE "usage_rollup_daily_team_feature" (
    "org_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "team_id" UUID NOT NULL,
    "feature" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "workflow" "workflow" NOT NULL,
    "batch" BOOLEAN NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,
    "images" BIGINT NOT NULL DEFAULT 0,
    "input_images" BIGINT NOT NULL DEFAULT 0,
    "accepted_outputs" BIGINT NOT NULL DEFAULT 0,
    "retries" BIGINT NOT NULL DEFAULT 0,
    "unpriced_events" BIGINT NOT NULL DEFAULT 0,
    "warning_events" BIGINT NOT NULL DEFAULT 0,
    "estimated_events" BIGINT NOT NULL DEFAULT 0,
    "cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "cached_text_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_output_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "image_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "cached_image_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "image_output_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_text_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "text_output_tokens" BIGINT NOT NULL DEFAULT 0,
    "image_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_image_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "image_output_tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_daily_team_feature_pkey" PRIMARY KEY ("org_id","day","team_id","feature","provider","workflow","batch")
);

-- CreateTable
CREATE TABLE "usage_rollup_daily_team_model" (
    "org_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "team_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "workflow" "workflow" NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,
    "images" BIGINT NOT NULL DEFAULT 0,
    "input_images" BIGINT NOT NULL DEFAULT 0,
    "accepted_outputs" BIGINT NOT NULL DEFAULT 0,
    "retries" BIGINT NOT NULL DEFAULT 0,
    "unpriced_events" BIGINT NOT NULL DEFAULT 0,
    "warning_events" BIGINT NOT NULL DEFAULT 0,
    "estimated_events" BIGINT NOT NULL DEFAULT 0,
    "cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "cached_text_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_output_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "image_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "cached_image_input_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "image_output_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,
    "text_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_text_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "text_output_tokens" BIGINT NOT NULL DEFAULT 0,
    "image_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_image_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "image_output_tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_daily_team_model_pkey" PRIMARY KEY ("org_id","day","team_id","model","provider","workflow")
);

-- Backfill the daily grains from the stored events: days are local dates in each organization's time zone.
INSERT INTO "usage_rollup_daily" (org_id, day, team_id, feature, model, provider, workflow, stage, outcome, quality, size, batch, events, images, input_images, accepted_outputs, retries, unpriced_events, warning_events, estimated_events, cost, text_input_cost, cached_text_input_cost, text_output_cost, image_input_cost, cached_image_input_cost, image_output_cost, text_input_tokens, cached_text_input_tokens, text_output_tokens, image_input_tokens, cached_image_input_tokens, image_output_tokens)
SELECT e.org_id, (e.occurred_at AT TIME ZONE o.time_zone)::date, e.team_id, e.feature, e.model, e.provider, e.workflow, e.stage, e.outcome, e.quality, e.size, e.batch,
  count(*), coalesce(sum(e.images), 0), coalesce(sum(e.input_images), 0), coalesce(sum(CASE WHEN e.outcome = 'accepted' THEN coalesce(e.images, 1) ELSE 0 END), 0), count(*) FILTER (WHERE e.attempt > 1), count(*) FILTER (WHERE NOT e.priced), count(*) FILTER (WHERE e.warnings <> '[]'::jsonb), count(*) FILTER (WHERE e.estimated), coalesce(sum(e.cost), 0), coalesce(sum(e.text_input_cost), 0), coalesce(sum(e.cached_text_input_cost), 0), coalesce(sum(e.text_output_cost), 0), coalesce(sum(e.image_input_cost), 0), coalesce(sum(e.cached_image_input_cost), 0), coalesce(sum(e.image_output_cost), 0), coalesce(sum(e.text_input_tokens), 0), coalesce(sum(e.cached_text_input_tokens), 0), coalesce(sum(e.text_output_tokens), 0), coalesce(sum(e.image_input_tokens), 0), coalesce(sum(e.cached_image_input_tokens), 0), coalesce(sum(e.image_output_tokens::bigint + e.estimated_image_output_tokens), 0)
FROM usage_events e JOIN organizations o ON o.id = e.org_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12;

INSERT INTO "usage_rollup_daily_team_feature" (org_id, day, team_id, feature, provider, workflow, batch, events, images, input_images, accepted_outputs, retries, unpriced_events, warning_events, estimated_events, cost, text_input_cost, cached_text_input_cost, text_output_cost, image_input_cost, cached_image_input_cost, image_output_cost, text_input_tokens, cached_text_input_tokens, text_output_tokens, image_input_tokens, cached_image_input_tokens, image_output_tokens)
SELECT e.org_id, (e.occurred_at AT TIME ZONE o.time_zone)::date, e.team_id, e.feature, e.provider, e.workflow, e.batch,
  count(*), coalesce(sum(e.images), 0), coalesce(sum(e.input_images), 0), coalesce(sum(CASE WHEN e.outcome = 'accepted' THEN coalesce(e.images, 1) ELSE 0 END), 0), count(*) FILTER (WHERE e.attempt > 1), count(*) FILTER (WHERE NOT e.priced), count(*) FILTER (WHERE e.warnings <> '[]'::jsonb), count(*) FILTER (WHERE e.estimated), coalesce(sum(e.cost), 0), coalesce(sum(e.text_input_cost), 0), coalesce(sum(e.cached_text_input_cost), 0), coalesce(sum(e.text_output_cost), 0), coalesce(sum(e.image_input_cost), 0), coalesce(sum(e.cached_image_input_cost), 0), coalesce(sum(e.image_output_cost), 0), coalesce(sum(e.text_input_tokens), 0), coalesce(sum(e.cached_text_input_tokens), 0), coalesce(sum(e.text_output_tokens), 0), coalesce(sum(e.image_input_tokens), 0), coalesce(sum(e.cached_image_input_tokens), 0), coalesce(sum(e.image_output_tokens::bigint + e.estimated_image_output_tokens), 0)
FROM usage_events e JOIN organizations o ON o.id = e.org_id
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO "usage_rollup_daily_team_model" (org_id, day, team_id, model, provider, workflow, events, images, input_images, accepted_outputs, retries, unpriced_events, warning_events, estimated_events, cost, text_input_cost, cached_text_input_cost, text_output_cost, image_input_cost, cached_image_input_cost, image_output_cost, text_input_tokens, cached_text_input_tokens, text_output_tokens, image_input_tokens, cached_image_input_tokens, image_output_tokens)
SELECT e.org_id, (e.occurred_at AT TIME ZONE o.time_zone)::date, e.team_id, e.model, e.provider, e.workflow,
  count(*), coalesce(sum(e.images), 0), coalesce(sum(e.input_images), 0), coalesce(sum(CASE WHEN e.outcome = 'accepted' THEN coalesce(e.images, 1) ELSE 0 END), 0), count(*) FILTER (WHERE e.attempt > 1), count(*) FILTER (WHERE NOT e.priced), count(*) FILTER (WHERE e.warnings <> '[]'::jsonb), count(*) FILTER (WHERE e.estimated), coalesce(sum(e.cost), 0), coalesce(sum(e.text_input_cost), 0), coalesce(sum(e.cached_text_input_cost), 0), coalesce(sum(e.text_output_cost), 0), coalesce(sum(e.image_input_cost), 0), coalesce(sum(e.cached_image_input_cost), 0), coalesce(sum(e.image_output_cost), 0), coalesce(sum(e.text_input_tokens), 0), coalesce(sum(e.cached_text_input_tokens), 0), coalesce(sum(e.text_output_tokens), 0), coalesce(sum(e.image_input_tokens), 0), coalesce(sum(e.cached_image_input_tokens), 0), coalesce(sum(e.image_output_tokens::bigint + e.estimated_image_output_tokens), 0)
FROM usage_events e JOIN organizations o ON o.id = e.org_id
GROUP BY 1, 2, 3, 4, 5, 6;

