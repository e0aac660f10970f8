import { describe, expect, it } from "vitest";
import { deriveSealingKey, generateWebhookSecret, openWebhookSecret, sealWebhookSecret } from "./webhook-secret";

const KEY = deriveSealingKey("spendscope-test-secret-0123456789");
const OTHER = deriveSealingKey("another-server-secret-0123456789ab");
const RULE = "6f0c1b2a-0000-4000-8000-000000000001";

describe("webhook secrets", () => {
  it("generates whsec_ + 43 base64url characters (32 bytes), different each time", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it("derives a fixed 32-byte key from the server secret", () => {
    expect(KEY).toHaveLength(32);
    expect(deriveSealingKey("spendscope-test-secret-0123456789").equals(KEY)).toBe(true);
    expect(OTHER.equals(KEY)).toBe(false);
  });

  it("seals without revealing the secret and opens it again", () => {
    const secret = generateWebhookSecret();
    const sealed = sealWebhookSecret(secret, KEY, RULE);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealWebhookSecret(secret, KEY, RULE)).not.toBe(sealed); // fresh IV each time
    expect(openWebhookSecret(sealed, KEY, RULE)).toBe(secret);
  });

  const sealed = sealWebhookSecret("whsec_fixed", KEY, RULE);
  const [v, iv, body] = sealed.split(".");
  const flipped = body.slice(0, 5) + (body[5] === "A" ? "B" : "A") + body.slice(6);
  it.each([
    ["another server secret", sealed, OTHER, RULE],
    ["another rule (copied row)", sealed, KEY, "6f0c1b2a-0000-4000-8000-000000000002"],
    ["tampered ciphertext", `${v}.${iv}.${flipped}`, KEY, RULE],
    ["unknown version", `v9.${iv}.${body}`, KEY, RULE],
    ["short iv", `v1.AAAA.${body}`, KEY, RULE],
    ["not sealed at all", "whsec_plain", KEY, RULE],
    ["empty", "", KEY, RULE],
  ])("does not open with %s (null, no exception)", (_n, value, key, rule) => {
    expect(openWebhookSecret(value, key, rule)).toBeNull();
  });
});
