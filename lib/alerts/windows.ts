/**
 * Rolling windows over the hourly rollup (UTC hours). "The last N hours" is the current, partial hour and the
 * N-1 before it, so a burst counts as soon as it is ingested.
 */
const HOUR_MS = 3_600_000;

export function floorHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
}

/** [start of the (N-1)th hour before the current one, end of the current hour). */
export function lastHours(now: Date, hours: number): { from: Date; to: Date } {
  if (!Number.isInteger(hours) || hours < 1) throw new RangeError(`hours must be a positive integer, got ${hours}`);
  const to = new Date(floorHour(now).getTime() + HOUR_MS);
  return { from: new Date(to.getTime() - hours * HOUR_MS), to };
}

/** The lookback before a window: [from - hours, from). */
export function hoursBefore(from: Date, hours: number): { from: Date; to: Date } {
  return { from: new Date(from.getTime() - hours * HOUR_MS), to: from };
}
