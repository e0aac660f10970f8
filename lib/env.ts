import { z } from "zod";
import { parseTrustProxy } from "@/lib/auth/client-address";

/**
 * The environment, validated once. Nothing else reads process.env (scripts that boot the app pass it along).
 */
/** An empty variable means unset (shells and CI often export VAR=""). */
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === "" ? undefined : v), t.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string. Unset: the start script runs embedded PostgreSQL (PGlite) and sets it. */
  DATABASE_URL: optional(z.string().url()),
  /** Set by the start script when DATABASE_URL points at the embedded database (one connection only). */
  SPENDSCOPE_EMBEDDED_DB: z.enum(["0", "1"]).default("0"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Optional read replica of DATABASE_URL: view aggregates read from it (lib/db/client.ts readDb()). */
  DATABASE_READ_URL: optional(z.string().url()),
  /** Longest wait for a database connection (new or from the pool) before the request answers 503 (ms). */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** statement_timeout for every query (ms; 0 = none); a query past it fails (503) instead of holding the pool. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Secret for session tokens; the start script generates one into .data/ when unset. */
  NEXTAUTH_SECRET: optional(z.string().min(32, "at least 32 characters (openssl rand -hex 32)")),
  /** Public base URL, used in alert email links. */
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** smtp://user:pass@host:port; unset: a local SMTP sink is started for the demo. */
  SMTP_URL: optional(z.string()),
  MAIL_FROM: z.string().default("Spendscope <alerts@spendscope.local>"),
  /** Requests per minute per API key on the ingestion API. */
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /**
   * Raw usage events older than this many whole UTC months (before the first day of the month N months back) are
   * dropped, partition by partition, by the worker's scheduled pass; rollups keep their totals. Unset: keep forever.
   */
  RAW_RETENTION_MONTHS: optional(z.coerce.number().int().min(1).max(1200)),
  /** Run the alert worker inside the web server process (npm start does). */
  SPENDSCOPE_WORKER: z.enum(["0", "1"]).default("1"),
  /** Minimum delay before sign-in is allowed again after repeated failures (ms); tests lower it. */
  LOGIN_THROTTLE_BASE_MS: z.coerce.number().int().min(0).default(1000),
  /**
   * Host names (or IP literals) alert webhooks may reach although they resolve to loopback, private or other
   * internal addresses; comma-separated. Unset: webhooks reach public addresses only.
   */
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\[[0-9a-f:.]+\]|[0-9a-f:]*:[0-9a-f:.]+|[a-z0-9.-]+)$/, "a host name or IP address, no scheme, port or path"))),
  /**
   * Proxies whose X-Forwarded-For entries are believed (lib/auth/client-address.ts): unset = none, a hop count, or
   * comma-separated proxy IP addresses.
   */
  TRUST_PROXY: z.string().optional().transform((v, ctx) => {
    const r = parseTrustProxy(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.error });
    return z.NEVER;
  }),
  /** Bearer token for GET /api/metrics (Prometheus); unset: the endpoint answers 404. */
  METRICS_TOKEN: optional(z.string().min(16, "at least 16 characters (openssl rand -hex 32)")),
  /** Where the embedded database, the session secret and other local state live (default .data/). */
  SPENDSCOPE_DATA_DIR: optional(z.string()),
}).superRefine((e, ctx) => {
  if (e.DATABASE_READ_URL && e.SPENDSCOPE_EMBEDDED_DB === "1") {
    const message = "a read replica needs DATABASE_URL (not the embedded database)";
    ctx.addIssue({ code: "custom", path: ["DATABASE_READ_URL"], message });
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | null = null;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = null;
}

/** Boot code (CLI, start script, test setup) fills in values it derived, before anything reads env(). */
export function setEnv(values: Partial<Record<keyof Env, string>>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) process.env[k] = v;
  cached = null;
}

/** The raw value of a variable the app does not own (PORT from the platform, CI flags). */
export function rawEnv(name: string): string | undefined {
  return process.env[name];
}
