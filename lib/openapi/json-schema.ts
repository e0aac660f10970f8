import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

const SAFE = 9007199254740991;

/** zod -> JSON Schema 2020-12 (OpenAPI 3.1's dialect), without noise that helps no reader. */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  delete out.$schema;
  return clean(out) as JsonSchema;
}

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== "object") return node;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) o[k] = clean(v);
  // z.int() adds the safe-integer range; z.iso.datetime() / z.uuid() long regexes that `format` already says.
  if (o.minimum === -SAFE) delete o.minimum;
  if (o.maximum === SAFE) delete o.maximum;
  if ((o.format === "date-time" || o.format === "uuid" || o.format === "email") && typeof o.pattern === "string") delete o.pattern;
  return o;
}

/** Adds descriptions to an object schema's properties (for schemas whose source we do not annotate). */
export function describeProperties(schema: JsonSchema, descriptions: Record<string, string>): JsonSchema {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (!props) return schema;
  for (const [k, d] of Object.entries(descriptions)) if (props[k] && !props[k].description) props[k] = { description: d, ...props[k] };
  return schema;
}
