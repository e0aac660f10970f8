/**
 * Signed webhooks end to end: a rule's secret is issued once (API answer or action), sealed in the row and never
 * read back; a real receiver on 127.0.0.1 verifies each delivery with the SDK's verifyWebhookSignature; rotation
 * switches secrets at once; the Slack format posts Slack's text + blocks, signed the same way.
 */
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as createRuleRoute } from "@/app/api/v1/alert-rules/route";
import { GET as getRuleRoute, PATCH as patchRuleRoute } from "@/app/api/v1/alert-rules/[id]/route";
import { POST as rotateRoute } from "@/app/api/v1/alert-rules/[id]/webhook-secret/route";
import { db } from "@/lib/db/client";
import { setEnv } from "@/lib/env";
import { runEvaluation } from "@/lib/alerts/runner";
import { deliverOutbox } from "@/lib/alerts/outbox";
import { createRule, rotateWebhookSecret, sendTestMessage, updateRule } from "@/lib/alerts/service";
import { verifyWebhookSignature } from "@/lib/sdk";
import { callRoute } from "@/test/support/request-call";
import { sessionCookie } from "@/test/support/session-cookie";
import { createTestOrg, createTestUser } from "./helpers";
import { addRollup, adminOf, outboxOf } from "./alerts-fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
const SERVER_SECRET = "spendscope-test-secret-0123456789";

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What the receiver decided, as a receiver following docs/webhooks.md would. */
  verdict: Awaited<ReturnType<typeof verifyWebhookSignature>> | null;
}

