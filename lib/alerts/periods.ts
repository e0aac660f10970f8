/**
 * Calendar budget periods in the organization's time zone. A period is a run of whole local calendar
 * days (a month is a calendar month, never 30 days), so its instant length varies with DST; `days`
 * counts calendar days. Keys are stable, sortable labels used in alert claim keys:
 *   day "2026-11-25", week "2026-W48" (ISO 8601, Monday start, week-numbering year), month "2026-11",
 *   quarter "2026-Q4".
 */
import {
  addDays,
  diffDays,
  firstOfMonth,
  firstOfQuarter,
  formatCalendarDate,
  isoWeek,
  isoWeekStart,
  isoWeekday,
  isoWeeksInYear,
  lastOfMonth,
  lastOfQuarter,
  parseCalendarDate,
  quarterOf,
  type CalendarDate,
} from "@/lib/time/calendar";
import { dayRangeToInstants, toZonedDate } from "@/lib/time/tz";

export const PERIOD_KINDS = ["day", "week", "month", "quarter"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface PeriodOptions {
  /** Weeks are ISO weeks starting Monday; the only supported value, kept explicit for callers. */
  weekStartsOn?: 1;
}

export interface Period {
  kind: PeriodKind;
  key: string;
  timeZone: string;
  /** First instant of the period (local midnight of startDate, or the first instant after a DST gap). */
  start: Date;
  endExclusive: Date;
  startDate: CalendarDate;
  /** Last calendar day of the period (inclusive). */
  endDate: CalendarDate;
  /** Calendar days in the period (28-31 for a month, 7 for a week). */
  days: number;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function buildPeriod(kind: PeriodKind, key: string, startDate: CalendarDate, endDate: CalendarDate, tz: string): Period {
  const { start, endExclusive } = dayRangeToInstants(startDate, endDate, tz);
  return { kind, key, timeZone: tz, start, endExclusive, startDate, endDate, days: diffDays(startDate, endDate) + 1 };
}

/** The period of `kind` that contains local calendar date `date`. */
export function periodForDate(kind: PeriodKind, date: CalendarDate, tz: string, _opts: PeriodOptions = {}): Period {
  const { year, month } = parseCalendarDate(date);
  switch (kind) {
    case "day":
      return buildPeriod(kind, date, date, date, tz);
    case "week": {
      const { isoYear, week } = isoWeek(date);
      const monday = addDays(date, 1 - isoWeekday(date));
      return buildPeriod(kind, `${isoYear}-W${pad2(week)}`, monday, addDays(monday, 6), tz);
    }
    case "month":
      return buildPeriod(kind, `${year}-${pad2(month)}`, firstOfMonth(date), lastOfMonth(date), tz);
    case "quarter":
      return buildPeriod(kind, `${year}-Q${quarterOf(month)}`, firstOfQuarter(date), lastOfQuarter(date), tz);
  }
}

/** The period of `kind` containing `instant`, judged by the local calendar date in `tz`. */
export function periodFor(kind: PeriodKind, instant: Date, tz: string, opts: PeriodOptions = {}): Period {
  return periodForDate(kind, toZonedDate(instant, tz), tz, opts);
}

const KEY_PATTERNS: Record<PeriodKind, RegExp> = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
};

/** Inverse of `period.key`: rebuilds the period from its key; throws RangeError on malformed keys. */
export function periodFromKey(kind: PeriodKind, key: string, tz: string): Period {
  const m = KEY_PATTERNS[kind].exec(key);
  if (!m) throw new RangeError(`Invalid ${kind} period key "${key}"`);
  const year = Number(m[1]);
  switch (kind) {
    case "day":
      return periodForDate(kind, key, tz); // parseCalendarDate rejects 2026-02-30
    case "week": {
      const week = Number(m[2]);
      if (week < 1 || week > isoWeeksInYear(year)) throw new RangeError(`Invalid week period key "${key}"`);
      return periodForDate(kind, isoWeekStart(year, week), tz);
    }
    case "month": {
      const month = Number(m[2]);
      if (month < 1 || month > 12) throw new RangeError(`Invalid month period key "${key}"`);
      return periodForDate(kind, formatCalendarDate(year, month, 1), tz);
    }
    case "quarter":
      return periodForDate(kind, formatCalendarDate(year, (Number(m[2]) - 1) * 3 + 1, 1), tz);
  }
}

/** The period right after `period` (same kind and time zone). */
export function nextPeriod(period: Period): Period {
  return periodForDate(period.kind, addDays(period.endDate, 1), period.timeZone);
}

/** The period right before `period` (same kind and time zone). */
export function previousPeriod(period: Period): Period {
  return periodForDate(period.kind, addDays(period.startDate, -1), period.timeZone);
}

/**
 * Share of the period's wall time that has passed at `now`, clamped to [0, 1]. Instant-based, so the
 * 23-hour spring-forward day weighs less than a 25-hour one; use calendar days when that matters.
 */
export function elapsedFraction(period: Pick<Period, "start" | "endExclusive">, now: Date): number {
  const total = period.endExclusive.getTime() - period.start.getTime();
  if (total <= 0) return 1;
  const done = now.getTime() - period.start.getTime();
  return Math.min(1, Math.max(0, done / total));
}

/** True when `instant` lies in [period.start, period.endExclusive). */
export function periodContains(period: Pick<Period, "start" | "endExclusive">, instant: Date): boolean {
  const t = instant.getTime();
  return t >= period.start.getTime() && t < period.endExclusive.getTime();
}
