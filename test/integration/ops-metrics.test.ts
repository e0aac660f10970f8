/**
 * GET /api/metrics on PostgreSQL: 404 while METRICS_TOKEN is unset, 401 for anything but its bearer token, and
 * values equal to sums computed independently from raw events (the endpoint reads rollups), in the org's zone.
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { POST as usageRoute } from "@/app/api/v1/usage/route";
import { db } from "@/lib/db/client";
import { setEnv } from "@/lib/env";
import { periodFor } from "@/lib/alerts/periods";
import { createBudget } from "@/lib/alerts/service";
import { ingestEvents } from "@/lib/ingest/service";
import { dec } from "@/lib/money/decimal";
import { callRoute } from "@/test/support/request-call";
import { createTestKey, createTestOrg } from "./helpers";
import { adminOf } from "./alerts-fixtures";
import { event, publishSnapshot, wireEvent } from "./ingest-fixtures";

const TOKEN = "metrics-token-0123456789abcdef";
// Far from UTC, so the local month starts on another UTC day than the UTC month.
const TZ = "Pacific/Auckland";

interface Parsed {
  name: string;
  labels: Record<string, string>;
  value: string;
}

/** An independent reader of the text format: one sample per non-comment line; label values unescaped. */
function parse(text: string): Parsed[] {
  return text
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`bad line: ${l}`);
      const labels: Record<string, string> = {};
      for (const lm of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[lm[1]] = lm[2].replace(/\\(.)/g, (_s, c: string) => (c === "n" ? "\n" : c));
      }
      return { name: m[1], labels, value: m[3] };
    });
}

const get = (headers: Record<string, string> = {}) =>
  callRoute(metricsRoute, { method: "GET", path: "/api/metrics", ...("authorization" in headers ? { key: headers.authorization.replace(/^Bearer /, "") } : {}) });

afterEach(() => setEnv({ METRICS_TOKEN: "" }));
afterAll(() => setEnv({ METRICS_TOKEN: "" }));