let server: http.Server;
let port: number;
const hits: Hit[] = [];
/** The secret the receiver verifies with (null: record without verifying). */
let receiverSecret: string | null = null;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const header = req.headers["spendscope-signature"];
      const check = receiverSecret ? verifyWebhookSignature({ payload: raw, header: typeof header === "string" ? header : null, secret: receiverSecret }) : Promise.resolve(null);
      void check.then((verdict) => {
        hits.push({ headers: req.headers, body: raw.toString("utf8"), verdict });
        res.statusCode = verdict && !verdict.ok ? 401 : 200;
        res.end();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

afterEach(() => {
  hits.length = 0;
  receiverSecret = null;
  setEnv({ NEXTAUTH_SECRET: SERVER_SECRET });
});

const hookUrl = () => `http://127.0.0.1:${port}/hooks/T0KEN`;

async function orgWithHookRule(extra: Record<string, unknown> = {}) {
  const { org, teams } = await createTestOrg();
  const admin = adminOf(org.id);
  const rule = await createRule(admin, { name: "Hook <rule>", metric: "unpriced", config: { windowHours: 24 }, webhookUrl: hookUrl(), ...extra });
  await addRollup(org.id, [{ hour: "2026-11-25T11:00:00Z", teamId: teams.alpha.id, unpricedEvents: 2, events: 2 }]);
  return { org, admin, rule };
}

describe("signed webhooks", () => {
  it("issues a secret once, keeps it sealed, and a real receiver verifies the delivered alert", async () => {
    const { org, rule } = await orgWithHookRule();
    expect(rule.webhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const secret = rule.webhookSecret as string;

    // Sealed in the row; in no audit entry.
    const row = await db().alertRule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(row.webhookSecret).toMatch(/^v1\./);
    expect(row.webhookSecret).not.toContain(secret.slice(6));
    const audits = await db().auditLog.findMany({ where: { orgId: org.id } });
    expect(JSON.stringify(audits)).not.toContain(secret.slice(6));
    // Test orgs come with other audited setup; pick the rule's own entry, not whichever row the heap returns first.
    expect(audits.find((a) => a.action === "alert_rule.create")?.after).toMatchObject({ webhookSigned: true, webhookFormat: "json" });

    receiverSecret = secret;
    await runEvaluation({ orgId: org.id, now: NOW, appUrl: "https://spend.example.com" });
    const r = await deliverOutbox({ orgId: org.id, now: NOW });
    expect(r).toMatchObject({ sent: 1, failed: 0, retrying: 0 });
    expect(hits).toHaveLength(1);
    const hit = hits[0];
    const t = Math.floor(Date.now() / 1000);
    expect(hit.verdict).toEqual({ ok: true, timestamp: expect.any(Number) });
    expect(Math.abs((hit.verdict as { timestamp: number }).timestamp - t)).toBeLessThanOrEqual(5); // signed at send time
    expect(hit.headers["spendscope-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(hit.headers["idempotency-key"]).toBe((await outboxOf(org.id))[0].id);
    const payload = JSON.parse(hit.body) as { rule: { name: string }; firings: unknown[] };
    expect(payload.rule.name).toBe("Hook <rule>");
    expect(payload.firings).toHaveLength(1);

    // What a receiver must refuse: a tampered body, another secret, the same request replayed 6 minutes later.
    const header = hit.headers["spendscope-signature"] as string;
    const ts = (hit.verdict as { timestamp: number }).timestamp;
    expect(await verifyWebhookSignature({ payload: hit.body.replace("Hook", "Hack"), header, secret })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(await verifyWebhookSignature({ payload: hit.body, header, secret: "whsec_other" })).toEqual({ ok: false, reason: "signature_mismatch" });
    expect(await verifyWebhookSignature({ payload: hit.body, header, secret, now: ts + 360 })).toEqual({ ok: false, reason: "stale_timestamp" });
  });

  it("rotation answers a new secret once; deliveries switch to it at once", async () => {
    const { org, admin, rule } = await orgWithHookRule();
    const old = rule.webhookSecret as string;
    const { webhookSecret: fresh } = await rotateWebhookSecret(admin, rule.id);
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^whsec_/);

    receiverSecret = old;
    const refused = await sendTestMessage(admin, rule.id, NOW);
    expect(refused.webhook).toBe("failed"); // the receiver answered 401 under the old secret
    expect(hits[0].verdict).toEqual({ ok: false, reason: "signature_mismatch" });

    receiverSecret = fresh;
    hits.length = 0;
    expect((await sendTestMessage(admin, rule.id, NOW)).webhook).toBe("delivered");
    expect(hits[0].verdict).toMatchObject({ ok: true });

    const audit = await db().auditLog.findFirstOrThrow({ where: { orgId: org.id, action: "alert_rule.rotate_webhook_secret" } });
    expect(audit.after).toEqual({ webhookSigned: true });
    expect(JSON.stringify(audit)).not.toContain(fresh.slice(6));
  });

  it("Slack format: posts Slack's text + blocks (signed), chosen per rule", async () => {
    const { admin, rule } = await orgWithHookRule({ webhookFormat: "slack" });
    receiverSecret = rule.webhookSecret as string;
    expect((await sendTestMessage(admin, rule.id, NOW)).webhook).toBe("delivered");
    const body = JSON.parse(hits[0].body) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(Object.keys(body).sort()).toEqual(["blocks", "text"]);
    expect(body.text.startsWith("[Test] Hook &lt;rule&gt;: ")).toBe(true);
    // A test carries the example explanation: its heading and one section per open dimension (team, feature, model).
    expect(body.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "section", "section", "section", "section", "actions"]);
    expect(body.blocks[3].text?.text).toBe("*What drove it: top unpriced events against the same stretch before*");
    expect(body.blocks[0].text?.text).toBe("[Test] Hook <rule>");
    expect(hits[0].verdict).toMatchObject({ ok: true });

    // Back to JSON: the same rule now posts Spendscope's payload; the secret stays (no new one issued).
    const saved = await updateRule(admin, rule.id, { webhookFormat: "json" });
    expect(saved.webhookSecret).toBeUndefined();
    hits.length = 0;
    await sendTestMessage(admin, rule.id, NOW);
    expect(JSON.parse(hits[0].body)).toMatchObject({ rule: { name: "Hook <rule>" }, test: true });
    expect(hits[0].verdict).toMatchObject({ ok: true });
  });

  it("a secret sealed under another NEXTAUTH_SECRET fails for good, asking for a rotation", async () => {
    const { org, rule } = await orgWithHookRule();
    await runEvaluation({ orgId: org.id, now: NOW, appUrl: "https://spend.example.com" });
    setEnv({ NEXTAUTH_SECRET: "a-completely-different-server-secret-000" });
    const r = await deliverOutbox({ orgId: org.id, now: NOW });
    expect(r).toMatchObject({ sent: 0, failed: 1 });
    expect(hits).toHaveLength(0);
    const [m] = await outboxOf(org.id);
    expect(m.lastError).toContain("rotate the rule's secret");
    expect(m.lastError).not.toContain(rule.webhookSecret as string);
  });
});

describe("webhook secrets over the API", () => {
  it("POST answers the secret once; GET never; PATCH adding a first webhook issues one; rotate answers a new one", async () => {
    const { org } = await createTestOrg();
    const cookie = await sessionCookie((await createTestUser(org.id, "admin")).user);
    const created = await callRoute(createRuleRoute, {
      method: "POST",
      path: "/api/v1/alert-rules",
      cookie,
      body: JSON.stringify({ name: "API hook", metric: "unpriced", config: { windowHours: 24 }, webhookUrl: hookUrl(), webhookFormat: "slack" }),
    });
    expect(created.status).toBe(201);
    const view = JSON.parse(created.text) as { id: string; webhookSecret: string; webhookFormat: string; webhookSigned: boolean };
    expect(view).toMatchObject({ webhookFormat: "slack", webhookSigned: true, webhookSecret: expect.stringMatching(/^whsec_/) });

    const read = await callRoute(getRuleRoute, { method: "GET", path: `/api/v1/alert-rules/${view.id}`, params: { id: view.id }, cookie });
    expect(read.status).toBe(200);
    expect(read.text).not.toContain("whsec_");
    expect(read.text).not.toContain(view.webhookSecret.slice(6));
    expect(JSON.parse(read.text)).not.toHaveProperty("webhookSecret");

    const patched = await callRoute(patchRuleRoute, { method: "PATCH", path: `/api/v1/alert-rules/${view.id}`, params: { id: view.id }, cookie, body: JSON.stringify({ name: "API hook renamed" }) });
    expect(JSON.parse(patched.text)).not.toHaveProperty("webhookSecret");

    const badFormat = await callRoute(patchRuleRoute, { method: "PATCH", path: `/api/v1/alert-rules/${view.id}`, params: { id: view.id }, cookie, body: JSON.stringify({ webhookFormat: "teams" }) });
    expect(badFormat.status).toBe(400);
    expect(JSON.parse(badFormat.text).invalidFields.map((f: { path: string }) => f.path)).toEqual(["webhookFormat"]);

    const rotated = await callRoute(rotateRoute, { method: "POST", path: `/api/v1/alert-rules/${view.id}/webhook-secret`, params: { id: view.id }, cookie });
    expect(rotated.status).toBe(200);
    const { webhookSecret } = JSON.parse(rotated.text) as { webhookSecret: string };
    expect(webhookSecret).toMatch(/^whsec_/);
    expect(webhookSecret).not.toBe(view.webhookSecret);

    // A rule without a webhook: PATCH adding one issues its first secret; rotate before that is a 409.
    const plain = await callRoute(createRuleRoute, { method: "POST", path: "/api/v1/alert-rules", cookie, body: JSON.stringify({ name: "Mail only", metric: "unpriced", config: { windowHours: 24 }, recipients: ["a@test.local"] }) });
    const plainId = (JSON.parse(plain.text) as { id: string; webhookSecret?: string }).id;
    expect(JSON.parse(plain.text)).not.toHaveProperty("webhookSecret");
    const none = await callRoute(rotateRoute, { method: "POST", path: `/api/v1/alert-rules/${plainId}/webhook-secret`, params: { id: plainId }, cookie });
    expect(none.status).toBe(409);
    const added = await callRoute(patchRuleRoute, { method: "PATCH", path: `/api/v1/alert-rules/${plainId}`, params: { id: plainId }, cookie, body: JSON.stringify({ webhookUrl: hookUrl() }) });
    expect(JSON.parse(added.text)).toMatchObject({ webhookSigned: true, webhookSecret: expect.stringMatching(/^whsec_/) });
    const removed = await callRoute(patchRuleRoute, { method: "PATCH", path: `/api/v1/alert-rules/${plainId}`, params: { id: plainId }, cookie, body: JSON.stringify({ webhookUrl: null }) });
    expect(JSON.parse(removed.text)).toMatchObject({ webhookUrl: null, webhookSigned: false });
    expect((await db().alertRule.findUniqueOrThrow({ where: { id: plainId } })).webhookSecret).toBeNull();
  });
});
