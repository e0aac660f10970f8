-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "role" AS ENUM ('admin', 'member', 'viewer');

-- CreateEnum
CREATE TYPE "snapshot_status" AS ENUM ('draft', 'published');

-- CreateEnum
CREATE TYPE "workflow" AS ENUM ('text_to_image', 'image_edit', 'vision_analysis', 'analysis_then_generate');

-- CreateEnum
CREATE TYPE "outcome" AS ENUM ('accepted', 'rejected', 'failed', 'unknown');

-- CreateEnum
CREATE TYPE "job_status" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateEnum
CREATE TYPE "period_kind" AS ENUM ('day', 'week', 'month', 'quarter');

-- CreateEnum
CREATE TYPE "outbox_status" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "role" NOT NULL DEFAULT 'viewer',
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "user_id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id","team_id")
);

-- CreateTable
CREATE TABLE "login_throttles" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_failed_at" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "team_id" UUID,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pricing_snapshots" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "snapshot_status" NOT NULL DEFAULT 'draft',
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "batch_multiplier" DECIMAL(12,9) NOT NULL DEFAULT 0.5,
    "cloned_from_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "published_by_id" UUID,

    CONSTRAINT "pricing_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pricing_rows" (
    "id" UUID NOT NULL,
    "snapshot_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "aliases" TEXT[],
    "text_input_rate" DECIMAL(20,9),
    "cached_text_input_rate" DECIMAL(20,9),
    "text_output_rate" DECIMAL(20,9),
    "image_input_rate" DECIMAL(20,9),
    "cached_image_input_rate" DECIMAL(20,9),
    "image_output_rate" DECIMAL(20,9),
    "image_output_tokens" JSONB NOT NULL DEFAULT '{}',
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "pricing_rows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reprice_jobs" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "snapshot_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "range_start" TIMESTAMPTZ(3) NOT NULL,
    "range_end" TIMESTAMPTZ(3),
    "status" "job_status" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "reprice_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "features" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "team_id" UUID,
    "description" TEXT NOT NULL DEFAULT '',
    "delayable" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "features_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_events" (
    "org_id" UUID NOT NULL,
    "id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "team_id" UUID NOT NULL,
    "feature" TEXT NOT NULL,
    "workflow" "workflow" NOT NULL,
    "stage" TEXT NOT NULL DEFAULT '',
    "trace_id" TEXT,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "text_input_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_text_input_tokens" INTEGER NOT NULL DEFAULT 0,
    "text_output_tokens" INTEGER NOT NULL DEFAULT 0,
    "image_input_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_image_input_tokens" INTEGER NOT NULL DEFAULT 0,
    "image_output_tokens" INTEGER NOT NULL DEFAULT 0,
    "token_source" TEXT NOT NULL DEFAULT 'usage',
    "images" INTEGER,
    "size" TEXT NOT NULL DEFAULT '',
    "quality" TEXT NOT NULL DEFAULT '',
    "input_images" INTEGER,
    "batch" BOOLEAN NOT NULL DEFAULT false,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "outcome" "outcome" NOT NULL DEFAULT 'unknown',
    "metadata" JSONB,
    "content_hash" TEXT NOT NULL,
    "priced" BOOLEAN NOT NULL,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    "cost" DECIMAL(30,12),
    "text_input_cost" DECIMAL(30,12),
    "cached_text_input_cost" DECIMAL(30,12),
    "text_output_cost" DECIMAL(30,12),
    "image_input_cost" DECIMAL(30,12),
    "cached_image_input_cost" DECIMAL(30,12),
    "image_output_cost" DECIMAL(30,12),
    "estimated_image_output_tokens" INTEGER NOT NULL DEFAULT 0,
    "snapshot_id" UUID,
    "priced_model" TEXT,
    "unpriced_reason" TEXT,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "source" TEXT NOT NULL DEFAULT 'api',
    "api_key_id" UUID,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_events_pkey" PRIMARY KEY ("org_id","id")
);

-- CreateTable
CREATE TABLE "usage_rollup_hourly" (
    "org_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
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

    CONSTRAINT "usage_rollup_hourly_pkey" PRIMARY KEY ("org_id","hour","team_id","feature","model","provider","workflow","stage","outcome","quality","size","batch")
);

-- CreateTable
CREATE TABLE "billed_costs" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "project_id" TEXT NOT NULL DEFAULT '',
    "line_item" TEXT NOT NULL DEFAULT '',
    "amount" DECIMAL(30,12) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billed_costs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "openai_project_mappings" (
    "org_id" UUID NOT NULL,
    "project_id" TEXT NOT NULL,
    "team_id" UUID NOT NULL,

    CONSTRAINT "openai_project_mappings_pkey" PRIMARY KEY ("org_id","project_id")
);

-- CreateTable
CREATE TABLE "estimates" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "per_image_cost" DECIMAL(30,12) NOT NULL,
    "total_cost" DECIMAL(30,12) NOT NULL,
    "count" INTEGER NOT NULL,
    "snapshot_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "estimates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budgets" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "period" "period_kind" NOT NULL,
    "amount" DECIMAL(20,6) NOT NULL,
    "hard" BOOLEAN NOT NULL DEFAULT false,
    "team_id" UUID,
    "feature" TEXT,
    "model" TEXT,
    "workflow" "workflow",
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "budget_id" UUID,
    "team_id" UUID,
    "feature" TEXT,
    "model" TEXT,
    "workflow" "workflow",
    "recipients" TEXT[],
    "webhook_url" TEXT,
    "muted_until" TIMESTAMPTZ(3),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_firings" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "claim_key" TEXT NOT NULL,
    "period_key" TEXT NOT NULL,
    "threshold" TEXT NOT NULL,
    "value" DECIMAL(30,12) NOT NULL,
    "budget_amount" DECIMAL(20,6),
    "forecast" DECIMAL(30,12),
    "details" JSONB NOT NULL DEFAULT '{}',
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_firings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "firing_id" UUID,
    "kind" TEXT NOT NULL DEFAULT 'email',
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL DEFAULT '',
    "status" "outbox_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_org_id_slug_key" ON "teams"("org_id", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_org_id_created_at_idx" ON "users"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "memberships_team_id_idx" ON "memberships"("team_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_org_id_created_at_idx" ON "api_keys"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_logs_org_id_created_at_idx" ON "audit_logs"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_logs_org_id_entity_type_entity_id_idx" ON "audit_logs"("org_id", "entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "pricing_snapshots_org_id_provider_status_effective_from_idx" ON "pricing_snapshots"("org_id", "provider", "status", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "pricing_snapshots_org_id_provider_version_key" ON "pricing_snapshots"("org_id", "provider", "version");

-- CreateIndex
CREATE UNIQUE INDEX "pricing_rows_snapshot_id_model_key" ON "pricing_rows"("snapshot_id", "model");

-- CreateIndex
CREATE INDEX "reprice_jobs_org_id_created_at_idx" ON "reprice_jobs"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "reprice_jobs_status_created_at_idx" ON "reprice_jobs"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "features_org_id_name_key" ON "features"("org_id", "name");

-- CreateIndex
CREATE INDEX "usage_events_org_id_occurred_at_idx" ON "usage_events"("org_id", "occurred_at");

-- CreateIndex
CREATE INDEX "usage_events_org_id_team_id_occurred_at_idx" ON "usage_events"("org_id", "team_id", "occurred_at");

-- CreateIndex
CREATE INDEX "usage_events_org_id_provider_occurred_at_idx" ON "usage_events"("org_id", "provider", "occurred_at");

-- CreateIndex
CREATE INDEX "usage_events_org_id_trace_id_idx" ON "usage_events"("org_id", "trace_id");

-- CreateIndex
CREATE INDEX "usage_rollup_hourly_org_id_team_id_hour_idx" ON "usage_rollup_hourly"("org_id", "team_id", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "billed_costs_org_id_date_project_id_line_item_key" ON "billed_costs"("org_id", "date", "project_id", "line_item");

-- CreateIndex
CREATE INDEX "estimates_org_id_created_at_idx" ON "estimates"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "budgets_org_id_created_at_idx" ON "budgets"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "alert_rules_org_id_created_at_idx" ON "alert_rules"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "alert_firings_org_id_fired_at_idx" ON "alert_firings"("org_id", "fired_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_firings_rule_id_claim_key_key" ON "alert_firings"("rule_id", "claim_key");

-- CreateIndex
CREATE INDEX "outbox_messages_org_id_created_at_idx" ON "outbox_messages"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "outbox_messages_status_next_attempt_at_idx" ON "outbox_messages"("status", "next_attempt_at");

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pricing_snapshots" ADD CONSTRAINT "pricing_snapshots_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pricing_rows" ADD CONSTRAINT "pricing_rows_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "pricing_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reprice_jobs" ADD CONSTRAINT "reprice_jobs_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "pricing_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "features" ADD CONSTRAINT "features_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_firings" ADD CONSTRAINT "alert_firings_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
