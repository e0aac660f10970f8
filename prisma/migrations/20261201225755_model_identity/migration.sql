-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "model_as_called" TEXT;

-- One model identity (#11): usage_events.model becomes the canonical model and model_as_called keeps the name as
-- sent. Existing rows keep NULL here, and spendscope migrate then backfills them (model_as_called = model, model =
-- canonical of (model, priced_model)) and rebuilds the grains they touch, in TypeScript, because the grain SQL and
-- the canonical-model function have one owner each (lib/usage-store/model-identity.ts). Idempotent: it only reads
-- rows where model_as_called IS NULL.
