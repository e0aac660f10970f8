/**
 * Which weekly digest is due, in the organization's zone. Pure.
 *
 * Invariant: a digest covers one local Monday-Sunday week [weekStart, weekEnd] (calendar dates in `tz`) and
 * becomes due at SEND_HOUR on the local Monday after it; it stays the due week until the next Monday's send
 * time (so a worker that was down on Monday catches up later that week, never with an older week). Before
 * Monday SEND_HOUR nothing new is due. The instants are found from the wall clock, so a week that contains a
 * DST change is 167 or 169 hours long and the send time stays 08:00 local; half-hour and 45-minute zones work
 * the same way. The week's identity is its Monday date: the exactly-once key.
 */
import { addDays, isoWeekday, toEpochDay, type CalendarDate } from "@/lib/time/calendar";
import { dayRangeToInstants, toZonedDate, tzOffsetMinutes } from "@/lib/time/tz";

/** Local hour on Monday at which the previous week's digest goes out. */
export const SEND_HOUR = 8;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface DigestWeek {
  /** Monday (local calendar date): the week's key. */
  weekStart: CalendarDate;
  /** Sunday (inclusive). */
  weekEnd: CalendarDate;
  /** [start, endExclusive) instants of the week in the zone. */
  start: Date;
  endExclusive: Date;
  /** The Monday before, for the comparison week. */
  previousStart: Date;
  /** When this week's digest became due (Monday after, SEND_HOUR local). */
  sendAt: Date;
}

/**
 * The instant the wall clock in `tz` shows `hour`:00 on `date`. In a DST gap (the hour does not exist) the
 * instant after the gap; in a repeated hour the first one.
 */
export function zonedTime(date: CalendarDate, hour: number, tz: string): Date {
  const wall = toEpochDay(date) * DAY_MS + hour * HOUR_MS; // wall clock encoded as if UTC
  const off = (t: number) => tzOffsetMinutes(new Date(t), tz) * 60_000;
  // Offsets in force around the day plus one refinement; a candidate is valid when the clock shows `wall` there.
  const candidates = new Set([wall - off(wall - DAY_MS), wall - off(wall), wall - off(wall + DAY_MS)]);
  candidates.add(wall - off(wall - off(wall)));
  const valid = [...candidates].filter((t) => t + off(t) === wall);
  return new Date(valid.length ? Math.min(...valid) : Math.max(...candidates));
}

/** The local week (Monday-Sunday) that starts on `monday`. */
export function digestWeek(monday: CalendarDate, tz: string): DigestWeek {
  if (isoWeekday(monday) !== 1) throw new RangeError(`${monday} is not a Monday`);
  const weekEnd = addDays(monday, 6);
  const { start, endExclusive } = dayRangeToInstants(monday, weekEnd, tz);
  return {
    weekStart: monday,
    weekEnd,
    start,
    endExclusive,
    previousStart: dayRangeToInstants(addDays(monday, -7), addDays(monday, -7), tz).start,
    sendAt: zonedTime(addDays(monday, 7), SEND_HOUR, tz),
  };
}

/** The most recent week whose send time has passed at `now` (due or already sent). */
export function latestDueWeek(now: Date, tz: string): DigestWeek {
  const today = toZonedDate(now, tz);
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const last = digestWeek(addDays(thisMonday, -7), tz);
  return now.getTime() >= last.sendAt.getTime() ? last : digestWeek(addDays(thisMonday, -14), tz);
}

/**
 * The week to send at `now`, or null before this Monday's send time. A subscription made after a week's send
 * time waits for the next week (subscribing on Wednesday does not mail last week's digest at once).
 */
export function dueWeek(now: Date, tz: string, subscribedAt?: Date): DigestWeek | null {
  const today = toZonedDate(now, tz);
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const week = digestWeek(addDays(thisMonday, -7), tz);
  if (now.getTime() < week.sendAt.getTime()) return null;
  if (subscribedAt && subscribedAt.getTime() > week.sendAt.getTime()) return null;
  return week;
}
