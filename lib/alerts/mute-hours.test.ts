import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { muteUntilFromHours } from "./mute-hours";

const NOW = new Date("2026-11-01T09:00:00Z");

describe("muteUntilFromHours (muteRuleAction)", () => {
  it.each([
    [1, "2026-11-01T10:00:00.000Z"],
    [0.5, "2026-11-01T09:30:00.000Z"],
    [null, null],
  ])("%j hours -> %j", (hours, until) => {
    expect(muteUntilFromHours(hours, NOW)).toBe(until);
  });

  it.each([[NaN], [Infinity], [-Infinity], [-1], [0], [1e9], ["3"], [undefined], [{}]])("%j is a 400 naming hours", (hours) => {
    let err: unknown;
    try {
      muteUntilFromHours(hours, NOW);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).extra.invalidFields?.[0].path).toBe("hours");
  });
});
