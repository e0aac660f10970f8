/**
 * Secrets never enter the audit log. Invariants: the result has the input's shape; any value under a secret key
 * (hash, password, token, secret, apiKey, webhookSecret) becomes "[redacted]"; a webhook URL keeps only its origin (enough
 * to tell which service it points at; paths and queries often carry the secret); nothing else changes.
 */
const SECRET_KEYS = /^(hash|keyHash|passwordHash|password|token|secret|apiKey|webhookSecret)$/i;
const URL_KEYS = /^(webhookUrl|webhook)$/i;

export const REDACTED = "[redacted]";

/** `https://hooks.example.com/services/T0/B0/secret` → `https://hooks.example.com/[redacted]`. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) out[k] = v;
    else if (URL_KEYS.test(k) && typeof v === "string") out[k] = redactUrl(v);
    else if (SECRET_KEYS.test(k)) out[k] = REDACTED;
    else out[k] = redactSecrets(v, depth + 1);
  }
  return out;
}
