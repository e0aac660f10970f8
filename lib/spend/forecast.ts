/**
 * Period-end spend forecast from a daily run-rate. Pure and exact: all amounts are Decimals, the
 * projection is one division at 60 significant digits, rounded once to the storage scale.
 *
 * Run-rate method (in order):
 *   1. "trailing_mean": mean of the last `windowDays` (default 7) complete local days before today, when
 *      every one of those days is present in `dailySpend` (send zero-cost days as "0"; a missing day means
 *      "no data yet"). Days before the period start count too: on the 2nd of a month last month's days
 *      are the best evidence of the current rate.
 *   2. "period_to_date_mean": otherwise, spentSoFar divided by the elapsed period time in days (fractional,
 *      today's elapsed share included), but by at least one day so the first minutes of a period do not
 *      extrapolate a handful of requests into a huge forecast.
 *   3. "period_ended": now is at or after the period end; the projection is simply spentSoFar.
 * Remaining time = the unelapsed share of today (today's real length, so 23/25-hour DST days count as one
 * day) plus the whole days after today through periodEnd. Negative inputs (refunds) never make the rate
 * or the projection negative.
 */
import { Decimal, ZERO, dec, toAmountString, toStorage } from "@/lib/money/decimal";
import { addDays, diffDays, toEpochDay, type CalendarDate } from "@/lib/time/calendar";
import { toZonedDate, zonedDayStart } from "@/lib/time/tz";

export type ForecastMethod = "trailing_mean" | "period_to_date_mean" | "period_ended";

export interface DailySpend {
  date: CalendarDate;
  /** Decimal string (USD). */
  cost: string;
}

export interface ForecastInput {
  /** Spend from periodStart up to now (decimal string, includes today's partial spend). */
  spentSoFar: string;
  /** Recent complete local days; rows for today or later are ignored, repeated dates are summed. */
  dailySpend: readonly DailySpend[];
  /** First calendar day of the period (local, inclusive). */
  periodStart: CalendarDate;
  /** Last calendar day of the period (local, inclusive). */
  periodEnd: CalendarDate;
  now: Date;
  tz: string;
  /** Trailing window for the run-rate, in days (default 7). */
  windowDays?: number;
}

export interface Forecast {
  /** Projected spend at period end, USD decimal string. */
  projected: string;
  runRatePerDay: string;
  method: ForecastMethod;
  /** Remaining days in the period as a decimal string (fractional: includes the rest of today). */
  daysRemaining: string;
  /** Days the run-rate averages over (decimal string; fractional for period_to_date_mean). */
  rateBasisDays: string;
}

/** A ratio kept as numerator/denominator so the projection needs a single division. */
interface Ratio {
  num: Decimal;
  den: Decimal;
}

const DEFAULT_WINDOW_DAYS = 7;

function maxZero(d: Decimal): Decimal {
  return d.isNegative() ? ZERO : d;
}

function days(r: Ratio): string {
  return r.num.div(r.den).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed();
}

