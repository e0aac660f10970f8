/**
 * Outbox delivery: takes due messages (FOR UPDATE SKIP LOCKED + a lease, see claimDueMessages), sends each
 * over SMTP (nodemailer, SMTP_URL or the local sink) or as a JSON POST (webhook.ts, address-checked at send
 * time), and only then marks it sent. Failures keep the message pending with attempts, last error and an
 * exponentially later next attempt (delivery-policy.ts), so mail written while the server is down goes out
 * once it is back.
 *
 * Delivery guarantee, honestly: at least once to the SMTP server, exactly once in effect in every case but one.
 *  - Two workers never hold the same message: the claim is one UPDATE ... FOR UPDATE SKIP LOCKED with a lease,
 *    and an admin "Retry" never touches a leased message (requeueMessage).
 *  - SMTP accepted but recording "sent" failed (database blip): the acceptance goes into this process's
 *    accepted-journal first, "sent" is retried at once, then at the start of every later pass (well inside the
 *    lease), and a message found in the journal when claimed again is marked sent without being sent again.
 *  - The one window left: the process dies (or the database stays unreachable longer than the lease) after the
 *    SMTP server accepted a message and before "sent" is committed. SMTP has no way to ask "did you get it?", so
 *    the message is sent again after the lease expires. Every copy carries the same Message-ID
 *    (<outbox-id@spendscope>) and webhooks the same Idempotency-Key, so receivers that deduplicate see one.
 *
 * Webhook URLs are secrets: the outbox row holds the rule id and a masked URL; the URL is read from the rule
 * when sending and appears in no log line, error or row.
 */
import { createTransport } from "nodemailer";
import { db, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import {
  BATCH_SIZE,
  LEASE_MS,
  decideAfterFailure,
  isPermanentHttpStatus,
  isPermanentSmtpError,
} from "./delivery-policy";
import {
  claimDueMessages,
  markMessageFailed,
  markMessageSent,
  outboxHealthCounts,
  webhookTargetsOfRules,
  type ClaimedMessage,
  type WebhookTarget,
} from "./queries";
import { toSlackPayload } from "./slack";
import { WebhookError, postWebhook } from "./webhook";
import { openWebhookSecret, webhookSecretKey } from "./webhook-secret";

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
  /** Hosts webhooks may reach on internal addresses (default WEBHOOK_ALLOWED_PRIVATE_HOSTS). */
  allowedPrivateHosts?: readonly string[];
  log?: (line: string) => void;
}

export interface DeliveryResult {
  claimed: number;
  sent: number;
  /** Will be tried again later. */
  retrying: number;
  /** Gave up (permanent refusal or too many attempts). */
  failed: number;
  /** What happened to each claimed message (test-send reports it). */
  outcomes: Record<string, DeliveryOutcome>;
}

export type DeliveryOutcome = "sent" | "retrying" | "failed" | "refused_by_policy";

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

// ------------------------------------------------------------------------------------------------ accepted-journal

const JOURNAL_KEY = Symbol.for("spendscope.alerts.acceptedJournal");
type JournalGlobal = { [JOURNAL_KEY]?: Map<string, Date> };

/** Messages the SMTP server (or webhook) accepted whose "sent" is not yet committed, by outbox id. */
function acceptedJournal(): Map<string, Date> {
  const g = globalThis as JournalGlobal;
  g[JOURNAL_KEY] ??= new Map();
  return g[JOURNAL_KEY];
}

const MARK_SENT_RETRY_MS = [100, 400, 1_000];

/** Records "sent"; on failure retries briefly and leaves the acceptance in the journal for later passes. */
async function recordSent(client: Db, id: string, at: Date, log?: (l: string) => void): Promise<void> {
  const journal = acceptedJournal();
  journal.set(id, at);
  for (let i = 0; ; i++) {
    try {
      await markMessageSent(client, id, at);
      journal.delete(id);
      return;
    } catch (e) {
      if (i >= MARK_SENT_RETRY_MS.length) {
        const why = (e as Error).message;
        log?.(`outbox message ${id} was accepted but recording it failed (${why}); kept to record later`);
        return;
      }
      await new Promise((r) => setTimeout(r, MARK_SENT_RETRY_MS[i]));
    }
  }
}

/** Records every journaled acceptance it can (start of each pass). */
async function flushJournal(client: Db): Promise<void> {
  for (const [id, at] of acceptedJournal()) {
    try {
      await markMessageSent(client, id, at);
      acceptedJournal().delete(id);
    } catch {
      return; // database still unreachable: try again next pass
    }
  }
}

/** The body a webhook target gets: the stored JSON payload, or its Slack rendering (slack.ts). */
function webhookBody(hook: WebhookTarget, stored: string): string {
  if (hook.format !== "slack") return stored;
  let payload: unknown;
  try {
    payload = JSON.parse(stored);
  } catch {
    return stored; // not an alert payload: sent as written
  }
  return payload && typeof payload === "object" && !Array.isArray(payload) ? JSON.stringify(toSlackPayload(payload as Record<string, unknown>)) : stored;
}

