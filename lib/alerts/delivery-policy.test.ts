import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, decideAfterFailure, isPermanentHttpStatus, isPermanentSmtpError, retryDelayMs } from "./delivery-policy";

describe("retryDelayMs", () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [7, 1_920_000],
    [8, 3_600_000], // 3 840 000 capped at an hour
    [30, 3_600_000],
    [1000, 3_600_000],
    [0, 30_000], // defensive: treated as the first attempt
  ])("after %i failed attempt(s) waits %i ms", (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms);
  });
});

describe("decideAfterFailure", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it.each([
    [1, false, "pending", "2026-11-25T12:00:30.000Z"],
    [MAX_ATTEMPTS - 1, false, "pending", "2026-11-25T13:00:00.000Z"],
    [MAX_ATTEMPTS, false, "failed", "2026-11-25T13:00:00.000Z"],
    [1, true, "failed", "2026-11-25T12:00:30.000Z"],
  ] as const)("attempt %i, permanent %s -> %s", (attempts, permanent, status, next) => {
    const d = decideAfterFailure(attempts, permanent, now);
    expect(d.status).toBe(status);
    expect(d.nextAttemptAt.toISOString()).toBe(next);
  });
});

describe("error classification", () => {
  it.each([
    [{ responseCode: 550 }, true],
    [{ responseCode: 554 }, true],
    [{ responseCode: 451 }, false],
    [{ responseCode: 421 }, false],
    [{ code: "ECONNREFUSED" }, false],
    [new Error("socket hang up"), false],
    [null, false],
  ])("SMTP %j permanent: %s", (err, permanent) => {
    expect(isPermanentSmtpError(err)).toBe(permanent);
  });

  it.each([
    [400, true],
    [404, true],
    [410, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
  ])("HTTP %i permanent: %s", (status, permanent) => {
    expect(isPermanentHttpStatus(status)).toBe(permanent);
  });
});
