-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "rule_id" UUID;

-- AlterTable
ALTER TABLE "reprice_jobs" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimed_by" UUID,
ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Webhook URLs are secrets: pending webhook messages point at their rule, and no row keeps the URL.
UPDATE "outbox_messages" AS o SET "rule_id" = f."rule_id"
FROM "alert_firings" AS f
WHERE o."kind" = 'webhook' AND o."firing_id" = f."id";
UPDATE "outbox_messages"
SET "recipient" = regexp_replace("recipient", '^([a-z]+://)(?:[^/?#@]*@)?([^/?#]*).*$', '\1\2/…'),
    "last_error" = NULL
WHERE "kind" = 'webhook';
UPDATE "audit_logs" SET
  "before" = CASE WHEN "before" ? 'webhookUrl' AND "before"->>'webhookUrl' IS NOT NULL
                  THEN jsonb_set("before", '{webhookUrl}', '"(hidden)"') ELSE "before" END,
  "after" = CASE WHEN "after" ? 'webhookUrl' AND "after"->>'webhookUrl' IS NOT NULL
                 THEN jsonb_set("after", '{webhookUrl}', '"(hidden)"') ELSE "after" END
WHERE "entity_type" = 'alert_rule';
