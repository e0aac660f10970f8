import { env } from "@/lib/env";
import { applyMigrations } from "@/lib/db/schema-engine";
import { db } from "@/lib/db/client";
import { ensurePartitionsAhead } from "@/lib/usage-store/partitions";

export async function migrate(): Promise<void> {
  const applied = await applyMigrations(env().DATABASE_URL!);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
  // Raw usage partitions for the previous month through three months ahead (the worker's passes keep them ahead).
  const created = await ensurePartitionsAhead(db());
  if (created.length) console.log(`created usage_events partition(s): ${created.join(", ")}`);
}
