-- CreateTable
CREATE TABLE "ingest_rate_buckets" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "ingest_rate_buckets_pkey" PRIMARY KEY ("key")
);
