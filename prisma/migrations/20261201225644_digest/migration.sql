-- CreateTable
CREATE TABLE "digest_subscriptions" (
    "user_id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_subscriptions_pkey" PRIMARY KEY ("user_id","team_id")
);

-- CreateTable
CREATE TABLE "digest_sends" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "team_id" UUID NOT NULL,
    "week_start" DATE NOT NULL,
    "outbox_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_sends_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "digest_subscriptions_org_id_idx" ON "digest_subscriptions"("org_id");

-- CreateIndex
CREATE INDEX "digest_sends_org_id_created_at_idx" ON "digest_sends"("org_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "digest_sends_user_id_team_id_week_start_key" ON "digest_sends"("user_id", "team_id", "week_start");
