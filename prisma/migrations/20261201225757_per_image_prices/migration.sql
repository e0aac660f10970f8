-- Pricing units beyond tokens (#11 item 2). Existing events were all token-priced, so their per-image cost is 0:
-- usage_events.per_image_cost stays NULL for them (every measure reads coalesce(per_image_cost, 0)) and the
-- grain columns default to 0, which is exactly SUM over their events: no backfill is needed.

-- AlterTable
ALTER TABLE "pricing_rows" ADD COLUMN     "image_prices" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "megapixel_rate" DECIMAL(20,9);

-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "per_image_cost" DECIMAL(30,12);

-- AlterTable
ALTER TABLE "usage_rollup_daily" ADD COLUMN     "per_image_cost" DECIMAL(38,12) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "usage_rollup_daily_team_feature" ADD COLUMN     "per_image_cost" DECIMAL(38,12) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "usage_rollup_daily_team_model" ADD COLUMN     "per_image_cost" DECIMAL(38,12) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "usage_rollup_hourly" ADD COLUMN     "per_image_cost" DECIMAL(38,12) NOT NULL DEFAULT 0;
