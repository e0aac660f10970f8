/**
 * Pure calendar-date arithmetic on "YYYY-MM-DD" strings. No time zones here: a calendar date is a label,
 * and day arithmetic on labels is done on a proleptic-Gregorian day count so DST can never shift a date.
 */

/** A calendar date "YYYY-MM-DD" (4-digit year). */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

function utcMidnightMs(year: number, month: number, day: number): number {
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Parses and validates a calendar date; throws RangeError for malformed or impossible dates (2026-02-30). */
export function parseCalendarDate(date: CalendarDate): DateParts {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Invalid calendar date "${date}" (expected YYYY-MM-DD)`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Invalid calendar date "${date}"`);
  }
  return { year, month, day };
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== "string") return false;
  try {
    parseCalendarDate(value);
    return true;
  } catch {
    return false;
  }
}

export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(date: CalendarDate): number {
  const { year, month, day } = parseCalendarDate(date);
  return Math.round(utcMidnightMs(year, month, day) / DAY_MS);
}

export function fromEpochDay(epochDay: number): CalendarDate {
  const d = new Date(epochDay * DAY_MS);
  return formatCalendarDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs an integer, got ${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function diffDays(from: CalendarDate, to: CalendarDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Every date from `from` to `to`, both inclusive; empty when `to` is before `from`. */
export function listDays(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const a = toEpochDay(from);
  const b = toEpochDay(to);
  const out: CalendarDate[] = [];
  for (let d = a; d <= b; d++) out.push(fromEpochDay(d));
  return out;
}

/** ISO weekday: Monday = 1 ... Sunday = 7. */
export function isoWeekday(date: CalendarDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/** ISO-8601 week-numbering year and week (1-53) of a date; the week belongs to the year of its Thursday. */
export function isoWeek(date: CalendarDate): { isoYear: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const { year } = parseCalendarDate(thursday);
  const dayOfYear = diffDays(formatCalendarDate(year, 1, 1), thursday) + 1;
  return { isoYear: year, week: Math.floor((dayOfYear - 1) / 7) + 1 };
}

/** Monday of ISO week `week` of `isoYear` (week 1 is the week containing January 4th). */
export function isoWeekStart(isoYear: number, week: number): CalendarDate {
  const jan4 = formatCalendarDate(isoYear, 1, 4);
  return addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
}

/** Number of ISO weeks (52 or 53) in an ISO week-numbering year. */
export function isoWeeksInYear(isoYear: number): number {
  return isoWeek(formatCalendarDate(isoYear, 12, 28)).week;
}

export function firstOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = parseCalendarDate(date);
  return formatCalendarDate(year, month, 1);
}

export function lastOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = parseCalendarDate(date);
  return formatCalendarDate(year, month, daysInMonth(year, month));
}

/** Quarter 1-4 of a month 1-12. */
export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

export function firstOfQuarter(date: CalendarDate): CalendarDate {
  const { year, month } = parseCalendarDate(date);
  return formatCalendarDate(year, (quarterOf(month) - 1) * 3 + 1, 1);
}

export function lastOfQuarter(date: CalendarDate): CalendarDate {
  const { year, month } = parseCalendarDate(date);
  const lastMonth = quarterOf(month) * 3;
  return formatCalendarDate(year, lastMonth, daysInMonth(year, lastMonth));
}
