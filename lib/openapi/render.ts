import type { JsonSchema } from "./json-schema";

/**
 * Flattens a JSON Schema into rows a person can read: one per field, nested fields as dotted paths
 * ("events[].usage.textInputTokens"), with a type summary, whether it is required, constraints and the description.
 * Pure, for the API reference page.
 */

export interface FieldRow {
  path: string;
  depth: number;
  type: string;
  required: boolean;
  description: string;
  constraints: string[];
}

const asSchemas = (v: unknown): JsonSchema[] => (Array.isArray(v) ? (v as JsonSchema[]) : []);

function variants(s: JsonSchema): { nonNull: JsonSchema[]; nullable: boolean } {
  const list = [...asSchemas(s.anyOf), ...asSchemas(s.oneOf)];
  if (list.length === 0) return { nonNull: [s], nullable: s.type === "null" };
  const nonNull = list.filter((x) => x.type !== "null");
  return { nonNull, nullable: nonNull.length < list.length };
}

export function typeOf(s: JsonSchema): string {
  if (typeof s.$ref === "string") return s.$ref.split("/").pop() as string;
  const { nonNull, nullable } = variants(s);
  const parts = nonNull.map((x) => {
    if (x !== s && (x.anyOf || x.oneOf)) return typeOf(x);
    if (Array.isArray(x.enum)) return (x.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
    if (x.const !== undefined) return JSON.stringify(x.const);
    if (x.type === "array") return `array of ${x.items ? typeOf(x.items as JsonSchema) : "any"}`;
    if (x.type === "object" && x.additionalProperties && typeof x.additionalProperties === "object" && !x.properties) {
      return `map of ${typeOf(x.additionalProperties as JsonSchema)}`;
    }
    if (typeof x.type === "string") return x.format ? `${x.type} (${x.format})` : x.type;
    return "any";
  });
  const t = [...new Set(parts)].join(" | ") || "any";
  return nullable ? `${t} | null` : t;
}

function constraintsOf(s: JsonSchema): string[] {
  const out: string[] = [];
  const x = variants(s).nonNull[0] ?? s;
  if (typeof x.minLength === "number" || typeof x.maxLength === "number") out.push(`${x.minLength ?? 0}-${x.maxLength ?? "∞"} chars`);
  if (typeof x.minimum === "number") out.push(`>= ${x.minimum}`);
  if (typeof x.maximum === "number") out.push(`<= ${x.maximum}`);
  if (typeof x.minItems === "number" || typeof x.maxItems === "number") out.push(`${x.minItems ?? 0}-${x.maxItems ?? "∞"} items`);
  if (typeof x.pattern === "string" && x.pattern.length <= 60) out.push(`pattern ${x.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

function objectOf(s: JsonSchema): JsonSchema | null {
  for (const x of variants(s).nonNull) {
    if (x.properties) return x;
    if (x.type === "array" && x.items) {
      const inner = objectOf(x.items as JsonSchema);
      if (inner) return inner;
    }
  }
  return null;
}

function isArray(s: JsonSchema): boolean {
  return variants(s).nonNull.some((x) => x.type === "array");
}

export function flattenSchema(schema: JsonSchema, maxDepth = 4): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (s: JsonSchema, prefix: string, depth: number) => {
    const obj = objectOf(s);
    if (!obj || depth > maxDepth) return;
    const required = new Set((obj.required as string[] | undefined) ?? []);
    for (const [name, child] of Object.entries(obj.properties as Record<string, JsonSchema>)) {
      const path = prefix ? `${prefix}.${name}` : name;
      rows.push({
        path,
        depth,
        type: typeOf(child),
        required: required.has(name),
        description: typeof child.description === "string" ? child.description : "",
        constraints: constraintsOf(child),
      });
      walk(child, isArray(child) ? `${path}[]` : path, depth + 1);
    }
  };
  walk(schema, isArray(schema) ? "[]" : "", 0);
  return rows;
}
