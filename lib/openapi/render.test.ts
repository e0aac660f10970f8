import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toJsonSchema } from "./json-schema";
import { flattenSchema, typeOf } from "./render";

describe("flattenSchema", () => {
  const schema = toJsonSchema(
    z.strictObject({
      events: z
        .array(
          z.object({
            id: z.string().min(1).max(128).describe("The key"),
            usage: z.object({ textInputTokens: z.int().min(0).default(0) }).nullish(),
            workflow: z.enum(["a", "b"]),
          }),
        )
        .min(1)
        .max(5000),
      note: z.string().optional(),
    }),
    "input",
  );
  const rows = flattenSchema(schema);

  it("lists nested fields with paths, types, required flags and constraints", () => {
    expect(rows.map((r) => [r.path, r.type, r.required])).toEqual([
      ["events", "array of object", true],
      ["events[].id", "string", true],
      ["events[].usage", "object | null", false],
      ["events[].usage.textInputTokens", "integer", false],
      ["events[].workflow", '"a" | "b"', true],
      ["note", "string", false],
    ]);
    expect(rows[0].constraints).toEqual(["1-5000 items"]);
    expect(rows[1]).toMatchObject({ description: "The key", constraints: ["1-128 chars"], depth: 1 });
    expect(rows[3].constraints).toEqual([">= 0", "default 0"]);
  });

  it.each([
    [{ $ref: "#/components/schemas/Problem" }, "Problem"],
    [{ anyOf: [{ type: "string", format: "uuid" }, { type: "null" }] }, "string (uuid) | null"],
    [{ type: "object", additionalProperties: { type: "integer" } }, "map of integer"],
    [{}, "any"],
  ])("types %j as %s", (s, t) => {
    expect(typeOf(s)).toBe(t);
  });
});
