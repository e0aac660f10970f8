-- Usage storage at scale (hand-written: Prisma cannot express partitioning, and schema.prisma declares the same
-- columns, keys and indexes, and the drift test checks them):
--  1. usage_event_ids: the idempotency ledger, one row per (org, event id) ever accepted, never dropped by retention.
--  2. usage_raw_horizon: raw events before raw_from may have been dropped (no row: nothing was dropped).
--  3. usage_events becomes PARTITIONED BY RANGE (occurred_at), one partition per UTC month, named
--     usage_events_pYYYYMM (lib/usage-store/partitions.ts creates them ahead and drops old ones), and the existing rows
--     move into the partitions. The primary key must contain the partition key: (org_id, occurred_at, id), which also
--     serves org-then-time range scans, so the separate (org_id, occurred_at) index is gone.

-- 1. The ledger, from the existing events.
CREATE TABLE "usage_event_ids" (
    "org_id" UUID NOT NULL,
    "id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "content_hash" TEXT NOT NULL,

    CONSTRAINT "usage_event_ids_pkey" PRIMARY KEY ("org_id","id")
);
INSERT INTO "usage_event_ids" (org_id, id, occurred_at, content_hash)
SELECT org_id, id, occurred_at, content_hash FROM "usage_events";

-- 2. The retention horizon.
CREATE TABLE "usage_raw_horizon" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "raw_from" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_raw_horizon_pkey" PRIMARY KEY ("id")
);

-- 3. Partitioned usage_events with the same columns (LIKE keeps types, NOT NULL and defaults, in order).
DROP INDEX "usage_events_org_id_occurred_at_idx";
DROP INDEX "usage_events_org_id_team_id_occurred_at_idx";
DROP INDEX "usage_events_org_id_provider_occurred_at_idx";
DROP INDEX "usage_events_org_id_trace_id_idx";
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_pkey";
ALTER TABLE "usage_events" RENAME TO "usage_events_unpartitioned";

CREATE TABLE "usage_events" (LIKE "usage_events_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("occurred_at");
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_pkey" PRIMARY KEY ("org_id", "occurred_at", "id");
CREATE INDEX "usage_events_org_id_team_id_occurred_at_idx" ON "usage_events"("org_id", "team_id", "occurred_at");
CREATE INDEX "usage_events_org_id_provider_occurred_at_idx" ON "usage_events"("org_id", "provider", "occurred_at");
CREATE INDEX "usage_events_org_id_trace_id_idx" ON "usage_events"("org_id", "trace_id");

-- One partition per UTC month from the oldest stored event to three months ahead (same names and bounds as
-- lib/usage-store/partitions.ts). The migration runner splits scripts at every semicolon, so the block is an
-- E'' string whose semicolons are written \073.
DO E'
DECLARE
  m timestamptz\073
  last timestamptz\073
BEGIN
  SELECT date_trunc(''month'', LEAST(COALESCE(min(occurred_at), now()), now()), ''UTC''),
         date_trunc(''month'', GREATEST(COALESCE(max(occurred_at), now()), now() + interval ''3 months''), ''UTC'')
    INTO m, last
    FROM usage_events_unpartitioned\073
  WHILE m <= last LOOP
    EXECUTE format(''CREATE TABLE IF NOT EXISTS %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)'',
      ''usage_events_p'' || to_char(m AT TIME ZONE ''UTC'', ''YYYYMM''),
      to_char(m AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T00:00:00Z"''),
      to_char((m + interval ''1 month'') AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T00:00:00Z"''))\073
    m := date_trunc(''month'', m + interval ''1 month'', ''UTC'')\073
  END LOOP\073
END';

INSERT INTO "usage_events" SELECT * FROM "usage_events_unpartitioned";
DROP TABLE "usage_events_unpartitioned";
