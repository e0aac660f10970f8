import { createHash } from "node:crypto";
import type { NormalizedEvent } from "./event-schema";

/**
 * Canonical JSON: object keys sorted (recursively, metadata included), Dates as UTC ISO with milliseconds,
 * undefined dropped. Two events that mean the same thing serialize to the same string whatever the client's key
 * order or offset notation ("2026-11-01T10:00:00+01:00" and "2026-11-01T09:00:00Z" are the same instant).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of sortedKeys(obj)) if (obj[k] !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
      return `{${parts.join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

/** Keys of `obj` sorted, memoized per key list (every event of a batch has the same keys in the same order). */
const sortedByKeyList = new Map<string, string[]>();
function sortedKeys(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj);
  const list = keys.join("\u0000");
  const hit = sortedByKeyList.get(list);
  if (hit) return hit;
  if (sortedByKeyList.size >= 512) sortedByKeyList.clear(); // client metadata brings arbitrary key lists
  const sorted = [...keys].sort();
  sortedByKeyList.set(list, sorted);
  return sorted;
}

/**
 * canonicalJson of objects of one known shape, without the generic walk's per-object key sort: an object whose own
 * keys are exactly `keys` is written in their precomputed sorted order (values through `value`, canonicalJson by
 * default). Returns null for any other object (the caller falls back to canonicalJson), so the string is always the
 * one canonicalJson gives.
 */
function shapeWriter(keys: readonly string[], value: (key: string, v: unknown) => string = (_k, v) => canonicalJson(v)) {
  const sorted = [...keys].sort();
  const prefixes = sorted.map((k) => `${JSON.stringify(k)}:`);
  return (obj: Record<string, unknown>, override?: { key: string; value: unknown }): string | null => {
    let own = 0;
    for (const k in obj) if (Object.hasOwn(obj, k)) own++;
    if (own !== sorted.length || !sorted.every((k) => Object.hasOwn(obj, k))) return null;
    let out = "";
    for (let i = 0; i < sorted.length; i++) {
      const k = sorted[i];
      const v = override && k === override.key ? override.value : obj[k];
      if (v === undefined) continue;
      out += `${out ? "," : ""}${prefixes[i]}${typeof v === "string" ? JSON.stringify(v) : value(k, v)}`;
    }
    return `{${out}}`;
  };
}

const writeTokens = shapeWriter(["textInput", "cachedTextInput", "textOutput", "imageInput", "cachedImageInput", "imageOutput"]);
const EVENT_KEYS: ReadonlyArray<keyof NormalizedEvent> = [
  "id", "timestamp", "team", "feature", "workflow", "stage", "traceId", "model", "provider", "tokens", "tokenSource",
  "images", "size", "quality", "inputImages", "batch", "attempt", "outcome", "metadata",
];
const writeEvent = shapeWriter(EVENT_KEYS, (k, v) =>
  k === "tokens" && v !== null && typeof v === "object" && !Array.isArray(v)
    ? (writeTokens(v as Record<string, unknown>) ?? canonicalJson(v))
    : canonicalJson(v),
);

/** canonicalJson of an event (with `team` replaced when given), through the known-shape fast path when it applies. */
export function canonicalEventJson(e: NormalizedEvent, team?: string | null): string {
  const obj = e as unknown as Record<string, unknown>;
  const fast = writeEvent(obj, team === undefined ? undefined : { key: "team", value: team });
  return fast ?? canonicalJson(team === undefined ? e : { ...e, team });
}

/**
 * sha256 (hex) of the canonical serialization of a normalized event. Stored with each event: a replay of an id with
 * the same hash is a duplicate, a different hash is a conflict. Hashing the normalized form means defaults count as
 * given (omitting `attempt` equals `attempt: 1`), and the token source counts: the same tokens reported once via
 * `usage` and once via `openaiUsage` are different content.
 */
export function contentHash(e: NormalizedEvent): string {
  return createHash("sha256").update(canonicalEventJson(e), "utf8").digest("hex");
}

/**
 * The hash stored with an event and compared on replay: the content with `team` replaced by the slug of the team it
 * is stored under (slugs are unique per organization and never change, so this names the stored team id). What is
 * stored decides duplicates, not how the team was written: a team key naming its own slug or omitting it is the
 * same event, and a CSV re-uploaded with another default team is different content. Events that named their team
 * hash exactly as before this rule, so replays of them stay duplicates.
 */
export function storedContentHash(e: NormalizedEvent, storedTeamSlug: string): string {
  return createHash("sha256").update(canonicalEventJson(e, storedTeamSlug), "utf8").digest("hex");
}
