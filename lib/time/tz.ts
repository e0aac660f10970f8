/**
 * Time-zone math with nothing but Intl. The only primitive is "what does the wall clock in `tz` show at
 * this instant" (Intl.DateTimeFormat#formatToParts); offsets, day starts and date labels are derived
 * from it. Works for any IANA zone the runtime's ICU knows, including :30/:45 offsets, 23/25-hour DST
 * days and days that start inside a DST gap (midnight skipped) or are skipped entirely.
 */
import { addDays, fromEpochDay, toEpochDay, type CalendarDate } from "./calendar";

export { addDays, diffDays, listDays, isCalendarDate, type CalendarDate } from "./calendar";

const SECOND_MS = 1_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Real offsets stay within ±15h (historic LMT of e.g. Asia/Manila reached -15:56); 16h bounds any search. */
const MAX_OFFSET_MS = 16 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for unknown zones, which is what callers should see.
    f = new Intl.DateTimeFormat("en-US-u-ca-gregory-nu-latn", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is a time zone the runtime accepts (IANA names such as "Europe/Berlin", "UTC"). */
export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.trim() === "") return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock time in `tz` at `ms`, encoded as if it were a UTC timestamp (whole seconds). */
function wallMs(ms: number, tz: string): number {
  let y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0;
  for (const p of formatterFor(tz).formatToParts(new Date(ms))) {
    switch (p.type) {
      case "year": y = Number(p.value); break;
      case "month": mo = Number(p.value); break;
      case "day": d = Number(p.value); break;
      case "hour": h = Number(p.value) % 24; break; // some ICU builds print "24" at midnight
      case "minute": mi = Number(p.value); break;
      case "second": s = Number(p.value); break;
    }
  }
  const out = new Date(0);
  out.setUTCFullYear(y, mo - 1, d);
  out.setUTCHours(h, mi, s, 0);
  return out.getTime();
}

/** Offset of `tz` from UTC at `ms`, in milliseconds (local = UTC + offset). */
function offsetMs(ms: number, tz: string): number {
  const floored = Math.floor(ms / SECOND_MS) * SECOND_MS; // Intl drops milliseconds
  return wallMs(floored, tz) - floored;
}

/** Offset of `tz` from UTC at `instant`, in minutes (e.g. 330 for Asia/Kolkata, -240 for New York in summer). */
export function tzOffsetMinutes(instant: Date, tz: string): number {
  return offsetMs(instant.getTime(), tz) / 60_000;
}

/** The calendar date ("YYYY-MM-DD") that the wall clock in `tz` shows at `instant`. */
export function toZonedDate(instant: Date, tz: string): CalendarDate {
  return fromEpochDay(Math.floor(wallMs(instant.getTime(), tz) / DAY_MS));
}

/** Today's calendar date in `tz`. */
export function todayIn(tz: string, now: Date = new Date()): CalendarDate {
  return toZonedDate(now, tz);
}

const dayStartCache = new Map<string, number>();
const DAY_START_CACHE_MAX = 20_000;

/**
 * The UTC instant at which calendar day `date` begins in `tz`: the earliest instant whose local date is
 * `date`. Usually local midnight; when midnight falls in a DST gap it is the first instant after the gap
 * (e.g. 01:00 local); when the whole day is skipped (Pacific/Apia 2011-12-30) it equals the next day's
 * start, so that day has zero length.
 */
export function zonedDayStart(date: CalendarDate, tz: string): Date {
  const cacheKey = `${tz}|${date}`;
  const cached = dayStartCache.get(cacheKey);
  if (cached !== undefined) return new Date(cached);

  const localMidnight = toEpochDay(date) * DAY_MS; // wall-clock midnight encoded as UTC
  // Candidate offsets: those in force around the day, plus one refinement step from midnight's guess.
  const offsets = new Set<number>([
    offsetMs(localMidnight - DAY_MS, tz),
    offsetMs(localMidnight, tz),
    offsetMs(localMidnight + DAY_MS, tz),
  ]);
  offsets.add(offsetMs(localMidnight - offsetMs(localMidnight, tz), tz));

  let best: number | undefined;
  for (const off of offsets) {
    const candidate = localMidnight - off;
    // Valid when the wall clock really shows midnight of `date` at that instant. In a repeated hour two
    // candidates are valid; the earlier one is where the day starts.
    if (wallMs(candidate, tz) === localMidnight && (best === undefined || candidate < best)) best = candidate;
  }
  if (best === undefined) best = firstInstantOnOrAfter(date, localMidnight, tz);

  if (dayStartCache.size >= DAY_START_CACHE_MAX) dayStartCache.clear();
  dayStartCache.set(cacheKey, best);
  return new Date(best);
}

/** Midnight does not exist (DST gap): binary-search, to the second, the first instant whose local date >= date. */
function firstInstantOnOrAfter(date: CalendarDate, localMidnight: number, tz: string): number {
  let lo = Math.floor((localMidnight - MAX_OFFSET_MS) / SECOND_MS); // local date certainly < date
  let hi = Math.floor((localMidnight + MAX_OFFSET_MS) / SECOND_MS); // local date certainly >= date
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid * SECOND_MS, tz) >= localMidnight) hi = mid;
    else lo = mid;
  }
  return hi * SECOND_MS;
}

/**
 * Inclusive calendar dates [from, to] in `tz` as a half-open instant range [start, endExclusive):
 * exactly what a `timestamp >= start AND timestamp < endExclusive` query needs.
 */
export function dayRangeToInstants(
  from: CalendarDate,
  to: CalendarDate,
  tz: string,
): { start: Date; endExclusive: Date } {
  if (toEpochDay(to) < toEpochDay(from)) throw new RangeError(`Date range ends (${to}) before it starts (${from})`);
  return { start: zonedDayStart(from, tz), endExclusive: zonedDayStart(addDays(to, 1), tz) };
}

/** [start, endExclusive) of the local calendar day containing `instant`. */
export function zonedDayBounds(instant: Date, tz: string): { date: CalendarDate; start: Date; endExclusive: Date } {
  const date = toZonedDate(instant, tz);
  return { date, ...dayRangeToInstants(date, date, tz) };
}

/**
 * True when every UTC offset `tz` uses during [start, end) is a whole number of hours, i.e. hourly UTC
 * rollups can be regrouped into local days exactly. Probes the start, every 24h after it and the last
 * second of the range: real zones never change offset twice within 24 hours, so every offset in force
 * during the range is seen. Australia/Lord_Howe (+10:30/+11) is false over a year but true inside one
 * summer; Asia/Kolkata is always false; an empty range is vacuously true.
 */
export function hasWholeHourOffsets(tz: string, start: Date, end: Date): boolean {
  const a = start.getTime();
  const b = end.getTime();
  if (!(b > a)) {
    formatterFor(tz); // still reject unknown zones
    return true;
  }
  for (let t = a; t < b; t += DAY_MS) {
    if (offsetMs(t, tz) % HOUR_MS !== 0) return false;
  }
  return offsetMs(b - 1, tz) % HOUR_MS === 0;
}
