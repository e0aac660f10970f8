import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dec, formatUsd, sum, toAmountString, toStorage } from "./decimal";

describe("money", () => {
  it.each([
    ["0.05268", "0.052680000"],
    ["52.68", "52.680000000"],
    ["0.0000000000125", "0.0000000000125"],
    ["0", "0.000000000"],
    ["-1.5", "-1.500000000"],
    // PostgreSQL numeric(38,12) text (the fast path) and its edges: same answer as the Decimal path.
    ["12.500000000000", "12.500000000"],
    ["0.000000000000", "0.000000000"],
    ["1.234567890123", "1.234567890123"],
    ["3.100000000010", "3.10000000001"],
    ["100.000000000", "100.000000000"],
    ["007.500000000000", "7.500000000"],
    ["-2.000000000000", "-2.000000000"],
  ])("toAmountString(%s) = %s (at least 9 decimals, never losing digits)", (input, expected) => {
    expect(toAmountString(input)).toBe(expected);
  });

  it("the numeric-text fast path equals the Decimal path", () => {
    const numericText = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 26n }), fc.integer({ min: 9, max: 14 }), fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }));
    fc.assert(
      fc.property(numericText, ([int, scale, frac]) => {
        const text = `${int}.${(frac % 10n ** BigInt(scale)).toString().padStart(scale, "0")}`;
        const d = dec(text);
        expect(toAmountString(text)).toBe(d.toFixed(Math.max(9, d.decimalPlaces())));
      }),
    );
  });

  it("sums a million tiny amounts exactly where floats drift", () => {
    const items = Array.from({ length: 1_000_000 }, () => "0.000000125");
    expect(sum(items).toFixed()).toBe("0.125");
    let float = 0;
    for (let i = 0; i < 1000; i++) float += 0.1;
    expect(float).not.toBe(100);
    expect(sum(Array.from({ length: 1000 }, () => "0.1")).toFixed()).toBe("100");
  });

  it("rounds to storage scale half-even", () => {
    expect(toStorage(dec("0.0000000000005")).toFixed()).toBe("0");
    expect(toStorage(dec("0.0000000000015")).toFixed()).toBe("0.000000000002");
  });

  it.each([
    ["1234.5", "$1,234.50"],
    ["0.0527", "$0.053"],
    ["0.00588", "$0.0059"],
    [null, "—"],
  ])("formatUsd(%s) = %s", (input, expected) => {
    expect(formatUsd(input)).toBe(expected);
  });
});
