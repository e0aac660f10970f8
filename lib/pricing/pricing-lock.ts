import { Prisma, type Tx } from "@/lib/db/client";

/**
 * One advisory lock per organization's pricing. Publishing takes it exclusively; a transaction that
 * prices events with the published snapshots (ingest) should take it shared BEFORE loading them.
 * Then no event can be priced with a snapshot set that a concurrent publish is replacing and be
 * committed after the reprice job has passed it: publish waits for in-flight ingests, later ingests
 * see the new snapshot. Both are transaction-scoped (released at commit/rollback).
 */
function key(orgId: string) {
  return Prisma.sql`hashtextextended(${`pricing-publish:${orgId}`}, 0)`;
}

export async function lockPricingShared(tx: Tx, orgId: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock_shared(${key(orgId)})`);
}

export async function lockPricingExclusive(tx: Tx, orgId: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(${key(orgId)})`);
}
