import pg from "pg";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyMigrations } from "@/lib/db/schema-engine";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export interface FreshDatabase {
  url: string;
  /** The server's maintenance URL (null when embedded). */
  serverUrl: string | null;
  drop(): Promise<void>;
}

/**
 * A new, migrated database named `<prefix>_<time>_<rand>` on DATABASE_URL's server, or embedded. `server` overrides
 * DATABASE_URL (null: embedded), for tests whose DATABASE_URL already points at the run's (possibly embedded) database.
 */
export async function createFreshDatabase(
  prefix: string,
  opts: { keep?: boolean; server?: string | null } = {},
): Promise<FreshDatabase> {
  const base = opts.server === undefined ? process.env.DATABASE_URL : (opts.server ?? undefined);
  if (!base) {
    const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "pglite") });
    await applyMigrations(embedded.url);
    return {
      url: embedded.url,
      serverUrl: null,
      drop: async () => {
        await embedded.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `${prefix}_${Date.now()}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    serverUrl: base,
    drop: async () => {
      if (opts.keep) return;
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}
