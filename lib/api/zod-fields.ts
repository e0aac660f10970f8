import { z } from "zod";
import { badRequest, formatPath, type InvalidField } from "./errors";

/**
 * What a client may send that PostgreSQL can store, in one place. Every boundary (JSON bodies, CSV cells, import
 * files, server-action inputs) applies these rules, so nothing a client sends reaches the database as a value it
 * rejects (a 500) instead of a 400 naming the field:
 * - text: no NUL (U+0000; text and jsonb refuse it) and no unpaired UTF-16 surrogate (jsonb refuses "\ud800",
 *   and text would silently turn it into U+FFFD, so a replay would hash differently);
 * - JSON: at most MAX_JSON_DEPTH levels of nesting, finite numbers only (JSON.parse turns 1e400 into Infinity),
 *   keys held to the text rules too.
 */

/** Deepest nesting accepted anywhere in a request body or import file (objects and arrays). */
export const MAX_JSON_DEPTH = 32;
/** Default longest free-text field (characters) where a schema sets no tighter limit. */
export const MAX_TEXT_CHARS = 10_000;

const NUL_MESSAGE = "must not contain the NUL character (\\u0000)";
const SURROGATE_MESSAGE = "must not contain unpaired UTF-16 surrogates (invalid Unicode)";

/** Why `s` cannot be stored as PostgreSQL text, or null when it can. */
export function unstorableTextReason(s: string): string | null {
  if (s.includes("\u0000")) return NUL_MESSAGE;
  // A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) return SURROGATE_MESSAGE;
  return null;
}

/**
 * The first value inside `value` that cannot be stored (as text or jsonb), with its path; null when all is fine.
 * Walks at most `maxDepth` levels: deeper nesting is itself the reason.
 */
export function findUnstorable(value: unknown, maxDepth = MAX_JSON_DEPTH): InvalidField | null {
  const walk = (v: unknown, path: Array<string | number>, depth: number): InvalidField | null => {
    if (typeof v === "string") {
      const why = unstorableTextReason(v);
      return why ? { path: formatPath(path) || "(body)", message: why } : null;
    }
    if (typeof v === "number") {
      return Number.isFinite(v) ? null : { path: formatPath(path) || "(body)", message: "must be a finite number (out of range)" };
    }
    if (typeof v !== "object" || v === null) return null;
    if (depth >= maxDepth) return { path: formatPath(path) || "(body)", message: `is nested more than ${maxDepth} levels deep` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], [...path, i], depth + 1);
        if (r) return r;
      }
      return null;
    }
    for (const [k, child] of Object.entries(v)) {
      const why = unstorableTextReason(k);
      if (why) return { path: formatPath([...path, JSON.stringify(k)]), message: `key ${why}` };
      const r = walk(child, [...path, k], depth + 1);
      if (r) return r;
    }
    return null;
  };
  return walk(value, [], 0);
}

/** Throws a 400 naming the first unstorable value (prefixed, e.g. "content"), so a service never sees one. */
export function assertStorable(value: unknown, prefix = ""): void {
  const bad = findUnstorable(value);
  if (!bad) return;
  const path = prefix ? (bad.path === "(body)" ? prefix : `${prefix}.${bad.path}`) : bad.path;
  throw badRequest(`${path}: ${bad.message}`, [{ path, message: bad.message }]);
}

/** Thrown by parseStorableJson: the text is JSON but holds a value that cannot be stored (see findUnstorable). */
export class UnstorableJsonError extends SyntaxError {
  constructor(readonly field: InvalidField) {
    super(`${field.path}: ${field.message}`);
  }
}

/** JSON.parse for client files and bodies: SyntaxError for bad JSON, UnstorableJsonError for unstorable values. */
export function parseStorableJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const bad = findUnstorable(value);
  if (bad) throw new UnstorableJsonError(bad);
  return value;
}

/** zod refinement: text PostgreSQL can store. Chain after z.string() (and its trim/min/max). */
export function storableText<S extends z.ZodString>(schema: S): S {
  return schema.superRefine((s, ctx) => {
    const why = unstorableTextReason(s);
    if (why) ctx.addIssue({ code: "custom", message: why });
  }) as S;
}

/** zod refinement: a JSON value jsonb can store, at most `maxBytes` UTF-8 bytes when serialized. */
export function storableJson<S extends z.ZodType>(schema: S, opts: { maxBytes: number; maxDepth?: number }): S {
  return schema.superRefine((v, ctx) => {
    const bad = findUnstorable(v, opts.maxDepth ?? MAX_JSON_DEPTH);
    if (bad) {
      ctx.addIssue({ code: "custom", message: bad.path === "(body)" ? bad.message : `${bad.path}: ${bad.message}` });
      return;
    }
    if (new TextEncoder().encode(JSON.stringify(v) ?? "").length > opts.maxBytes) {
      ctx.addIssue({ code: "custom", message: `must be at most ${opts.maxBytes} bytes when serialized as JSON` });
    }
  }) as S;
}

/**
 * The one way a boundary parses client input: unstorable values first (a 400 naming the field), then the schema
 * (a 400 listing every invalid field, paths prefixed with `prefix`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): z.infer<S> {
  assertStorable(input, prefix);
  const r = schema.safeParse(input);
  if (!r.success) {
    const fields = zodIssuesToFieldsPlain(r.error, prefix);
    throw badRequest(fields.map((f) => `${f.path}: ${f.message}`).join("; "), fields);
  }
  return r.data;
}

/** zod issues -> invalid fields (path + reason); framework-free so services and the CLI can use it. */
export function zodIssuesToFieldsPlain(error: z.ZodError, prefix = ""): InvalidField[] {
  return error.issues.map((i) => ({ path: formatPath(i.path, prefix) || "(root)", message: i.message }));
}