describe("GET /api/metrics access", () => {
  it("is a 404 while METRICS_TOKEN is unset, whatever is sent", async () => {
    setEnv({ METRICS_TOKEN: "" });
    const { org } = await createTestOrg();
    const { key } = await createTestKey(org.id);
    expect((await get()).status).toBe(404);
    expect((await get({ authorization: `Bearer ${key}` })).status).toBe(404);
    expect((await get({ authorization: `Bearer ${TOKEN}` })).status).toBe(404);
  });

  it.each([
    ["no credentials", {}],
    ["a wrong token", { authorization: "Bearer metrics-token-0123456789abcdeX" }],
    ["a prefix of the token", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["the token plus more", { authorization: `Bearer ${TOKEN}x` }],
  ])("is a 401 with %s", async (_n, headers) => {
    setEnv({ METRICS_TOKEN: TOKEN });
    const r = await get(headers as Record<string, string>);
    expect(r.status).toBe(401);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
  });

  it("is a 401 for a valid API key (only the metrics token opens it)", async () => {
    setEnv({ METRICS_TOKEN: TOKEN });
    const { org } = await createTestOrg();
    const { key } = await createTestKey(org.id);
    expect((await get({ authorization: `Bearer ${key}` })).status).toBe(401);
  });
});

describe("GET /api/metrics values", () => {
  let orgId: string;
  let month: ReturnType<typeof periodFor>;
  let budgetId: string;

  beforeAll(async () => {
    const { org } = await createTestOrg({ timeZone: TZ });
    orgId = org.id;
    await db().organization.update({ where: { id: org.id }, data: { name: 'Ops "metrics" org' } });
    await publishSnapshot(org.id);
    const now = new Date();
    month = periodFor("month", now, TZ);
    const minute = 60_000;
    const inMonth = (offsetMin: number) => new Date(Math.min(now.getTime() - minute, month.start.getTime() + offsetMin * minute));
    await ingestEvents(
      org.id,
      [
        event({ timestamp: inMonth(1), team: "alpha", model: "gpt-image-2", quality: "high" }),
        event({ timestamp: inMonth(2), team: "alpha", model: "gpt-image-2" }),
        event({ timestamp: inMonth(3), team: "alpha", model: "gpt-image-1" }),
        event({ timestamp: inMonth(4), team: "beta", model: "gpt-image-2", quality: "low" }),
        event({ timestamp: inMonth(5), team: "beta", model: "no-such-model" }), // unpriced
        // Last local month (although, near the boundary, possibly this UTC month): not counted.
        event({ timestamp: new Date(month.start.getTime() - minute), team: "alpha", model: "gpt-image-2" }),
      ],
      { source: "api" },
    );
    budgetId = (await createBudget(adminOf(org.id), { name: 'Alpha "monthly"', period: "month", amount: "0.25", team: "alpha" })).id;
    // Outbox: two pending mails (one failed once already), one failed webhook.
    const base = { orgId: org.id, subject: "s", textBody: "t", createdAt: new Date(now.getTime() - 120_000) };
    await db().outboxMessage.createMany({
      data: [
        { ...base, kind: "email", recipient: "a@test.local" },
        { ...base, kind: "email", recipient: "b@test.local", attempts: 1 },
        { ...base, kind: "webhook", recipient: "https://hooks.example.com/…abcd", status: "failed", attempts: 5 },
      ],
    });
  });

  it("answers the text format with spend, events, budgets and outbox equal to independent sums", async () => {
    setEnv({ METRICS_TOKEN: TOKEN });
    const r = await get({ authorization: `Bearer ${TOKEN}` });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(r.text).toContain("# TYPE spendscope_month_spend_usd gauge\n");
    expect(r.text).toContain("# TYPE spendscope_ingest_requests_total counter\n");
    expect(r.text).toContain('org="Ops \\"metrics\\" org"');
    const samples = parse(r.text).filter((s) => s.labels.org_id === orgId);
    const pick = (name: string) => samples.filter((s) => s.name === name);

    // Independent: straight from raw events, the local month's instants.
    const raw = await db().$queryRaw<{ team: string; model: string; cost: string; events: bigint; unpriced: bigint }[]>`
      SELECT t.slug AS team, e.model, COALESCE(SUM(e.cost), 0)::text AS cost, COUNT(*) AS events, COUNT(*) FILTER (WHERE NOT e.priced) AS unpriced
      FROM usage_events e JOIN teams t ON t.id = e.team_id
      WHERE e.org_id = ${orgId}::uuid AND e.occurred_at >= ${month.start} AND e.occurred_at < ${month.endExclusive}
      GROUP BY t.slug, e.model ORDER BY t.slug, e.model`;
    const key = (s: { team: string; model: string }) => `${s.team}/${s.model}`;
    expect(raw.map(key)).toEqual(["alpha/gpt-image-1", "alpha/gpt-image-2", "beta/gpt-image-2", "beta/no-such-model"]);
    expect(pick("spendscope_month_spend_usd").map((s) => [key(s.labels as { team: string; model: string }), s.value])).toEqual(raw.map((x) => [key(x), dec(x.cost).toFixed()]));
    expect(pick("spendscope_month_events").map((s) => s.value)).toEqual(["1", "2", "1", "1"]);
    expect(pick("spendscope_month_events").map((s) => s.value)).toEqual(raw.map((x) => String(x.events)));
    expect(pick("spendscope_month_unpriced_events").map((s) => s.value)).toEqual(["0", "0", "0", "1"]);
    expect(dec(pick("spendscope_month_spend_usd")[1].value).gt(0)).toBe(true);

    const alphaSpent = raw.filter((x) => x.team === "alpha").reduce((a, x) => a.plus(dec(x.cost)), dec(0));
    const budget = (name: string) => pick(name).find((s) => s.labels.budget_id === budgetId);
    expect(budget("spendscope_budget_amount_usd")?.value).toBe("0.25");
    expect(budget("spendscope_budget_spent_usd")?.value).toBe(alphaSpent.toFixed());
    expect(budget("spendscope_budget_remaining_usd")?.value).toBe(dec("0.25").minus(alphaSpent).toFixed());
    expect(budget("spendscope_budget_remaining_usd")?.labels).toMatchObject({ budget: 'Alpha "monthly"', team: "alpha", period: "month", period_key: month.key });

    const outbox = (name: string) => pick(name).map((s) => [s.labels.kind, s.value]);
    expect(outbox("spendscope_outbox_pending_messages")).toEqual([["email", "2"]]);
    expect(outbox("spendscope_outbox_retrying_messages")).toEqual([["email", "1"]]);
    expect(outbox("spendscope_outbox_failed_messages")).toEqual([["webhook", "1"]]);
    // The example Grafana dashboard queries only metrics the endpoint exposes.
    const dashboard = readFileSync("docs/grafana-dashboard.json", "utf8");
    const used = [...new Set(dashboard.match(/spendscope_[a-z_]+/g))].sort();
    const exposed = [...r.text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    expect(used.length).toBeGreaterThanOrEqual(14);
    expect(used.filter((n) => !exposed.includes(n))).toEqual([]);

    const age = Number(pick("spendscope_outbox_oldest_pending_age_seconds")[0].value);
    expect(age).toBeGreaterThanOrEqual(119);
    expect(age).toBeLessThan(200);
  });

  it("counts this process's ingest requests by outcome and events by status", async () => {
    setEnv({ METRICS_TOKEN: TOKEN });
    const counters = async () => {
      const all = parse((await get({ authorization: `Bearer ${TOKEN}` })).text);
      const v = (name: string, label: string, value: string) => Number(all.find((s) => s.name === name && s.labels[label] === value)?.value ?? NaN);
      return {
        accepted: v("spendscope_ingest_requests_total", "outcome", "accepted"),
        invalid: v("spendscope_ingest_requests_total", "outcome", "invalid"),
        inserted: v("spendscope_ingest_events_total", "status", "inserted"),
        duplicate: v("spendscope_ingest_events_total", "status", "duplicate"),
        process: all.find((s) => s.name === "spendscope_ingest_requests_total")?.labels.process,
      };
    };
    const before = await counters();
    expect(before.process).toMatch(/^.+:\d+$/);
    const { key } = await createTestKey(orgId, { team: "alpha", scopes: ["ingest"] });
    const a = wireEvent({ team: "alpha", timestamp: new Date(Date.now() - 60_000).toISOString() });
    const post = (events: unknown[]) => callRoute(usageRoute, { method: "POST", path: "/api/v1/usage", key, body: JSON.stringify({ events }) });
    expect((await post([a, wireEvent({ team: "alpha", timestamp: new Date(Date.now() - 60_000).toISOString() })])).status).toBe(200);
    expect((await post([a])).status).toBe(200); // a duplicate
    expect((await post([{ id: "x" }])).status).toBe(400);
    const after = await counters();
    expect({
      accepted: after.accepted - before.accepted,
      invalid: after.invalid - before.invalid,
      inserted: after.inserted - before.inserted,
      duplicate: after.duplicate - before.duplicate,
    }).toEqual({ accepted: 2, invalid: 1, inserted: 2, duplicate: 1 });
  });
});
