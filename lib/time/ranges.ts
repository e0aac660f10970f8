/**
 * Dashboard date-range presets, resolved to inclusive calendar dates in the organization's time zone.
 * Rolling presets ("last7" ...) include today, so "last7" is today and the six days before it; the
 * period-to-date presets run from the period's first day through today.
 */
import {
  addDays,
  diffDays,
  firstOfMonth,
  firstOfQuarter,
  formatCalendarDate,
  parseCalendarDate,
  type CalendarDate,
} from "./calendar";
import { todayIn } from "./tz";

export const RANGE_PRESETS = ["today", "yesterday", "last7", "last30", "last90", "mtd", "prev_month", "qtd", "ytd"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Inclusive calendar-date range. */
export interface DateRange {
  from: CalendarDate;
  to: CalendarDate;
}

export function isRangePreset(value: unknown): value is RangePreset {
  return typeof value === "string" && (RANGE_PRESETS as readonly string[]).includes(value);
}

/** The {from, to} calendar dates a preset means at `now` in `tz`. */
export function presetRange(preset: RangePreset, tz: string, now: Date = new Date()): DateRange {
  const today = todayIn(tz, now);
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday": {
      const y = addDays(today, -1);
      return { from: y, to: y };
    }
    case "last7":
      return { from: addDays(today, -6), to: today };
    case "last30":
      return { from: addDays(today, -29), to: today };
    case "last90":
      return { from: addDays(today, -89), to: today };
    case "mtd":
      return { from: firstOfMonth(today), to: today };
    case "prev_month": {
      const end = addDays(firstOfMonth(today), -1);
      return { from: firstOfMonth(end), to: end };
    }
    case "qtd":
      return { from: firstOfQuarter(today), to: today };
    case "ytd":
      return { from: formatCalendarDate(parseCalendarDate(today).year, 1, 1), to: today };
  }
}

/** Number of calendar days in an inclusive range (a 23-hour DST day still counts as one). */
export function rangeLengthDays(range: DateRange): number {
  const n = diffDays(range.from, range.to) + 1;
  if (n < 1) throw new RangeError(`Date range ends (${range.to}) before it starts (${range.from})`);
  return n;
}

/**
 * The comparison range: same number of days, ending the day before `range.from`. Deliberately day-based,
 * not month-based: "mtd" on the 10th compares with the 10 days before it, which is like-for-like length.
 */
export function previousPeriod(range: DateRange): DateRange {
  const n = rangeLengthDays(range);
  return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
}
