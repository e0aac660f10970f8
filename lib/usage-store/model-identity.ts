import { db, Prisma, type Tx } from "@/lib/db/client";
import { canonicalModelId } from "@/lib/pricing/model-identity";
import { rebuildRange } from "./rebuild";
import { lockStorageExclusive } from "./write";

/**
 * Model identity in storage: usage_events.model is the canonical model (lib/pricing/model-identity.ts) that every
 * grain, view, filter, budget and rule keys on; usage_events.model_as_called is the name the client sent (the
 * pricing input, shown in drill-down and event lists). Writers fill both (columns.ts); repricing rewrites model from
 * the new priced row (repriced-events.ts).
 *
 * Rows stored before model identity have model_as_called NULL. backfillModelIdentity moves them: model_as_called =
 * the old model, model = canonicalModelId(old model, priced_model), then rebuilds every grain over the span of the
 * rows whose model changed, in one transaction holding the storage lock exclusively (write.ts lock order). It reads
 * only rows with model_as_called NULL, so a second run changes nothing (idempotent), and it needs no snapshot: the
 * priced row id stored on the event decides.
 */

type RawClient = Tx | ReturnType<typeof db>;

/** Organizations that still have events stored before model identity. */
export async function orgsNeedingModelIdentity(client: RawClient = db()): Promise<string[]> {
  const rows = await client.$queryRaw<{ org_id: string }[]>(Prisma.sql`
    SELECT DISTINCT org_id::text AS org_id FROM usage_events WHERE model_as_called IS NULL ORDER BY 1`);
  return rows.map((r) => r.org_id);
}

export interface ModelIdentityBackfill {
  /** Events that got their name as called recorded. */
  events: number;
  /** Of those, events whose model changed to a different canonical model. */
  moved: number;
}

/** Backfills one organization's pre-identity events in the caller's transaction (see the header). */
export async function backfillModelIdentity(tx: Tx, orgId: string): Promise<ModelIdentityBackfill> {
  await lockStorageExclusive(tx, orgId);
  const pairs = await tx.$queryRaw<{ model: string; priced_model: string | null }[]>(Prisma.sql`
    SELECT DISTINCT model, priced_model FROM usage_events WHERE org_id = ${orgId}::uuid AND model_as_called IS NULL`);
  if (pairs.length === 0) return { events: 0, moved: 0 };
  const [r] = await tx.$queryRaw<{ events: number; moved: number; lo: Date | null; hi: Date | null }[]>(Prisma.sql`
    WITH m AS (
      SELECT * FROM unnest(${pairs.map((p) => p.model)}::text[], ${pairs.map((p) => p.priced_model)}::text[],
        ${pairs.map((p) => canonicalModelId(p.model, p.priced_model))}::text[]) AS m(model, priced_model, canonical)
    ),
    upd AS (
      UPDATE usage_events e SET model_as_called = e.model, model = m.canonical
      FROM m
      WHERE e.org_id = ${orgId}::uuid AND e.model_as_called IS NULL
        AND e.model = m.model AND e.priced_model IS NOT DISTINCT FROM m.priced_model
      RETURNING e.occurred_at, m.canonical <> m.model AS moved
    )
    SELECT count(*)::int AS events, count(*) FILTER (WHERE moved)::int AS moved,
      min(occurred_at) FILTER (WHERE moved) AS lo, max(occurred_at) FILTER (WHERE moved) AS hi
    FROM upd`);
  if (r.lo && r.hi) await rebuildRange(tx, orgId, r.lo, new Date(r.hi.getTime() + 1));
  return { events: r.events, moved: r.moved };
}

/** Backfills every organization, one transaction each. Safe to run on every `spendscope migrate`. */
export async function backfillAllModelIdentity(): Promise<ModelIdentityBackfill & { orgs: number }> {
  const out = { orgs: 0, events: 0, moved: 0 };
  for (const orgId of await orgsNeedingModelIdentity()) {
    const r = await db().$transaction((tx) => backfillModelIdentity(tx, orgId), { maxWait: 60_000, timeout: 30 * 60_000 });
    out.orgs += 1;
    out.events += r.events;
    out.moved += r.moved;
  }
  return out;
}
