-- AlterTable
ALTER TABLE "alert_rules" ADD COLUMN     "webhook_format" TEXT NOT NULL DEFAULT 'json',
ADD COLUMN     "webhook_secret" TEXT;
