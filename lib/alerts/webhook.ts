/**
 * Delivers one alert webhook: a JSON POST to a URL that is checked at send time, so a rule cannot be used to
 * reach the internal network (webhook-policy.ts says which addresses are allowed).
 *
 * Invariants:
 *  - The address connected to is the address that was checked: the socket's DNS lookup is our own function,
 *    which resolves the name once, refuses when any resolved address is disallowed and hands exactly the checked
 *    addresses to the connection (no second lookup a rebinding DNS server could answer differently). IP literals
 *    (which Node never looks up) are checked before the request is made.
 *  - A refused target is refused before any connection, so the outcome cannot tell an open port from a closed one.
 *  - No redirects are followed (node:http never does), the whole exchange has a short deadline, and the response
 *    body is discarded unread: nothing of it reaches the user, the log or the database.
 *  - Errors carry a category only (WebhookError.outcome), never the URL: the URL often holds a secret.
 *  - With a signing secret, every attempt carries `Spendscope-Signature: t=<unix>,v1=<hex>` over `t.body`
 *    (lib/sdk/webhooks.ts), computed at send time, so a retry hours later is still inside the receiver's
 *    5-minute window; the secret itself never leaves this function.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { SIGNATURE_HEADER, signWebhookPayload } from "@/lib/sdk/webhooks";
import { checkAddress, hostOf, isAllowedPrivateHost } from "./webhook-policy";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export type WebhookOutcome = "refused_by_policy" | "http_status" | "unreachable" | "timeout";

/** A failed webhook delivery: what kind of failure, with a message safe to store and show (no URL). */
export class WebhookError extends Error {
  constructor(
    readonly outcome: WebhookOutcome,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const POLICY_MESSAGE = "refused: the webhook address is on an internal network (see WEBHOOK_ALLOWED_PRIVATE_HOSTS)";

/** A lookup that only ever yields addresses the policy allows (or any address for an allow-listed host). */
function checkedLookup(allowAny: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      const list = addresses ?? [];
      if (!allowAny && (list.length === 0 || list.some((a) => !checkAddress(a.address).allowed))) {
        return callback(new WebhookError("refused_by_policy", POLICY_MESSAGE) as NodeJS.ErrnoException, "", 0);
      }
      const wantsAll = (options as { all?: boolean }).all;
      if (wantsAll) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

export interface WebhookRequest {
  url: string;
  body: string;
  idempotencyKey: string;
  allowedPrivateHosts: readonly string[];
  timeoutMs?: number;
  /** The rule's signing secret (opened from its sealed form); null sends unsigned. */
  signingSecret?: string | null;
  /** Signing time (default now). */
  now?: Date;
}

/** POSTs the body; resolves on a 2xx answer, otherwise throws a WebhookError. */
export async function postWebhook(req: WebhookRequest): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new WebhookError("refused_by_policy", "refused: the webhook URL is not a valid http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new WebhookError("refused_by_policy", "refused: not an http(s) URL");
  }
  const host = hostOf(url);
  const allowAny = isAllowedPrivateHost(host, req.allowedPrivateHosts);
  if (!allowAny && isIP(host) && !checkAddress(host).allowed) {
    throw new WebhookError("refused_by_policy", POLICY_MESSAGE);
  }

  const timeoutMs = req.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const mod = url.protocol === "https:" ? https : http;
  const body = Buffer.from(req.body, "utf8");
  const signature = req.signingSecret
    ? { [SIGNATURE_HEADER.toLowerCase()]: await signWebhookPayload(req.signingSecret, Math.floor((req.now ?? new Date()).getTime() / 1000), body) }
    : {};
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: WebhookError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (err) reject(err);
      else resolve();
    };
    const r = mod.request(
      url,
      {
        method: "POST",
        agent: false,
        lookup: checkedLookup(allowAny),
        headers: {
          "content-type": "application/json",
          "content-length": String(body.length),
          "user-agent": "Spendscope-Alerts",
          "idempotency-key": req.idempotencyKey,
          ...signature,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume(); // discard the body unread
        res.on("error", () => undefined);
        r.destroy();
        if (status >= 200 && status < 300) finish();
        else finish(new WebhookError("http_status", `webhook answered HTTP ${status}`, status));
      },
    );
    const deadline = setTimeout(() => {
      finish(new WebhookError("timeout", "webhook did not answer in time"));
      r.destroy();
    }, timeoutMs);
    r.on("error", (e) => {
      if (e instanceof WebhookError) finish(e);
      else finish(new WebhookError("unreachable", "could not connect to the webhook"));
    });
    r.end(body);
  });
}
