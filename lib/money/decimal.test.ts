import { describe, expect, it } from "vitest";
import { dec, formatUsd, sum, toAmountString, toStorage } from "./decimal";

describe("money", () => {
  it.each([
    ["0.05268", "0.052680000"],
    ["52.68", "52.680000000"],
    ["0.0000000000125", "0.0000000000125"],
    ["0", "0.000000000"],
    ["-1.5", "-1.500000000"],
  ])("toAmountString(%s) = %s (at least 9 decimals, never losing digits)", (input, expected) => {
    expect(toAmountString(input)).toBe(expected);
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
