// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that brings the migrations up to
// schema.prisma (the offline equivalent of `prisma migrate dev --create-only`). Needs a PostgreSQL server for the
// shadow database: DATABASE_URL, or the local one on 127.0.0.1:5432.
import { mkdir, writeFile, access } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, MIGRATIONS_DIR } from "../lib/db/schema-engine";

const name = (process.argv[2] ?? "change").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const sql = await diffMigrationsToSchema(url);
if (!sql) {
  console.log("schema.prisma and prisma/migrations are in sync; nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql);
const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
await access(lock).catch(() => writeFile(lock, 'provider = "postgresql"\n'));
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
