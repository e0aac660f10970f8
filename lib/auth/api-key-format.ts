import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API keys look like `ss_<8-char public prefix>_<secret>`. The prefix is stored in clear to find the key and to
 * show it in lists; only the sha256 of the whole key is stored.
 */
export const KEY_SCOPES = ["ingest", "read"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

const KEY_RE = /^(ss_[a-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `ss_${randomBytes(6).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "").padEnd(8, "0").slice(0, 8)}`;
  const secret = randomBytes(24).toString("base64url");
  const key = `${prefix}_${secret}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = KEY_RE.exec(key.trim());
  return m ? { prefix: m[1] } : null;
}

export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key.trim()), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
