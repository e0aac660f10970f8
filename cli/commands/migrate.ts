import { env } from "@/lib/env";
import { applyMigrations } from "@/lib/db/schema-engine";
import { db } from "@/lib/db/client";
import { ensurePartitionsAhead } from "@/lib/usage-store/partitions";
import { backfillAllModelIdentity } from "@/lib/usage-store/model-identity";
import { canonicalizeAllScopeModels } from "@/lib/alerts/scope-models";

export async function migrate(): Promise<void> {
  const applied = await applyMigrations(env().DATABASE_URL!);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
  // Raw usage partitions for the previous month through three months ahead (the worker's passes keep them ahead).
  const created = await ensurePartitionsAhead(db());
  if (created.length) console.log(`created usage_events partition(s): ${created.join(", ")}`);
  // Data steps that need TypeScript owners (idempotent: each only touches rows not yet moved).
  const ids = await backfillAllModelIdentity();
  if (ids.events) console.log(`model identity: ${ids.events} event(s) in ${ids.orgs} organization(s), ${ids.moved} moved to their canonical model`);
  const scopes = await canonicalizeAllScopeModels();
  if (scopes) console.log(`model identity: ${scopes} budget/rule scope(s) folded to their canonical model`);
}
