import { z } from "zod";
import { BUCKETS, emptyTokens, type TokenCounts } from "@/lib/cost/types";
import { OpenAIUsageSchema, safeMapOpenAIUsage } from "./openai-usage";
import { contentHash } from "./canonical";
import { storableJson, storableText } from "@/lib/api/zod-fields";

/**
 * The usage-event contract of `POST /api/v1/usage` (body `{ "events": [...] }`, 1..5000 events) and its validation.
 * Clients are written against this file: change it only together with the API docs and the SDK types.
 *
 * Normalization decisions:
 * - model, feature, team, provider, size and quality are trimmed; team, provider, size and quality are lowercased.
 *   id and traceId are kept byte-for-byte (they are keys).
 * - Optional fields accept null as "absent".
 * - `stage` is required for analysis_then_generate and accepted (stored as given) for other workflows, where it is
 *   only a label.
 * - Token source: `usage` (our buckets), `openaiUsage` (mapped by openai-usage.ts) or neither. Neither is only
 *   allowed with `images`, so the pricer can price them from the row's per-image / per-megapixel prices (exact) or
 *   estimate image output from its output-token table (lib/cost/engine.ts).
 */

export const WORKFLOWS = ["text_to_image", "image_edit", "vision_analysis", "analysis_then_generate"] as const;
export type Workflow = (typeof WORKFLOWS)[number];
export const STAGES = ["analysis", "generation"] as const;
export type Stage = (typeof STAGES)[number];
export const OUTCOMES = ["accepted", "rejected", "failed", "unknown"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const MAX_BATCH_EVENTS = 5000;
export const MAX_TOKENS = 2_147_483_647;
export const MAX_METADATA_BYTES = 4096;
/** Deepest nesting inside `metadata` (objects and arrays). */
export const MAX_METADATA_DEPTH = 16;
/**
 * Most images one event may report. Events with only an image count are priced from the rate card's per-image
 * tokens (at most MAX_TOKENS_PER_IMAGE, lib/pricing/snapshot-schema.ts): 100,000 x 20,000 = 2e9 stays below the
 * 32-bit estimated_image_output_tokens column (2^31-1), so no valid event can overflow it.
 */
export const MAX_IMAGES_PER_EVENT = 100_000;
export const MAX_FUTURE_MS = 5 * 60 * 1000;
/** Earliest accepted event time (PostgreSQL refuses year 0; nothing billable predates image APIs anyway). */
export const MIN_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
/** Lowercase letters, digits, "-" and "_", starting with a letter or digit, at most 64 characters. */
export const TEAM_SLUG_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Our bucket names as they appear in `usage` (textInput -> textInputTokens). */
export const USAGE_FIELDS = BUCKETS.map((b) => `${b}Tokens` as const);

/** Message for type/format/enum failures only; unrecognized keys and range checks keep their own messages. */
const required = (expected: string) => ({
  error: (iss: { code?: string; input?: unknown }) => {
    if (iss.code !== "invalid_type" && iss.code !== "invalid_value" && iss.code !== "invalid_format") return undefined;
    return iss.input === undefined ? "is required" : `must be ${expected}`;
  },
});

const count = (max = MAX_TOKENS) =>
  z
    .int(required("a non-negative whole number"))
    .min(0, "must be a non-negative whole number")
    .max(max, `must be at most ${max}${max === MAX_TOKENS ? " (2^31-1)" : ""}`);

const text = (max: number, opts: { trim?: boolean; lower?: boolean } = {}) => {
  let s = z.string(required("a string"));
  if (opts.trim) s = s.trim();
  if (opts.lower) s = s.toLowerCase();
  return storableText(s.min(1, "must not be empty").max(max, `must be at most ${max} characters`));
};

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, required(`one of ${values.join(", ")}`));

export const UsageBucketsSchema = z.strictObject(
  {
    textInputTokens: count().default(0),
    cachedTextInputTokens: count().default(0),
    textOutputTokens: count().default(0),
    imageInputTokens: count().default(0),
    cachedImageInputTokens: count().default(0),
    imageOutputTokens: count().default(0),
  },
  required("an object of token counts"),
);

const MetadataSchema = storableJson(z.record(z.string(), z.unknown(), required("a JSON object")), {
  maxBytes: MAX_METADATA_BYTES,
  maxDepth: MAX_METADATA_DEPTH,
});

