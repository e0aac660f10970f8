-- Two-stage trace listings (workflow pages) read only events that carry a trace id, by organization and time.
-- A partial index: events without a trace id (most of them) cost ingestion nothing here.
CREATE INDEX "usage_events_org_id_occurred_at_traced_idx" ON "usage_events" ("org_id", "occurred_at") WHERE "trace_id" IS NOT NULL;
