import { describe, expect, it } from "vitest";
import { needsRefresh, REFRESH_AFTER_SECONDS } from "./session-lifetime";

describe("needsRefresh", () => {
  const now = 1_800_000_000;
  it.each<[string, unknown, boolean]>([
    ["just issued", now, false],
    ["one second before the refresh age", now - REFRESH_AFTER_SECONDS + 1, false],
    ["at the refresh age", now - REFRESH_AFTER_SECONDS, true],
    ["11 hours old", now - 11 * 3600, true],
    ["no iat", undefined, true],
    ["iat not a number", "123", true],
  ])("%s", (_name, iat, expected) => {
    expect(needsRefresh(iat, now)).toBe(expected);
  });
});