/** Field-level rules (strict: unknown fields are rejected so typos are caught). Cross-field rules: see below. */
export const UsageEventObjectSchema = z.strictObject(
  {
    id: text(128),
    timestamp: z.iso
      .datetime({
        offset: true,
        ...required("an ISO-8601 timestamp with a UTC offset, e.g. 2026-11-01T09:00:00Z or 2026-11-01T10:00:00+01:00"),
      })
      // Unparseable strings are already reported by the format check.
      .refine((t) => !(Date.parse(t) < MIN_TIMESTAMP_MS), "must be on or after 2000-01-01T00:00:00Z"),
    team: z
      .string(required("a team slug"))
      .trim()
      .toLowerCase()
      .regex(TEAM_SLUG_RE, "must be a team slug (lowercase letters, digits, - and _; at most 64 characters)")
      .nullish(),
    feature: text(100, { trim: true }),
    workflow: choice(WORKFLOWS),
    stage: choice(STAGES).nullish(),
    traceId: text(128).nullish(),
    model: text(200, { trim: true }),
    provider: text(50, { trim: true, lower: true }).nullish(),
    usage: UsageBucketsSchema.nullish(),
    openaiUsage: OpenAIUsageSchema.nullish(),
    images: count(MAX_IMAGES_PER_EVENT).nullish(),
    size: text(32, { trim: true, lower: true }).nullish(),
    quality: text(32, { trim: true, lower: true }).nullish(),
    inputImages: count().nullish(),
    batch: z.boolean(required("true or false")).nullish(),
    attempt: z
      .int(required("a whole number of 1 or more"))
      .min(1, "must be a whole number of 1 or more")
      .max(MAX_TOKENS, `must be at most ${MAX_TOKENS}`)
      .nullish(),
    outcome: choice(OUTCOMES).nullish(),
    metadata: MetadataSchema.nullish(),
  },
  required("an object"),
);

export const EVENT_FIELDS = Object.keys(UsageEventObjectSchema.shape);

export interface FieldIssue {
  /** Path inside the event, e.g. "usage.imageOutputTokens" ("" = the event itself). */
  path: string;
  message: string;
}

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * Rules spanning fields, written defensively against the raw input so they are reported together with field-level
 * errors (not only once those are fixed). `now` is optional so the exported schema can run them without a clock.
 */
export function crossFieldIssues(raw: unknown, now?: Date): FieldIssue[] {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return [];
  const e = raw as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (e.workflow === "analysis_then_generate" && !present(e.stage)) {
    issues.push({ path: "stage", message: "is required when workflow is analysis_then_generate (analysis or generation)" });
  }
  if (present(e.usage) && present(e.openaiUsage)) {
    issues.push({ path: "openaiUsage", message: "give either usage or openaiUsage, not both" });
  } else if (!present(e.usage) && !present(e.openaiUsage) && !present(e.images)) {
    issues.push({
      path: "usage",
      message: "is required: give usage or openaiUsage, or images so the cost can be estimated from per-image tables",
    });
  }
  // Consistency of openaiUsage, only once its shape is valid (shape errors come from the field schema).
  if (present(e.openaiUsage) && typeof e.model === "string" && OpenAIUsageSchema.safeParse(e.openaiUsage).success) {
    const mapped = safeMapOpenAIUsage(e.openaiUsage, { model: e.model });
    if (!mapped.ok) {
      for (const m of mapped.errors) issues.push({ path: m.path ? `openaiUsage.${m.path}` : "openaiUsage", message: m.message });
    }
  }
  if (now && typeof e.timestamp === "string") {
    const t = Date.parse(e.timestamp);
    if (!Number.isNaN(t) && t > now.getTime() + MAX_FUTURE_MS) {
      issues.push({
        path: "timestamp",
        message: `is more than 5 minutes in the future (server time ${now.toISOString()})`,
      });
    }
  }
  return issues;
}

/** The full per-event rules except the clock check (which needs `now`; see validateEvent). */
export const UsageEventSchema = UsageEventObjectSchema.superRefine((value, ctx) => {
  for (const i of crossFieldIssues(value)) {
    ctx.addIssue({ code: "custom", message: i.message, path: i.path ? i.path.split(".") : [] });
  }
});

export type UsageEventInput = z.input<typeof UsageEventSchema>;

export const UsageBatchSchema = z.strictObject(
  {
    events: z
      .array(UsageEventSchema, required("an array of events"))
      .min(1, "must contain at least 1 event")
      .max(MAX_BATCH_EVENTS, `must contain at most ${MAX_BATCH_EVENTS} events`),
  },
  required('an object like { "events": [...] }'),
);