export function forecastPeriodEnd(input: ForecastInput): Forecast {
  const { now, tz, periodStart, periodEnd } = input;
  const windowDays = input.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError(`windowDays must be a positive integer`);
  if (toEpochDay(periodEnd) < toEpochDay(periodStart)) throw new RangeError(`Period ends before it starts`);
  const spent = dec(input.spentSoFar);

  const startMs = zonedDayStart(periodStart, tz).getTime();
  const endMs = zonedDayStart(addDays(periodEnd, 1), tz).getTime();
  const nowMs = now.getTime();
  const today = toZonedDate(now, tz);

  // Remaining and elapsed time in days, as exact ratios of milliseconds.
  let remaining: Ratio;
  let elapsed: Ratio;
  if (nowMs >= endMs) {
    remaining = { num: ZERO, den: dec(1) };
    elapsed = { num: dec(diffDays(periodStart, periodEnd) + 1), den: dec(1) };
  } else if (nowMs < startMs) {
    remaining = { num: dec(diffDays(periodStart, periodEnd) + 1), den: dec(1) };
    elapsed = { num: ZERO, den: dec(1) };
  } else {
    const dayStart = zonedDayStart(today, tz).getTime();
    const dayLen = zonedDayStart(addDays(today, 1), tz).getTime() - dayStart;
    const wholeAfterToday = diffDays(today, periodEnd);
    const wholeBeforeToday = diffDays(periodStart, today);
    remaining = { num: dec(wholeAfterToday).times(dayLen).plus(dayLen - (nowMs - dayStart)), den: dec(dayLen) };
    elapsed = { num: dec(wholeBeforeToday).times(dayLen).plus(nowMs - dayStart), den: dec(dayLen) };
  }

  // Run-rate per day = total / basis days.
  const byDate = new Map<CalendarDate, Decimal>();
  for (const row of input.dailySpend) {
    if (toEpochDay(row.date) >= toEpochDay(today)) continue; // today is partial, later rows are noise
    byDate.set(row.date, (byDate.get(row.date) ?? ZERO).plus(dec(row.cost)));
  }
  const window: CalendarDate[] = [];
  for (let i = windowDays; i >= 1; i--) window.push(addDays(today, -i));

  let method: ForecastMethod;
  let total: Decimal;
  let basis: Ratio;
  if (nowMs >= endMs) {
    method = "period_ended";
    total = spent;
    basis = elapsed;
  } else if (window.every((d) => byDate.has(d))) {
    method = "trailing_mean";
    total = window.reduce((acc, d) => acc.plus(byDate.get(d) as Decimal), ZERO);
    basis = { num: dec(windowDays), den: dec(1) };
  } else {
    method = "period_to_date_mean";
    total = spent;
    basis = elapsed.num.lt(elapsed.den) ? { num: dec(1), den: dec(1) } : elapsed; // at least one day
  }
  total = maxZero(total);

  // projected = spent + (total / basis) × remaining, with a single division.
  const projected = maxZero(
    spent.plus(total.times(basis.den).times(remaining.num).div(basis.num.times(remaining.den))),
  );

  return {
    projected: toAmountString(toStorage(projected)) as string,
    runRatePerDay: toAmountString(toStorage(total.times(basis.den).div(basis.num))) as string,
    method,
    daysRemaining: days(remaining),
    rateBasisDays: days(basis),
  };
}

export interface LinearTrend {
  /** Change in daily spend per day (USD/day², decimal string; may be negative). */
  slopePerDay: string;
  /** Fitted daily spend on the last date of the series (decimal string). */
  fittedLast: string;
  points: number;
}

/**
 * Least-squares line through daily spend (x = day number), computed exactly. Informational, e.g. for a
 * "spend is accelerating" hint; the forecast itself uses the run-rate above. Null with fewer than 2 days.
 */
export function linearTrend(daily: readonly DailySpend[]): LinearTrend | null {
  const byDate = new Map<number, Decimal>();
  for (const row of daily) {
    const x = toEpochDay(row.date);
    byDate.set(x, (byDate.get(x) ?? ZERO).plus(dec(row.cost)));
  }
  if (byDate.size < 2) return null;
  const xs = [...byDate.keys()].sort((a, b) => a - b);
  const n = dec(xs.length);
  const x0 = xs[0]; // shift x to keep numbers small; slope is unaffected
  let sx = ZERO, sy = ZERO, sxx = ZERO, sxy = ZERO;
  for (const x of xs) {
    const dx = dec(x - x0);
    const y = byDate.get(x) as Decimal;
    sx = sx.plus(dx);
    sy = sy.plus(y);
    sxx = sxx.plus(dx.times(dx));
    sxy = sxy.plus(dx.times(y));
  }
  const slope = n.times(sxy).minus(sx.times(sy)).div(n.times(sxx).minus(sx.times(sx)));
  const intercept = sy.minus(slope.times(sx)).div(n);
  const fittedLast = intercept.plus(slope.times(xs[xs.length - 1] - x0));
  return {
    slopePerDay: toAmountString(toStorage(slope)) as string,
    fittedLast: toAmountString(toStorage(fittedLast)) as string,
    points: xs.length,
  };
}
