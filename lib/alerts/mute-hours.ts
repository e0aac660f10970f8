import { z } from "zod";
import { parseInput } from "@/lib/api/zod-fields";

/** Longest mute the alerts page offers: one year. */
export const MAX_MUTE_HOURS = 24 * 366;

const MuteHours = z.strictObject({
  hours: z
    .number({ error: "must be a number of hours" })
    .positive("must be more than 0")
    .max(MAX_MUTE_HOURS, `must be at most ${MAX_MUTE_HOURS} (one year)`)
    .nullable(),
});

/**
 * "Mute for N hours" -> the ISO end of the mute (null: unmute). Any client value that is not a positive finite
 * number of hours up to a year (NaN, Infinity, a string) is a 400 naming `hours`, never a RangeError.
 */
export function muteUntilFromHours(hours: unknown, now: Date = new Date()): string | null {
  const { hours: h } = parseInput(MuteHours, { hours });
  return h === null ? null : new Date(now.getTime() + h * 3_600_000).toISOString();
}