export type TokenSource = "usage" | "openai" | "none";

export interface NormalizedEvent {
  id: string;
  timestamp: Date;
  team: string | null;
  feature: string;
  workflow: Workflow;
  stage: Stage | null;
  traceId: string | null;
  model: string;
  provider: string;
  tokens: TokenCounts;
  tokenSource: TokenSource;
  images: number | null;
  size: string | null;
  quality: string | null;
  inputImages: number | null;
  batch: boolean;
  attempt: number;
  outcome: Outcome;
  metadata: Record<string, unknown> | null;
}

export type ValidateEventResult =
  | { ok: true; event: NormalizedEvent; warnings: string[] }
  | { ok: false; issues: FieldIssue[] };

/** Formats a zod path: ["usage", "imageOutputTokens"] -> "usage.imageOutputTokens", [3, "x"] -> "[3].x". */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Joins a prefix ("events[3]") and a relative path ("usage.x"); either may be empty. */
export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith("[") ? prefix + path : `${prefix}.${path}`;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/** "did you mean" for a mistyped field: same letters ignoring case/underscores, or at most 2 edits away. */
export function suggestField(key: string, known: readonly string[]): string | null {
  const k = norm(key);
  const same = known.find((f) => norm(f) === k);
  if (same) return same;
  let best: string | null = null;
  let bestD = 3;
  for (const f of known) {
    const dist = editDistance(k, norm(f));
    if (dist < bestD) [best, bestD] = [f, dist];
  }
  return best;
}

/** Turns zod issues into flat field issues; each unknown key becomes its own issue with a suggestion. */
export function zodIssuesToFieldIssues(
  issues: readonly z.core.$ZodIssue[],
  knownFieldsAt: (path: ReadonlyArray<PropertyKey>) => readonly string[] = eventFieldsAt,
): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const iss of issues) {
    const base = formatPath(iss.path);
    if (iss.code === "unrecognized_keys") {
      const known = knownFieldsAt(iss.path);
      for (const key of iss.keys) {
        const hint = suggestField(key, known);
        out.push({
          path: joinPath(base, key),
          message: `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: ${known.join(", ")}`,
        });
      }
    } else {
      out.push({ path: base, message: iss.message });
    }
  }
  return out;
}

function eventFieldsAt(path: ReadonlyArray<PropertyKey>): readonly string[] {
  const last = path[path.length - 1];
  if (last === "usage") return [...USAGE_FIELDS];
  return EVENT_FIELDS;
}

/** Validates and normalizes one event (field rules, cross-field rules and the 5-minute future limit). */
export function validateEvent(raw: unknown, now: Date): ValidateEventResult {
  const parsed = UsageEventObjectSchema.safeParse(raw);
  const issues = [
    ...(parsed.success ? [] : zodIssuesToFieldIssues(parsed.error.issues)),
    ...crossFieldIssues(raw, now),
  ];
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const e = parsed.data;

  let tokens: TokenCounts = emptyTokens();
  let tokenSource: TokenSource = "none";
  const warnings: string[] = [];
  if (e.usage) {
    tokenSource = "usage";
    tokens = {
      textInput: e.usage.textInputTokens,
      cachedTextInput: e.usage.cachedTextInputTokens,
      textOutput: e.usage.textOutputTokens,
      imageInput: e.usage.imageInputTokens,
      cachedImageInput: e.usage.cachedImageInputTokens,
      imageOutput: e.usage.imageOutputTokens,
    };
  } else if (e.openaiUsage) {
    const mapped = safeMapOpenAIUsage(e.openaiUsage, { model: e.model });
    // crossFieldIssues already rejected inconsistent usage; this branch only narrows the type.
    if (!mapped.ok) return { ok: false, issues: mapped.errors.map((m) => ({ path: joinPath("openaiUsage", m.path), message: m.message })) };
    tokenSource = "openai";
    tokens = mapped.tokens;
    warnings.push(...mapped.warnings.map((w) => `openaiUsage: ${w}`));
  }

  return {
    ok: true,
    warnings,
    event: {
      id: e.id,
      timestamp: new Date(e.timestamp),
      team: e.team ?? null,
      feature: e.feature,
      workflow: e.workflow,
      stage: e.stage ?? null,
      traceId: e.traceId ?? null,
      model: e.model,
      provider: e.provider ?? "openai",
      tokens,
      tokenSource,
      images: e.images ?? null,
      size: e.size ?? null,
      quality: e.quality ?? null,
      inputImages: e.inputImages ?? null,
      batch: e.batch ?? false,
      attempt: e.attempt ?? 1,
      outcome: e.outcome ?? "unknown",
      metadata: e.metadata ?? null,
    },
  };
}

