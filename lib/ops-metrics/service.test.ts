import { describe, expect, it } from "vitest";
import { bearerMatches } from "./service";

describe("bearerMatches", () => {
  const T = "metrics-token-0123456789abcdef";
  it.each([
    [`Bearer ${T}`, true],
    [`Bearer ${T} `, false],
    [`bearer ${T}`, false],
    [`Basic ${T}`, false],
    [T, false],
    [`Bearer ${T.slice(0, -1)}`, false],
    [`Bearer ${T}x`, false],
    ["Bearer ", false],
    ["", false],
    [null, false],
  ])("%j → %s", (header, ok) => expect(bearerMatches(header, T)).toBe(ok));
});
