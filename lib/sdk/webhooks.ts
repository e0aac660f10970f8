/**
 * Signed alert webhooks: the signature Spendscope puts on every webhook POST, and its verification for receivers.
 * Pure (no I/O); Web Crypto only (`crypto.subtle`: Node 20+, browsers, edge runtimes), like the rest of the SDK.
 *
 * Scheme (as Stripe's): header `Spendscope-Signature: t=<unix seconds>,v1=<hex>` where
 *   v1 = lowercase hex HMAC-SHA256(key = the rule's secret as UTF-8, message = `${t}.${raw body}`).
 *
 * Invariants:
 *  - The signed message is the raw body bytes exactly as received, prefixed by the timestamp and a dot: verify
 *    before parsing JSON (a re-serialized body is a different message).
 *  - verifyWebhookSignature accepts only when some v1 entry equals the expected HMAC (compared in constant time
 *    over equal-length hex) AND the timestamp lies within `toleranceSeconds` (default 300 = 5 minutes) of `now`
 *    in either direction; so a captured request replayed later than that is refused. Receivers that must refuse
 *    replays inside the window too deduplicate on the `Idempotency-Key` header (the same for every retry).
 *  - Malformed headers are refused with a reason, never an exception.
 */

export const SIGNATURE_HEADER = "Spendscope-Signature";
/** Receivers refuse timestamps further than this from their clock (seconds). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "malformed_header" | "no_signature" | "stale_timestamp" | "signature_mismatch" };

export interface VerifyWebhookInput {
  /** The raw request body, exactly as received (string or bytes). */
  payload: string | Uint8Array;
  /** The Spendscope-Signature header value. */
  header: string | null | undefined;
  /** The rule's signing secret (shown once when the rule's webhook was created or its secret rotated). */
  secret: string;
  toleranceSeconds?: number;
  /** Unix seconds; default the current time. */
  now?: number;
}

const encoder = new TextEncoder();

function bytesOf(payload: string | Uint8Array): Uint8Array {
  return typeof payload === "string" ? encoder.encode(payload) : payload;
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Lowercase hex HMAC-SHA256 of `${timestamp}.${payload}` under the secret. */
export async function computeWebhookSignature(secret: string, timestamp: number, payload: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const body = bytesOf(payload);
  const prefix = encoder.encode(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return hex(await crypto.subtle.sign("HMAC", key, message));
}

/** The Spendscope-Signature header value for a body sent at `timestamp` (unix seconds). */
export async function signWebhookPayload(secret: string, timestamp: number, payload: string | Uint8Array): Promise<string> {
  return `t=${timestamp},v1=${await computeWebhookSignature(secret, timestamp, payload)}`;
}

/** Constant-time equality of two strings of the same length (the length itself is public: 64 hex digits). */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Parses `t=<unix>,v1=<hex>[,v1=<hex>...]`; unknown schemes (v0, v2) are ignored. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return null;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t") {
      if (!/^\d{1,12}$/.test(v)) return null;
      timestamp = Number(v);
    } else if (k === "v1") {
      if (/^[0-9a-f]{64}$/i.test(v)) signatures.push(v.toLowerCase());
    }
  }
  return timestamp === null ? null : { timestamp, signatures };
}

/** Whether a received webhook was signed by Spendscope with this secret, recently enough. */
export async function verifyWebhookSignature(input: VerifyWebhookInput): Promise<WebhookVerification> {
  if (!input.header) return { ok: false, reason: "malformed_header" };
  const parsed = parseSignatureHeader(input.header);
  if (!parsed) return { ok: false, reason: "malformed_header" };
  if (parsed.signatures.length === 0) return { ok: false, reason: "no_signature" };
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const expected = await computeWebhookSignature(input.secret, parsed.timestamp, input.payload);
  // Check the signature before the clock: a forged header learns nothing from the reason either way.
  if (!parsed.signatures.some((s) => timingSafeEqual(s, expected))) return { ok: false, reason: "signature_mismatch" };
  if (Math.abs(now - parsed.timestamp) > tolerance) return { ok: false, reason: "stale_timestamp" };
  return { ok: true, timestamp: parsed.timestamp };
}
