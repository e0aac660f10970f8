import fc from "fast-check";

/**
 * Hostile client input for property tests (issue 9, suite 1), shared by the in-process suite
 * (test/integration/hostile-*.test.ts) and the HTTP suite (test/system/hostile-http.test.ts).
 *
 * Bodies are generated as raw text, because much of what a hostile client sends is not something JSON.stringify
 * can produce: numbers past a double (1e400), duplicate keys, truncated documents, nesting past any stack.
 * A generated body is a mutation of a valid one (one field replaced, an unknown field added, a field dropped) or
 * something else altogether, so the properties exercise both the field rules and the body parse.
 */

/** Payloads per route: HARDENING_RUNS (npm run test:hardening sets 10,000) or the suite's small default. */
export function hardeningRuns(normal: number): number {
  const n = Number(process.env.HARDENING_RUNS);
  return Number.isInteger(n) && n > 0 ? n : normal;
}

/** Fixed unless HARDENING_SEED is set, so a failure in CI replays locally. */
export const HARDENING_SEED = Number(process.env.HARDENING_SEED ?? 20261201);

/** Number literals that JSON allows but a double or a 32-bit column cannot hold. */
export const HOSTILE_NUMBERS = [
  "1e400", "-1e400", "1e308", "-0", "0.5", "-1", "2147483648", "4294967296", "9007199254740993",
  "123456789012345678901234567890", "1e-400", "2147483647", "0",
] as const;

const MEGABYTE = "x".repeat(1024 * 1024);

/** Marker for a raw JSON literal inside a generated value (see toJsonText). */
const RAW = "\u0001raw:";
export const rawLiteral = (text: string) => `${RAW}${text}\u0001`;

/** JSON text of a generated value; rawLiteral(...) strings become the literal itself (e.g. 1e400). */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(/"\\u0001raw:(.*?)\\u0001"/g, (_m, lit: string) => lit);
}

/** Strings that break naive storage or display: NUL, lone surrogates, controls, bidi overrides, huge (1 MB: rarely). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(
    "", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83d", "\ud83d\ude00", "\u202eevil\u202c", "\u200b",
    "\r\n", "\t", "\u001b[31m", "%00", "\\u0000", "'; DROP TABLE usage_events; --", "<script>alert(1)</script>",
    "../../etc/passwd", "null", "true", "0", "NaN", "Infinity", "2026-13-45T99:99:99Z", "9999-12-31T23:59:59+99:00",
  ), weight: 6 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 5 },
  { arbitrary: fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udc00", "\u202e", "a", "é", "😀"), maxLength: 20 }), weight: 5 },
  { arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => "y".repeat(n)), weight: 2 },
  { arbitrary: fc.constant(MEGABYTE), weight: 1 },
);

export const hostileDate: fc.Arbitrary<string> = fc.constantFrom(
  "2026-11-01", "2026-02-30T10:00:00Z", "2026-11-01T25:00:00Z", "2026-11-01T10:00:00+25:00", "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z", "+275760-09-13T00:00:00Z", "1970-01-01T00:00:00Z", "yesterday", "2026-11-01T10:00:00",
  "2026-11-01T10:00:00.123456789Z", "2099-01-01T00:00:00Z",
);

export const hostileTimeZone: fc.Arbitrary<string> = fc.constantFrom(
  "Mars/Olympus_Mons", "UTC+25", "Etc/GMT+99", "", "Europe/Berlin\u0000", "America/New_York", "../UTC",
);

/** Any hostile JSON value: wrong types, hostile strings and numbers, deep or wide containers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.constantFrom(...HOSTILE_NUMBERS).map(rawLiteral),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
    hostileDate,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileString.filter((s) => s.length < 50), tie("value"), { maxKeys: 4 }),
    fc.integer({ min: 20, max: 3000 }).map((depth) => nested(depth)),
  ),
})).value;

/** { a: { a: ... 1 } } nested `depth` levels. */
export function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

export interface BodyShape {
  /** Field paths worth replacing, e.g. ["events", 0, "usage", "imageOutputTokens"]. */
  paths: ReadonlyArray<ReadonlyArray<string | number>>;
  /** Largest body the route accepts (bytes); oversized bodies go one past it. */
  maxBytes: number;
}

function setPath(root: unknown, path: ReadonlyArray<string | number>, value: unknown, drop = false): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const seg of path.slice(0, -1)) {
    if (typeof node[seg] !== "object" || node[seg] === null) node[seg] = {};
    node = node[seg] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (drop) delete node[last];
  else node[last] = value;
  return copy;
}

