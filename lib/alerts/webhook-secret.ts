/**
 * Webhook signing secrets: generated server-side, shown once, stored sealed so the sender can sign with them.
 *
 * Why sealed and not hashed: the sender needs the secret itself to compute each HMAC, so a one-way hash (as for
 * API keys) cannot work. The row holds `v1.<iv>.<ciphertext+tag>` (base64url), AES-256-GCM under a key derived
 * with HKDF-SHA256 from NEXTAUTH_SECRET (info "spendscope webhook secret v1"), and the rule id as additional
 * data, so a sealed value copied onto another rule does not open. A database dump alone does not reveal secrets.
 *
 * Invariants:
 *  - A secret is `whsec_` + 32 random bytes in base64url (256 bits).
 *  - openWebhookSecret(seal(s, key, rule), key, rule) === s; any other key, rule or a tampered value gives null
 *    (never an exception), which the sender reports as a permanent failure asking for a rotation.
 *  - Changing NEXTAUTH_SECRET makes every stored secret unreadable: rotate each rule's secret afterwards.
 * Pure except for randomness; the key material is passed in (webhookSecretKey() reads it from the environment).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const PREFIX = "v1";
const INFO = "spendscope webhook secret v1";

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The 32-byte sealing key derived from a server secret. */
export function deriveSealingKey(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(serverSecret, "utf8"), Buffer.alloc(0), INFO, 32));
}

export function sealWebhookSecret(secret: string, key: Buffer, ruleId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(ruleId, "utf8"));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

export function openWebhookSecret(sealed: string, key: Buffer, ruleId: string): string | null {
  const parts = sealed.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  try {
    const iv = Buffer.from(parts[1], "base64url");
    const body = Buffer.from(parts[2], "base64url");
    if (iv.length !== 12 || body.length < 17) return null;
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(ruleId, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** The sealing key of this deployment (NEXTAUTH_SECRET, which `npm start` and the CLI always set). */
export function webhookSecretKey(): Buffer {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: webhook signing secrets cannot be sealed or opened");
  return deriveSealingKey(secret);
}

/** A fresh secret for a rule and its sealed form (the row gets `sealed`; the caller shows `secret` once). */
export function issueWebhookSecret(ruleId: string): { secret: string; sealed: string } {
  const secret = generateWebhookSecret();
  return { secret, sealed: sealWebhookSecret(secret, webhookSecretKey(), ruleId) };
}