/** The opened signing secret; a sealed one that no longer opens (NEXTAUTH_SECRET changed) fails for good. */
function signingSecretOf(hook: WebhookTarget, ruleId: string): string | null {
  if (!hook.sealedSecret) return null;
  const secret = openWebhookSecret(hook.sealedSecret, webhookSecretKey(), ruleId);
  if (secret === null) throw new WebhookError("refused_by_policy", "the webhook signing secret cannot be read (NEXTAUTH_SECRET changed?): rotate the rule's secret");
  return secret;
}

/** Safe to store and show: for webhooks only the category, never the URL or the receiver's words. */
function describe(err: unknown): string {
  if (err instanceof WebhookError) return err.message;
  const e = err as { message?: string; code?: string; responseCode?: number; response?: string };
  const parts = [e.code, e.responseCode ? `SMTP ${e.responseCode}` : undefined, e.message ?? String(err)].filter(Boolean);
  return parts.join(": ");
}

function isPermanent(m: ClaimedMessage, err: unknown): boolean {
  if (err instanceof WebhookError) {
    return err.outcome === "refused_by_policy" || (err.outcome === "http_status" && isPermanentHttpStatus(err.status ?? 0));
  }
  return m.kind === "email" && isPermanentSmtpError(err);
}

/** One delivery pass. Safe to run from several processes at once. */
export async function deliverOutbox(opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const client = opts.client ?? db();
  const now = opts.now ?? new Date();
  const smtpUrl = opts.smtpUrl === undefined ? mailerUrl() : opts.smtpUrl;
  const kinds = smtpUrl ? ["email", "webhook"] : ["webhook"];
  const result: DeliveryResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, outcomes: {} };
  if (acceptedJournal().size > 0) await flushJournal(client);

  const claimed = await claimDueMessages(client, { now, leaseUntil: new Date(now.getTime() + LEASE_MS), limit: opts.limit ?? BATCH_SIZE, kinds, ids: opts.ids, orgId: opts.orgId });
  result.claimed = claimed.length;
  if (claimed.length === 0) return result;

  const smtp = smtpUrl && claimed.some((m) => m.kind === "email") ? smtpSender(smtpUrl, opts.from ?? env().MAIL_FROM) : null;
  const ruleIds = claimed.flatMap((m) => (m.kind === "webhook" && m.ruleId ? [m.ruleId] : []));
  const hooks = ruleIds.length ? await webhookTargetsOfRules(client, ruleIds) : new Map<string, WebhookTarget>();
  const allowedPrivateHosts = opts.allowedPrivateHosts ?? env().WEBHOOK_ALLOWED_PRIVATE_HOSTS;
  const sendWebhook: Sender = async (m) => {
    const hook = m.ruleId ? hooks.get(m.ruleId) : undefined;
    if (!hook || !m.ruleId) throw new WebhookError("refused_by_policy", "the rule or its webhook was removed");
    await postWebhook({ url: hook.url, body: webhookBody(hook, m.textBody), idempotencyKey: m.id, allowedPrivateHosts, signingSecret: signingSecretOf(hook, m.ruleId) });
  };
  try {
    for (const m of claimed) {
      const sentAt = () => new Date(Math.max(now.getTime(), Date.now()));
      try {
        // Accepted earlier in this process but not recorded: record it, do not send it again.
        const journaled = acceptedJournal().get(m.id);
        if (journaled) await recordSent(client, m.id, journaled, opts.log);
        else {
          if (m.kind === "email") await (smtp as NonNullable<typeof smtp>).send(m);
          else await sendWebhook(m);
          await recordSent(client, m.id, sentAt(), opts.log);
        }
        result.sent++;
        result.outcomes[m.id] = "sent";
      } catch (err) {
        const decision = decideAfterFailure(m.attempts, isPermanent(m, err), now);
        await markMessageFailed(client, m.id, { ...decision, lastError: describe(err) });
        if (decision.status === "failed") result.failed++;
        else result.retrying++;
        const refused = err instanceof WebhookError && err.outcome === "refused_by_policy";
        result.outcomes[m.id] = refused ? "refused_by_policy" : decision.status === "failed" ? "failed" : "retrying";
        opts.log?.(`outbox ${m.kind} to ${m.recipient} failed (attempt ${m.attempts}): ${describe(err)}`);
      }
    }
  } finally {
    smtp?.close();
  }
  return result;
}

/** For tests: forget journaled acceptances (a fresh process). */
export function clearAcceptedJournal(): void {
  acceptedJournal().clear();
}

/**
 * For /api/health (unauthenticated, so counts only): messages that gave up (admins must look at the Outbox) and
 * how long the oldest pending message has waited (null when none waits).
 */
export function outboxHealth(
  client: Db = db(),
  now = new Date(),
): Promise<{ failed: number; oldestPendingAgeSeconds: number | null }> {
  return outboxHealthCounts(client, now);
}
