import { describe, expect, it } from "vitest";
import { parseBatchMultiplier, parseRate, significantDigits } from "@/lib/pricing/formats/rate";

describe("parseRate", () => {
  it.each<[unknown, string | null]>([
    ["5", "5"],
    ["1.250", "1.25"],
    ["5e-1", "0.5"],
    ["1.25E+2", "125"],
    [" 2.50 ", "2.5"],
    [".5", "0.5"],
    ["5.", "5"],
    ["+3", "3"],
    ["0", "0"],
    ["0.000", "0"],
    ["0.000000000001", "0.000000000001"],
    [1.25, "1.25"],
    [5e-6, "0.000005"],
    [30, "30"],
    [0.1, "0.1"],
    [null, null],
    [undefined, null],
  ])("%j -> %j", (input, expected) => {
    expect(parseRate(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, RegExp]>([
    ["-1", /negative/],
    [-1, /negative/],
    ["-0", /negative/],
    ["abc", /not a decimal/],
    ["", /empty/],
    ["1,5", /not a decimal/],
    ["0x10", /not a decimal/],
    ["Infinity", /not a decimal/],
    ["1e", /not a decimal/],
    [Number.NaN, /finite/],
    [Number.POSITIVE_INFINITY, /finite/],
    [true, /decimal string, a number or null/],
    [{}, /decimal string, a number or null/],
    ["2000000000", /implausibly large/],
    ["0.0000000000001", /more than 12 decimal places/],
  ])("%j is rejected", (input, message) => {
    const r = parseRate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("treats a number and its decimal string the same", () => {
    for (const [n, s] of [[1.25, "1.25"], [5e-6, "0.000005"], [0.2, "0.20"], [2.5, "2.500"]] as const) {
      expect(parseRate(n)).toEqual(parseRate(s));
    }
  });
});

describe("parseBatchMultiplier", () => {
  it.each<[unknown, string]>([
    ["0.5", "0.5"],
    [0.5, "0.5"],
    ["0.50", "0.5"],
    ["1", "1"],
    ["5e-1", "0.5"],
  ])("%j -> %j", (input, expected) => {
    expect(parseBatchMultiplier(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, RegExp]>([
    ["0", /greater than 0/],
    ["1.01", /at most 1/],
    [2, /at most 1/],
    ["-0.5", /negative/],
    ["half", /not a decimal/],
    [null, /decimal string or number/],
  ])("%j is rejected", (input, message) => {
    const r = parseBatchMultiplier(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe("significantDigits", () => {
  it.each([
    ["0.00000125", 3],
    ["1.0490417e-08", 8],
    ["40", 1],
    ["0.30000000000000004", 17],
  ] as const)("%s has %i", (text, n) => {
    expect(significantDigits(text)).toBe(n);
  });
});
