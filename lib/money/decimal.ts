import DecimalJs from "decimal.js";

/**
 * The one place that knows how amounts are represented: an isolated decimal.js constructor with
 * enough precision that no sum we ever make rounds. Money never touches binary floating point.
 */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Scale at which event costs are stored (PostgreSQL numeric(30,12)). */
export const COST_SCALE = 12;
/** Amounts in APIs carry at least this many decimals (more when the value needs them). */
export const MIN_OUTPUT_DECIMALS = 9;

export type DecimalInput = string | number | bigint | Decimal;

/** Parses a decimal from a string (or an integer). Numbers are accepted only when they are exact in JSON. */
export function dec(value: DecimalInput): Decimal {
  if (typeof value === "bigint") return new Decimal(value.toString());
  if (typeof value === "object" && value !== null && "toFixed" in value) return new Decimal(value.toString());
  return new Decimal(value);
}

export const ZERO = new Decimal(0);

export function sum(values: Iterable<DecimalInput>): Decimal {
  let acc = ZERO;
  for (const v of values) acc = acc.plus(dec(v));
  return acc;
}

/** Rounds to the storage scale (half-even, so rounding never drifts sums in one direction). */
export function toStorage(value: Decimal): Decimal {
  return value.toDecimalPlaces(COST_SCALE, Decimal.ROUND_HALF_EVEN);
}

/** Serializes an amount for JSON/CSV: a decimal string, at least 9 decimals, never losing digits. */
const PLAIN_AMOUNT = /^(0|[1-9]\d*)\.(\d{9,})$/;

export function toAmountString(value: DecimalInput | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // Fast path for what PostgreSQL sends (numeric as text, e.g. "12.500000000000"): the same digits without the
  // trailing zeros beyond the 9th decimal, no Decimal parse (page aggregates shape tens of thousands of these).
  const plain = typeof value === "string" ? PLAIN_AMOUNT.exec(value) : null;
  if (plain) return `${plain[1]}.${plain[2].slice(0, MIN_OUTPUT_DECIMALS)}${plain[2].slice(MIN_OUTPUT_DECIMALS).replace(/0+$/, "")}`;
  const d = dec(value);
  return d.toFixed(Math.max(MIN_OUTPUT_DECIMALS, d.decimalPlaces()));
}

/** Display only: USD with a sensible number of decimals for small amounts. */
export function formatUsd(value: DecimalInput | null | undefined, opts: { decimals?: number } = {}): string {
  if (value === null || value === undefined) return "—";
  const d = dec(value);
  const abs = d.abs();
  const decimals = opts.decimals ?? (abs.isZero() || abs.gte(1) ? 2 : abs.gte(0.01) ? 3 : 4);
  const fixed = abs.toFixed(decimals);
  const [int, frac] = fixed.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${d.isNegative() && !abs.toDecimalPlaces(decimals).isZero() ? "-" : ""}$${grouped}${frac ? "." + frac : ""}`;
}
