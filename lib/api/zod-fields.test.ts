import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findUnstorable, parseInput, parseStorableJson, storableJson, storableText, unstorableTextReason, UnstorableJsonError } from "./zod-fields";
import { AppError } from "./errors";

describe("unstorableTextReason", () => {
  it.each([
    ["plain", null],
    ["emoji 😀 (a valid pair)", null],
    ["RTL \u202e and zero-width \u200b", null],
    ["a\u0000b", /NUL/],
    ["\ud800", /surrogate/],
    ["x\udc00", /surrogate/],
    ["\udc00\ud800", /surrogate/],
    ["\ud83d", /surrogate/],
  ])("%j", (s, expected) => {
    const why = unstorableTextReason(s);
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });
});

describe("findUnstorable", () => {
  const deep = (n: number): unknown => (n === 0 ? 0 : [deep(n - 1)]);
  it.each([
    [{ a: 1, b: ["x", { c: true, d: null }] }, null],
    [{ a: Infinity }, "a"],
    [{ a: [1, NaN] }, "a[1]"],
    [{ "k\u0000": 1 }, '"k\\u0000"'],
    [{ a: { b: "\ud800" } }, "a.b"],
    [deep(31), null],
    [deep(33), "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"],
    ["\u0000", "(body)"],
  ])("%j -> %s", (value, path) => {
    expect(findUnstorable(value)?.path ?? null).toBe(path);
  });
});

describe("the refinements", () => {
  it("storableText keeps the string schema's own checks and adds the storable ones", () => {
    const s = storableText(z.string().trim().min(1).max(5));
    expect(s.safeParse(" ab ").data).toBe("ab");
    expect(s.safeParse("abcdefg").success).toBe(false);
    expect(s.safeParse("a\u0000").error?.issues[0].message).toMatch(/NUL/);
  });

  it("storableJson bounds depth and bytes and refuses non-finite numbers", () => {
    const s = storableJson(z.record(z.string(), z.unknown()), { maxBytes: 20, maxDepth: 2 });
    expect(s.safeParse({ a: 1 }).success).toBe(true);
    expect(s.safeParse({ a: { b: { c: 1 } } }).error?.issues[0].message).toMatch(/nested more than 2/);
    expect(s.safeParse({ a: "x".repeat(30) }).error?.issues[0].message).toMatch(/at most 20 bytes/);
    expect(s.safeParse({ a: -Infinity }).error?.issues[0].message).toMatch(/a: must be a finite number/);
  });

  it("parseStorableJson tells bad JSON from unstorable JSON", () => {
    expect(() => parseStorableJson("{")).toThrow(SyntaxError);
    expect(() => parseStorableJson('{"n": 1e400}')).toThrow(UnstorableJsonError);
    expect(parseStorableJson('{"n": 1e300}')).toEqual({ n: 1e300 });
  });

  it("parseInput answers a 400 naming the field, unstorable values first", () => {
    const schema = z.strictObject({ name: z.string() });
    const err = (() => {
      try {
        parseInput(schema, { name: "\u0000" }, "body");
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err?.status).toBe(400);
    expect(err?.extra.invalidFields).toEqual([{ path: "body.name", message: expect.stringMatching(/NUL/) }]);
  });
});
