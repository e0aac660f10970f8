/**
 * Prisma's schema engine as WebAssembly, driven through @prisma/adapter-pg. It applies prisma/migrations exactly
 * like `prisma migrate deploy` (same _prisma_migrations bookkeeping) without the native engine binary, which
 * cannot be downloaded on these machines. Node-only: used by the CLI and tests, never by pages.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

let wasmReady: Promise<{ SchemaEngine: { new: (o: unknown, cb: unknown, a: unknown) => Promise<Engine> } }> | null = null;

async function loadWasm() {
  wasmReady ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const bytes = await readFile(wasmPath);
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
    (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bg as unknown as { SchemaEngine: { new: (o: unknown, cb: unknown, a: unknown) => Promise<Engine> } };
  })();
  return wasmReady;
}

async function withEngine<T>(databaseUrl: string, fn: (engine: Engine, schema: string) => Promise<T>, schemaText?: string): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const schema = schemaText ?? (await readFile(SCHEMA_PATH, "utf8"));
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const factory = bindMigrationAwareSqlAdapterFactory(introspectionSafe(new PrismaPg({ connectionString: databaseUrl, max: 1 }), opened) as never);
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, (line: string) => logs.push(line), factory);
  try {
    return await fn(engine, schema);
  } finally {
    engine.free();
    // The engine does not close its pools; idle clients would keep the process alive for pg's idle timeout.
    await Promise.all(opened.map((a) => a.dispose().catch(() => undefined)));
  }
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
let patched = false;

/**
 * The engine's schema introspection reads catalog columns of PostgreSQL's one-byte "char" type, which
 * @prisma/adapter-pg does not map (it throws "could not be deserialized"). Reporting them as text is exactly what the
 * native engine does. The patch lives on the adapter's query base class and only in this migration tool.
 */
function introspectionSafe(factory: PrismaPg, opened: Array<{ dispose(): Promise<void> }>): PrismaPg {
  const wrap = async <A extends object>(adapter: A): Promise<A> => {
    opened.push(adapter as unknown as { dispose(): Promise<void> });
    if (!patched) {
      let proto = Object.getPrototypeOf(adapter);
      while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
      if (proto) {
        const original = proto.performIO;
        proto.performIO = async function (this: unknown, ...args: unknown[]) {
          const result = await original.apply(this, args);
          for (const f of result.fields ?? []) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
          return result;
        };
        patched = true;
      }
    }
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  const shadow = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => wrap(await connect());
  factory.connectToShadowDb = async () => wrap(await shadow());
  return factory;
}

export async function loadMigrationsList() {
  const names = (await readdir(MIGRATIONS_DIR).catch(() => [] as string[])).sort();
  const migrationDirectories = [];
  for (const name of names) {
    const dir = path.join(MIGRATIONS_DIR, name);
    if (!(await stat(dir)).isDirectory()) continue;
    const value = await readFile(path.join(dir, "migration.sql"), "utf8");
    migrationDirectories.push({ path: name, migrationFile: { path: "migration.sql", content: { tag: "ok", value } } });
  }
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Applies every pending migration; returns the names applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const migrationsList = await loadMigrationsList();
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that takes the database state described by the migrations folder to schema.prisma ("" when in sync).
 * The WASM engine replays the migrations into the database it is connected to and resets it afterwards, so it
 * is pointed at a throwaway database created on the same server, never at a real one.
 */
export async function diffMigrationsToSchema(serverUrl: string, schemaText?: string): Promise<string> {
  return withThrowawayDatabase(serverUrl, (url) => diffMigrationsToSchemaOn(url, schemaText));
}

/** As diffMigrationsToSchema, on a database that is empty and may be wiped (e.g. a fresh embedded one). */
export async function diffMigrationsToSchemaOn(emptyDatabaseUrl: string, schemaText?: string): Promise<string> {
  const migrationsList = await loadMigrationsList();
  return withEngine(emptyDatabaseUrl, async (engine, schema) => {
    const from = migrationsList.migrationDirectories.length ? { tag: "migrations", ...migrationsList } : { tag: "empty" };
    const out = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return normalizeDiff(out.stdout ?? "");
  }, schemaText);
}

/** Creates a uniquely named database on the server of `serverUrl`, runs fn with its URL, then drops it. */
export async function withThrowawayDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const { default: pg } = await import("pg");
  const name = `spendscope_tmp_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** The engine answers an empty diff with a comment line; treat that as nothing to do. */
function normalizeDiff(sql: string): string {
  const meaningful = sql
    .split("\n")
    .filter((l) => l.trim() && !l.trim().startsWith("--"))
    .join("\n");
  return meaningful ? sql.trim() + "\n" : "";
}
