import { Decimal, dec } from "@/lib/money/decimal";

/**
 * Rates (USD per 1M tokens) and multipliers travel as canonical decimal strings: plain notation, no
 * trailing zeros, no exponent ("1.250" -> "1.25", "5e-1" -> "0.5", "40.0" -> "40").
 *
 * JSON numbers are accepted too. JSON.parse has already turned them into doubles, so we read them
 * back with String(n), which yields the SHORTEST decimal that round-trips to the same double. Any
 * decimal written with at most 15 significant digits round-trips through a double, so the shortest
 * form is exactly the decimal the author wrote (5e-06 -> "0.000005", 1.25e-06 -> "0.00000125").
 * No float arithmetic ever touches the value: everything after String(n) is Decimal.
 */

/** Unsigned decimal text: "5", "1.25", ".5", "5.", "5e-1", "1.25E+2". */
const DECIMAL_TEXT = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** More decimals than the cost engine stores (numeric scale 12) would be silently rounded later. */
export const MAX_RATE_DECIMALS = 12;
/** USD per 1M tokens above this is a typo (e.g. a per-token price pasted with the wrong unit). */
const MAX_RATE = dec("1000000000");

export type ParsedDecimal = { ok: true; value: Decimal; text: string } | { ok: false; message: string };

/** Text of a JSON number (shortest round-trip form) or of a decimal string, validated. */
export function parseDecimalText(value: string | number): ParsedDecimal {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, message: "must be a finite number" };
    text = String(value);
  } else {
    text = value.trim();
    if (text === "") return { ok: false, message: "is empty (use null for a rate that is not listed)" };
  }
  if (text.startsWith("-")) return { ok: false, message: `must not be negative (got ${text})` };
  if (text.startsWith("+")) text = text.slice(1);
  if (!DECIMAL_TEXT.test(text)) return { ok: false, message: `is not a decimal number (got ${JSON.stringify(String(value))})` };
  return { ok: true, value: new Decimal(text), text };
}

/** Plain-notation string without trailing zeros. */
export function canonicalDecimal(value: Decimal): string {
  return value.toFixed();
}

export type ParsedRate = { ok: true; value: string | null } | { ok: false; message: string };

/** A rate cell: null/undefined = not listed; otherwise a non-negative decimal string or JSON number. */
export function parseRate(value: unknown): ParsedRate {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value !== "string" && typeof value !== "number") {
    return { ok: false, message: "must be a decimal string, a number or null" };
  }
  const parsed = parseDecimalText(value);
  if (!parsed.ok) return parsed;
  return checkRate(parsed.value);
}

/** Range and precision checks shared by every importer. */
export function checkRate(value: Decimal): ParsedRate {
  if (value.gt(MAX_RATE)) return { ok: false, message: `is implausibly large (${canonicalDecimal(value)} USD per 1M tokens)` };
  if (value.decimalPlaces() > MAX_RATE_DECIMALS) {
    return { ok: false, message: `has more than ${MAX_RATE_DECIMALS} decimal places (${canonicalDecimal(value)})` };
  }
  return { ok: true, value: canonicalDecimal(value) };
}

/** The Batch API multiplier: a decimal in (0, 1]. */
export function parseBatchMultiplier(value: unknown): ParsedRate {
  if (typeof value !== "string" && typeof value !== "number") return { ok: false, message: "must be a decimal string or number" };
  const parsed = parseDecimalText(value);
  if (!parsed.ok) return parsed;
  if (parsed.value.lte(0) || parsed.value.gt(1)) {
    return { ok: false, message: `must be greater than 0 and at most 1 (got ${canonicalDecimal(parsed.value)})` };
  }
  return { ok: true, value: canonicalDecimal(parsed.value) };
}

/** Significant digits of a decimal text's mantissa ("0.00000125" -> 3, "1.0490417e-08" -> 8). */
export function significantDigits(text: string): number {
  const mantissa = text.replace(/^[+-]/, "").split(/[eE]/)[0].replace(".", "");
  const trimmed = mantissa.replace(/^0+/, "").replace(/0+$/, "");
  return trimmed.length;
}
