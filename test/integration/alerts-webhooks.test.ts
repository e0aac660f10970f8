/**
 * Webhooks against a real HTTP receiver on 127.0.0.1: the internal network is not reachable unless the operator
 * allows the host (WEBHOOK_ALLOWED_PRIVATE_HOSTS), and the URL (a secret) never leaves the rule row.
 */
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as listRulesRoute } from "@/app/api/v1/alert-rules/route";
import { GET as getRuleRoute } from "@/app/api/v1/alert-rules/[id]/route";
import { db } from "@/lib/db/client";
import { setEnv } from "@/lib/env";
import { AppError } from "@/lib/api/errors";
import { deliverOutbox } from "@/lib/alerts/outbox";
import { runEvaluation } from "@/lib/alerts/runner";
import { createRule, getRuleView, listRuleViews, sendTestMessage, updateRule } from "@/lib/alerts/service";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { createTestKey, createTestOrg } from "./helpers";
import { addRollup, adminOf, outboxOf } from "./alerts-fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
const SECRET = "T0KEN-s3cr3t-9f8e7d";

interface Hit {
  path: string;
  headers: http.IncomingHttpHeaders;
}

let server: http.Server;
let port: number;
const hits: Hit[] = [];
let answer: { status: number; body?: string; location?: string } = { status: 200 };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits.push({ path: req.url ?? "", headers: req.headers });
      res.statusCode = answer.status;
      if (answer.location) res.setHeader("location", answer.location);
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  allow("127.0.0.1");
  await new Promise<void>((r) => server.close(() => r()));
});

afterEach(() => {
  allow("127.0.0.1");
  answer = { status: 200 };
  hits.length = 0;
});

/** The operator setting, as the server would read it at start. */
function allow(hosts: string): void {
  setEnv({ WEBHOOK_ALLOWED_PRIVATE_HOSTS: hosts });
}

const hookUrl = (host = "127.0.0.1") => `http://${host}:${port}/hooks/${SECRET}`;

