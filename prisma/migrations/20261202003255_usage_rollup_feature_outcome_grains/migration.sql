-- CreateTable
CREATE TABLE "usage_rollup_daily_feature" (
    "org_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "team_id" UUID NOT NULL,
    "feature" TEXT NOT NULL,
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
    "per_image_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_daily_feature_pkey" PRIMARY KEY ("org_id","day","team_id","feature")
);

-- CreateTable
CREATE TABLE "usage_rollup_daily_outcome" (
    "org_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "team_id" UUID NOT NULL,
    "feature" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "outcome" "outcome" NOT NULL,
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
    "per_image_cost" DECIMAL(38,12) NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollup_daily_outcome_pkey" PRIMARY KEY ("org_id","day","team_id","feature","model","outcome")
);

-- Backfill: each new grain's rows are sums of the daily grain's rows (every dimension), so they equal the sums over
-- the events exactly, including buckets of raw months already dropped by retention.
INSERT INTO "usage_rollup_daily_feature" (org_id, day, team_id, feature, events, images, input_images, accepted_outputs, retries, unpriced_events, warning_events, estimated_events, cost, text_input_cost, cached_text_input_cost, text_output_cost, image_input_cost, cached_image_input_cost, image_output_cost, text_input_tokens, cached_text_input_tokens, text_output_tokens, image_input_tokens, cached_image_input_tokens, image_output_tokens, per_image_cost)
SELECT org_id, day, team_id, feature, sum(events), sum(images), sum(input_images), sum(accepted_outputs), sum(retries), sum(unpriced_events), sum(warning_events), sum(estimated_events), sum(cost), sum(text_input_cost), sum(cached_text_input_cost), sum(text_output_cost), sum(image_input_cost), sum(cached_image_input_cost), sum(image_output_cost), sum(text_input_tokens), sum(cached_text_input_tokens), sum(text_output_tokens), sum(image_input_tokens), sum(cached_image_input_tokens), sum(image_output_tokens), sum(per_image_cost)
FROM usage_rollup_daily
GROUP BY 1, 2, 3, 4;

INSERT INTO "usage_rollup_daily_outcome" (org_id, day, team_id, feature, model, outcome, events, images, input_images, accepted_outputs, retries, unpriced_events, warning_events, estimated_events, cost, text_input_cost, cached_text_input_cost, text_output_cost, image_input_cost, cached_image_input_cost, image_output_cost, text_input_tokens, cached_text_input_tokens, text_output_tokens, image_input_tokens, cached_image_input_tokens, image_output_tokens, per_image_cost)
SELECT org_id, day, team_id, feature, model, outcome, sum(events), sum(images), sum(input_images), sum(accepted_outputs), sum(retries), sum(unpriced_events), sum(warning_events), sum(estimated_events), sum(cost), sum(text_input_cost), sum(cached_text_input_cost), sum(text_output_cost), sum(image_input_cost), sum(cached_image_input_cost), sum(image_output_cost), sum(text_input_tokens), sum(cached_text_input_tokens), sum(text_output_tokens), sum(image_input_tokens), sum(cached_image_input_tokens), sum(image_output_tokens), sum(per_image_cost)
FROM usage_rollup_daily
GROUP BY 1, 2, 3, 4, 5, 6;