export interface DuplicateConflict<K> {
  id: string;
  /** Every position (batch index, CSV row) that carries this id, in input order. */
  positions: K[];
}

/**
 * Collapses repeats of an id inside one submission: identical content (same contentHash) keeps the first and counts
 * the rest as collapsed; different content is a conflict reported at every position carrying the id.
 */
export function collapseDuplicates<K>(items: ReadonlyArray<{ key: K; event: NormalizedEvent }>): {
  events: NormalizedEvent[];
  keys: K[];
  collapsed: number;
  conflicts: DuplicateConflict<K>[];
} {
  const byId = new Map<string, Array<{ key: K; event: NormalizedEvent }>>();
  for (const it of items) {
    const list = byId.get(it.event.id) ?? [];
    list.push(it);
    byId.set(it.event.id, list);
  }
  const events: NormalizedEvent[] = [];
  const keys: K[] = [];
  const conflicts: DuplicateConflict<K>[] = [];
  let collapsed = 0;
  for (const [id, list] of byId) {
    // Only repeated ids are hashed (the hash is only compared between repeats).
    const first = list.length > 1 ? contentHash(list[0].event) : "";
    if (list.length === 1 || list.every((x, i) => i === 0 || contentHash(x.event) === first)) {
      events.push(list[0].event);
      keys.push(list[0].key);
      collapsed += list.length - 1;
    } else {
      conflicts.push({ id, positions: list.map((x) => x.key) });
    }
  }
  return { events, keys, collapsed, conflicts };
}

export interface BatchError {
  /** Event index in `events`, or null for errors about the body itself. */
  index: number | null;
  /** Full path, e.g. "events[3].usage.imageOutputTokens" or "events". */
  path: string;
  message: string;
}

export type ValidateBatchResult =
  | {
      ok: true;
      events: NormalizedEvent[];
      /** Events dropped because an earlier event in the batch had the same id and content. */
      duplicatesCollapsed: number;
      warnings: BatchError[];
    }
  | { ok: false; errors: BatchError[] };

const EnvelopeSchema = z.strictObject(
  {
    events: z
      .array(z.unknown(), required("an array of events"))
      .min(1, "must contain at least 1 event")
      .max(MAX_BATCH_EVENTS, `must contain at most ${MAX_BATCH_EVENTS} events`),
  },
  required('an object like { "events": [...] }'),
);

/**
 * Validates a `POST /api/v1/usage` body. All-or-nothing: any error rejects the batch, and every bad event is listed
 * by index and field path (not only the first). Events keep input order, minus collapsed duplicates.
 */
export function validateBatch(body: unknown, now: Date): ValidateBatchResult {
  const env = EnvelopeSchema.safeParse(body);
  if (!env.success) {
    return {
      ok: false,
      errors: zodIssuesToFieldIssues(env.error.issues, () => ["events"]).map((i) => ({ index: null, path: i.path || "body", message: i.message })),
    };
  }
  const errors: BatchError[] = [];
  const warnings: BatchError[] = [];
  const valid: Array<{ key: number; event: NormalizedEvent }> = [];
  env.data.events.forEach((raw, index) => {
    const prefix = `events[${index}]`;
    const r = validateEvent(raw, now);
    if (!r.ok) {
      for (const i of r.issues) errors.push({ index, path: joinPath(prefix, i.path), message: i.message });
    } else {
      valid.push({ key: index, event: r.event });
      for (const w of r.warnings) warnings.push({ index, path: prefix, message: w });
    }
  });
  const dedup = collapseDuplicates(valid);
  for (const c of dedup.conflicts) {
    for (const index of c.positions) {
      const others = c.positions.filter((p) => p !== index);
      errors.push({
        index,
        path: `events[${index}].id`,
        message: `duplicate id "${c.id}" with different content (also at events[${others.join("], events[")}])`,
      });
    }
  }
  if (errors.length > 0) {
    errors.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    return { ok: false, errors };
  }
  // Restore input order (collapseDuplicates groups by id).
  const order = dedup.keys.map((k, i) => ({ k, e: dedup.events[i] })).sort((a, b) => a.k - b.k);
  return { ok: true, events: order.map((x) => x.e), duplicatesCollapsed: dedup.collapsed, warnings };
}
