import { env } from "@/lib/env";
import { applyMigrations } from "@/lib/db/schema-engine";

export async function migrate(): Promise<void> {
  const applied = await applyMigrations(env().DATABASE_URL!);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
}
