import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

describe("TokenBucketLimiter", () => {
  it("allows a minute's burst, then refills at the steady rate", () => {
    let t = 0;
    const l = new TokenBucketLimiter(3, () => t);
    expect([l.take("k"), l.take("k"), l.take("k")].map((r) => r.ok)).toEqual([true, true, true]);
    const denied = l.take("k");
    expect(denied).toEqual({ ok: false, retryAfterSeconds: 20 }); // 3/min = one every 20 s
    t += 19_000;
    expect(l.take("k").ok).toBe(false);
    t += 1_000;
    expect(l.take("k").ok).toBe(true);
    expect(l.take("k").ok).toBe(false);
  });

  it("keeps keys apart", () => {
    const l = new TokenBucketLimiter(1, () => 0);
    expect(l.take("a").ok).toBe(true);
    expect(l.take("a").ok).toBe(false);
    expect(l.take("b").ok).toBe(true);
  });

  it("never stores more than a minute of allowance, and forgets the least recently used keys", () => {
    let t = 0;
    const l = new TokenBucketLimiter(2, () => t, 2);
    l.take("a");
    t += 3_600_000;
    expect([l.take("a"), l.take("a"), l.take("a")].map((r) => r.ok)).toEqual([true, true, false]);
    l.take("b");
    l.take("c"); // evicts "a": a fresh bucket
    expect(l.take("a").ok).toBe(true);
  });

  it.each([0, -1, Number.NaN])("rejects a limit of %s", (n) => {
    expect(() => new TokenBucketLimiter(n)).toThrow(RangeError);
  });
});