export type BodyKind = "valid" | "field" | "unknown-field" | "drop" | "replace" | "raw";

/**
 * Raw request bodies derived from a valid body (made fresh per run, e.g. with a new id): the valid body itself
 * (about 1 in 12), one field replaced by a hostile value, an unknown field, a dropped field, the whole body
 * replaced, or raw text no serializer writes (truncated, oversized, nested past any stack, duplicate keys).
 */
export function hostileBody(valid: () => unknown, shape: BodyShape): fc.Arbitrary<{ kind: BodyKind; text: string }> {
  const pathArb = fc.constantFrom(...shape.paths);
  return fc.oneof(
    { arbitrary: fc.constant(null).map(() => ({ kind: "valid" as const, text: toJsonText(valid()) })), weight: 1 },
    {
      arbitrary: fc.tuple(pathArb, hostileValue).map(([p, v]) => ({ kind: "field" as const, text: toJsonText(setPath(valid(), p, v)) })),
      weight: 6,
    },
    {
      arbitrary: fc.tuple(pathArb, hostileString.filter((s) => s.length < 50), hostileValue).map(([p, k, v]) => ({
        kind: "unknown-field" as const,
        text: toJsonText(setPath(valid(), [...p.slice(0, -1), `${k}_unknown`], v)),
      })),
      weight: 1,
    },
    { arbitrary: pathArb.map((p) => ({ kind: "drop" as const, text: toJsonText(setPath(valid(), p, undefined, true)) })), weight: 1 },
    { arbitrary: hostileValue.map((v) => ({ kind: "replace" as const, text: toJsonText(v) })), weight: 1 },
    {
      arbitrary: fc
        .constantFrom("truncated", "oversized", "deep", "duplicate-keys", "empty", "not-json", "bom")
        .map((form) => ({ kind: "raw" as const, text: rawBody(form, toJsonText(valid()), shape.maxBytes) })),
      weight: 1,
    },
  );
}

function rawBody(form: string, valid: string, maxBytes: number): string {
  switch (form) {
    case "truncated":
      return valid.slice(0, Math.floor(valid.length / 2));
    case "oversized":
      return valid.replace(/^\{/, `{"pad":"${"z".repeat(maxBytes + 1)}",`);
    case "deep":
      return "[".repeat(200_000) + "]".repeat(200_000);
    case "duplicate-keys":
      return valid.replace(/^\{/, '{"events":1,"name":"\\u0000",');
    case "empty":
      return "";
    case "bom":
      return `\uFEFF${valid}`;
    default:
      return "{events: [1, 2,]}";
  }
}

/** A hostile CSV from a valid one: a cell replaced (NUL, quotes, huge, formulas), extra columns, broken quoting. */
export function hostileCsv(valid: () => { header: string[]; rows: string[][] }, maxBytes: number): fc.Arbitrary<{ kind: BodyKind; text: string }> {
  const csvCell = fc.oneof(
    hostileString.filter((s) => s.length < 100_000),
    fc.constantFrom('"', '""', '"unterminated', "=cmd|' /C calc'!A0", "1e400", "-1", "2147483648", '{"a":1e400}', '{"a":"\\u0000"}'),
    hostileDate,
  );
  const render = (h: string[], rows: string[][]) => [h, ...rows].map((r) => r.join(",")).join("\n");
  return fc.oneof(
    { arbitrary: fc.constant(null).map(() => ({ kind: "valid" as const, text: render(valid().header, valid().rows) })), weight: 1 },
    {
      arbitrary: fc.tuple(fc.nat(), csvCell).map(([i, cell]) => {
        const v = valid();
        const col = i % v.header.length;
        v.rows[0][col] = cell;
        return { kind: "field" as const, text: render(v.header, v.rows) };
      }),
      weight: 6,
    },
    {
      arbitrary: hostileString.filter((s) => s.length < 50).map((name) => {
        const v = valid();
        return { kind: "unknown-field" as const, text: render([...v.header, name], v.rows.map((r) => [...r, "x"])) };
      }),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom("oversized", "header-only", "empty", "nul", "many-columns").map((form) => {
        const v = valid();
        const text =
          form === "oversized" ? `${render(v.header, v.rows)}\n${"q,".repeat(Math.ceil(maxBytes / 2) + 1)}`
          : form === "header-only" ? v.header.join(",")
          : form === "empty" ? ""
          : form === "nul" ? render(v.header, v.rows).replace(",", "\u0000,")
          : render([...v.header, ...Array.from({ length: 5000 }, (_, i) => `c${i}`)], v.rows);
        return { kind: "raw" as const, text };
      }),
      weight: 1,
    },
  );
}