async function orgWithHookRule(host = "127.0.0.1") {
  const { org, teams } = await createTestOrg();
  const admin = adminOf(org.id);
  const rule = await createRule(admin, { name: "Hook rule", metric: "unpriced", config: { windowHours: 24 }, webhookUrl: hookUrl(host) });
  await addRollup(org.id, [{ hour: "2026-11-25T11:00:00Z", teamId: teams.alpha.id, unpricedEvents: 2, events: 2 }]);
  return { org, teams, admin, rule };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("webhook address policy", () => {
  it("refuses internal addresses when the rule is saved, naming the field", async () => {
    allow("");
    const { org } = await createTestOrg();
    const admin = adminOf(org.id);
    for (const url of [hookUrl(), "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/x", "http://[::1]:8080/x", "http://[::ffff:127.0.0.1]/x", "http://localhost:3000/x"]) {
      const e = await rejection(createRule(admin, { name: "Internal", metric: "unpriced", config: { windowHours: 24 }, webhookUrl: url }));
      expect(e.status).toBe(400);
      expect(e.extra.invalidFields?.map((f) => f.path)).toEqual(["webhookUrl"]);
    }
    const creds = await rejection(createRule(admin, { name: "Creds", metric: "unpriced", config: { windowHours: 24 }, webhookUrl: "https://u:p@hooks.example.com/x" }));
    expect(creds.extra.invalidFields?.[0]).toMatchObject({ path: "webhookUrl" });
    expect(await db().alertRule.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("does not reach a receiver on 127.0.0.1 unless the host is allowed, and reaches it when allowed", async () => {
    const { org, admin, rule } = await orgWithHookRule();

    // The operator withdraws the allowance: the stored rule now points at a refused address.
    allow("");
    const refused = await sendTestMessage(admin, rule.id, NOW);
    expect(refused.webhook).toBe("refused_by_policy");
    expect(hits).toHaveLength(0);
    const [msg] = await outboxOf(org.id);
    expect(msg).toMatchObject({ status: "failed", kind: "webhook" });
    expect(msg.lastError).toMatch(/internal network/);

    // Also at evaluation time (a real firing), and by name: "localhost" resolves to loopback and is refused
    // by the checked lookup before any connection.
    allow("localhost");
    const byName = await createRule(admin, { name: "By name", metric: "unpriced", config: { windowHours: 24 }, webhookUrl: hookUrl("localhost") });
    allow("");
    expect((await runEvaluation({ now: NOW, orgId: org.id })).messages).toBe(2);
    const r = await deliverOutbox({ orgId: org.id, smtpUrl: null, now: NOW });
    expect(r).toMatchObject({ claimed: 2, failed: 2, sent: 0 });
    expect(Object.values(r.outcomes)).toEqual(["refused_by_policy", "refused_by_policy"]);
    expect(hits).toHaveLength(0);

    allow("127.0.0.1");
    expect((await sendTestMessage(admin, rule.id, NOW)).webhook).toBe("delivered");
    expect(hits).toHaveLength(1);
    expect(hits[0].path).toBe(`/hooks/${SECRET}`);
    allow("LOCALHOST");
    expect((await sendTestMessage(admin, byName.id, NOW)).webhook).toBe("delivered");
    expect(hits).toHaveLength(2);
  });

  it("follows no redirect, never echoes the receiver's body, and says only 'failed'", async () => {
    const { org, admin, rule } = await orgWithHookRule();
    answer = { status: 302, location: `http://127.0.0.1:${port}/elsewhere` };
    expect((await sendTestMessage(admin, rule.id, NOW)).webhook).toBe("failed");
    expect(hits.map((h) => h.path)).toEqual([`/hooks/${SECRET}`]);

    answer = { status: 500, body: "stack trace: db password hunter2" };
    const r = await sendTestMessage(admin, rule.id, NOW);
    expect(r).toMatchObject({ webhook: "failed", sent: 0, pending: 1 });
    const rows = await outboxOf(org.id);
    for (const m of rows) expect(JSON.stringify(m)).not.toContain("hunter2");
    expect(rows.map((m) => m.lastError).sort()).toEqual(["webhook answered HTTP 302", "webhook answered HTTP 500"]);
  });
});

describe("webhook URLs are secrets", () => {
  it("are masked for admins, viewers and read keys, in the API and the service", async () => {
    const { org, rule } = await orgWithHookRule();
    const masked = `http://127.0.0.1:${port}/…${SECRET.slice(-4)}`;
    const viewer: UserPrincipal = { ...adminOf(org.id), role: "viewer" };
    for (const p of [adminOf(org.id), viewer]) {
      expect((await getRuleView(p, rule.id)).webhookUrl).toBe(masked);
      expect((await listRuleViews(p)).map((v) => v.webhookUrl)).toEqual([masked]);
    }
    const { key } = await createTestKey(org.id, { scopes: ["read"] });
    const auth = { headers: { authorization: `Bearer ${key}` } };
    const one = await getRuleRoute(new Request(`http://localhost/api/v1/alert-rules/${rule.id}`, auth), { params: Promise.resolve({ id: rule.id }) });
    const all = await listRulesRoute(new Request("http://localhost/api/v1/alert-rules", auth), { params: Promise.resolve({}) });
    for (const res of [one, all]) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(masked);
      expect(text).not.toContain(SECRET);
    }
  });

  it("stay stored unchanged through edits unless a new one is entered, and never reach outbox, errors, logs or audit", async () => {
    const { org, admin, rule } = await orgWithHookRule();
    const stored = async () => (await db().alertRule.findUniqueOrThrow({ where: { id: rule.id } })).webhookUrl;
    await updateRule(admin, rule.id, { name: "Renamed" });
    expect(await stored()).toBe(hookUrl());
    // Sending back what GET showed keeps the URL too.
    await updateRule(admin, rule.id, { webhookUrl: (await getRuleView(admin, rule.id)).webhookUrl, enabled: true });
    expect(await stored()).toBe(hookUrl());

    const lines: string[] = [];
    answer = { status: 503, body: SECRET };
    await runEvaluation({ now: NOW, orgId: org.id, log: (l) => lines.push(l) });
    await deliverOutbox({ orgId: org.id, smtpUrl: null, now: NOW, log: (l) => lines.push(l) });
    expect(hits).toHaveLength(1); // it was really sent, to the stored URL
    expect(hits[0].path).toBe(`/hooks/${SECRET}`);
    expect(lines.length).toBeGreaterThan(0);

    const newUrl = `http://127.0.0.1:${port}/hooks/other-${SECRET}`;
    await updateRule(admin, rule.id, { webhookUrl: newUrl });
    expect(await stored()).toBe(newUrl);
    await updateRule(admin, rule.id, { webhookUrl: null, recipients: ["ops@alpha.test"] });
    expect(await stored()).toBeNull();

    const outbox = await outboxOf(org.id);
    const audit = await db().auditLog.findMany({ where: { orgId: org.id } });
    expect(outbox.length).toBeGreaterThan(0);
    expect(audit.length).toBeGreaterThanOrEqual(5);
    for (const blob of [JSON.stringify(outbox), JSON.stringify(audit), lines.join("\n")]) expect(blob).not.toContain(SECRET);
  });
});
