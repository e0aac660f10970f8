/**
 * Outbox delivery: takes due messages (FOR UPDATE SKIP LOCKED + a lease, see claimDueMessages), sends each
 * over SMTP (nodemailer, SMTP_URL or the local sink) or as a JSON POST, and only then marks it sent.
 * Failures keep the message pending with attempts, last error and an exponentially later next attempt
 * (delivery-policy.ts), so mail written while the server is down goes out once it is back.
 *
 * Delivery guarantee: at least once, with one known window. A worker that dies after the SMTP server accepted
 * the message but before "sent" was committed leaves the row leased; when the lease expires it is sent again.
 * Every copy carries the same Message-ID (<outbox-id@spendscope>) and webhooks the same Idempotency-Key, so
 * receivers that deduplicate see one message. Outside that window a message is sent exactly once.
 */
import { createTransport } from "nodemailer";
import { db, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { BATCH_SIZE, LEASE_MS, decideAfterFailure, isPermanentHttpStatus, isPermanentSmtpError } from "./delivery-policy";
import { claimDueMessages, markMessageFailed, markMessageSent, type ClaimedMessage } from "./queries";

const MAILER_KEY = Symbol.for("spendscope.alerts.mailerUrl");
type MailerGlobal = { [MAILER_KEY]?: string | null };

/**
 * Points the mailer at a URL (the local sink when SMTP_URL is unset). Kept on globalThis because Next.js may
 * load this module once per bundle (instrumentation, route handlers) in the same process.
 */
export function setMailerUrl(url: string | null): void {
  (globalThis as MailerGlobal)[MAILER_KEY] = url;
}

/** The SMTP URL in use: the override, else SMTP_URL, else null (email stays pending until one is configured). */
export function mailerUrl(): string | null {
  const override = (globalThis as MailerGlobal)[MAILER_KEY];
  return override ?? env().SMTP_URL ?? null;
}

export interface DeliveryOptions {
  client?: Db;
  now?: Date;
  /** Messages per pass (default BATCH_SIZE). */
  limit?: number;
  /** Only these messages (test-send delivers its own at once). */
  ids?: string[];
  /** Only this organization's messages. */
  orgId?: string;
  /** Override the SMTP URL (tests); default mailerUrl(). */
  smtpUrl?: string | null;
  from?: string;
  fetchImpl?: typeof fetch;
  log?: (line: string) => void;
}

export interface DeliveryResult {
  claimed: number;
  sent: number;
  /** Will be tried again later. */
  retrying: number;
  /** Gave up (permanent refusal or too many attempts). */
  failed: number;
}

type Sender = (m: ClaimedMessage) => Promise<void>;

function smtpSender(url: string, from: string): { send: Sender; close: () => void } {
  const transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    send: async (m) => {
      const info = await transport.sendMail({
        from,
        to: m.recipient,
        subject: m.subject,
        text: m.textBody,
        html: m.htmlBody || undefined,
        messageId: `<${m.id}@spendscope>`,
        headers: { "X-Spendscope-Outbox-Id": m.id },
      });
      // Accepted means the server took responsibility for this recipient; anything else is a failure.
      const accepted = (info.accepted ?? []).map((a) => String(a).toLowerCase());
      if (!accepted.includes(m.recipient.toLowerCase())) {
        const err = new Error(`SMTP server did not accept ${m.recipient}: ${info.response ?? "no response"}`) as Error & { responseCode?: number };
        err.responseCode = 550;
        throw err;
      }
    },
    close: () => transport.close(),
  };
}

class HttpStatusError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function webhookSender(fetchImpl: typeof fetch): Sender {
  return async (m) => {
    const res = await fetchImpl(m.recipient, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Spendscope-Alerts", "idempotency-key": m.id },
      body: m.textBody,
      signal: AbortSignal.timeout(10_000),
      redirect: "error",
    });
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw new HttpStatusError(res.status, `webhook answered HTTP ${res.status}`);
  };
}

function describe(err: unknown): string {
  const e = err as { message?: string; code?: string; responseCode?: number; response?: string };
  const parts = [e.code, e.responseCode ? `SMTP ${e.responseCode}` : undefined, e.message ?? String(err)].filter(Boolean);
  return parts.join(": ");
}

/** One delivery pass. Safe to run from several processes at once. */
export async function deliverOutbox(opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const client = opts.client ?? db();
  const now = opts.now ?? new Date();
  const smtpUrl = opts.smtpUrl === undefined ? mailerUrl() : opts.smtpUrl;
  const kinds = smtpUrl ? ["email", "webhook"] : ["webhook"];
  const result: DeliveryResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 };

  const claimed = await claimDueMessages(client, { now, leaseUntil: new Date(now.getTime() + LEASE_MS), limit: opts.limit ?? BATCH_SIZE, kinds, ids: opts.ids, orgId: opts.orgId });
  result.claimed = claimed.length;
  if (claimed.length === 0) return result;

  const smtp = smtpUrl && claimed.some((m) => m.kind === "email") ? smtpSender(smtpUrl, opts.from ?? env().MAIL_FROM) : null;
  const webhook = webhookSender(opts.fetchImpl ?? fetch);
  try {
    for (const m of claimed) {
      try {
        if (m.kind === "email") await (smtp as NonNullable<typeof smtp>).send(m);
        else await webhook(m);
        await markMessageSent(client, m.id, new Date(Math.max(now.getTime(), Date.now())));
        result.sent++;
      } catch (err) {
        const permanent = err instanceof HttpStatusError ? isPermanentHttpStatus(err.status) : m.kind === "email" && isPermanentSmtpError(err);
        const decision = decideAfterFailure(m.attempts, permanent, now);
        await markMessageFailed(client, m.id, { ...decision, lastError: describe(err) });
        if (decision.status === "failed") result.failed++;
        else result.retrying++;
        opts.log?.(`outbox ${m.kind} to ${m.recipient} failed (attempt ${m.attempts}): ${describe(err)}`);
      }
    }
  } finally {
    smtp?.close();
  }
  return result;
}
