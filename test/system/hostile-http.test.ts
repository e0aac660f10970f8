import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { encode } from "next-auth/jwt";
import { setEnv } from "@/lib/env";
import { db } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/audit/log";
import { createApiKey, createTeam, createUser } from "@/lib/org/service";
import { createBudget, createRule } from "@/lib/alerts/service";
import { createDraft, pricingActorOf } from "@/lib/pricing/service";
import { exportJson } from "@/lib/pricing/formats/json";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";
import { startAppServer, type AppServer } from "../support/app-server";
import { HARDENING_SEED, hardeningRuns, hostileBody, hostileCsv, type BodyKind } from "../support/hostile";
import { describeBody, expectClientAnswer, fromResponse } from "../support/hostile-outcome";
import { publishSnapshot, wireEvent } from "../integration/ingest-fixtures";

/**
 * Issue 9, suite 1 over HTTP: generated hostile payloads sent to the production build (every write route, with an
 * API key or a real session cookie), checking the process never answers 5xx and stays up. The in-process suite
 * (test/integration/hostile-routes.test.ts) runs the same generators thousands of times with database checks.
 * Server-only: the app process and this test both need the database, which the embedded PGlite (one
 * connection) cannot serve at once, so it is skipped without DATABASE_URL.
 */

const PORT = 3121;
const SECRET = "hostile-http-secret-0123456789abcdef";
const PER_ROUTE = hardeningRuns(25);
const serverOnly = !process.env.DATABASE_URL;

let fresh: FreshDatabase;
let app: AppServer;
let key = "";
let cookie = "";
const ids: Record<string, string> = {};
let seq = 0;
const uniq = (p: string) => `${p}-${++seq}`;

beforeAll(async () => {
  if (serverOnly) return;
  fresh = await createFreshDatabase("hostile_http");
  setEnv({ DATABASE_URL: fresh.url });
  const org = await db().organization.create({ data: { name: "Hostile" } });
  for (const slug of ["alpha", "beta"]) await createTeam(org.id, { slug, name: slug }, CLI_ACTOR);
  await publishSnapshot(org.id);
  key = (await createApiKey(org.id, { name: "hostile", team: null, scopes: ["ingest", "read"] }, CLI_ACTOR)).key;
  const user = await createUser(org.id, { email: "admin@hostile.test", role: "admin", password: "correct horse battery", teams: [] }, CLI_ACTOR);
  const admin: UserPrincipal = { kind: "user", userId: user.id, orgId: org.id, email: user.email, name: user.name, role: "admin", teamIds: [] };
  ids.budget = (await createBudget(admin, { name: "B", period: "month", amount: "100", team: "alpha" })).id;
  ids.rule = (await createRule(admin, { name: "R", metric: "spend", config: { unit: "usd", thresholds: ["50"], periodKind: "month" }, recipients: ["a@b.test"] })).id;
  ids.draft = (await createDraft(org.id, JSON.parse(exportJson({ ...OPENAI_2026_06_11, name: "Draft", rows: OPENAI_2026_06_11.rows.slice(0, 1) })), pricingActorOf(admin))).summary.id;
  const token = await encode({ token: { uid: user.id, sub: user.id, email: user.email }, secret: SECRET });
  cookie = `next-auth.session-token=${token}`;
  app = await startAppServer({ port: PORT, databaseUrl: fresh.url, env: { NEXTAUTH_SECRET: SECRET, INGEST_RATE_LIMIT_PER_MINUTE: "100000000" } });
});

afterAll(async () => {
  await app?.stop();
  await db().$disconnect().catch(() => undefined);
  await fresh?.drop();
});

interface Route {
  method: string;
  path: () => string;
  auth: "key" | "session";
  contentType?: string;
  arb: () => fc.Arbitrary<{ kind: BodyKind; text: string }>;
}

const usage = () => ({ events: [wireEvent({ id: uniq("h") })] });
const usagePaths = [["events"], ["events", 0, "id"], ["events", 0, "timestamp"], ["events", 0, "feature"], ["events", 0, "model"], ["events", 0, "usage"], ["events", 0, "images"], ["events", 0, "metadata"], ["events", 0, "team"]];
const csv = () => ({
  header: ["id", "timestamp", "team", "feature", "workflow", "model", "images", "size", "quality", "metadata"],
  rows: [[uniq("c"), "2026-11-01T10:00:00Z", "alpha", "hero", "text_to_image", "gpt-image-2", "1", "1024x1024", "low", ""]],
});
const budget = () => ({ name: uniq("B"), period: "month", amount: "10", team: "alpha" });
const rule = () => ({ name: uniq("R"), metric: "spend", config: { unit: "usd", thresholds: ["50"], periodKind: "month" }, recipients: ["a@b.test"] });
const body = (valid: () => unknown, paths: Array<Array<string | number>>, maxBytes: number) => () => hostileBody(valid, { paths, maxBytes });
const MB = 1024 * 1024;

const ROUTES: Route[] = [
  { method: "POST", path: () => "/api/v1/usage", auth: "key", arb: body(usage, usagePaths, 5 * MB) },
  { method: "POST", path: () => "/api/v1/usage/validate", auth: "key", arb: body(usage, usagePaths, 5 * MB) },
  { method: "POST", path: () => "/api/v1/usage/csv", auth: "key", contentType: "text/csv", arb: () => hostileCsv(csv, 10 * MB) },
  { method: "POST", path: () => "/api/v1/usage/csv/validate", auth: "key", contentType: "text/csv", arb: () => hostileCsv(csv, 10 * MB) },
  { method: "POST", path: () => "/api/v1/budget-check", auth: "key", arb: body(() => ({ team: "alpha", estimatedCost: "0.1" }), [["team"], ["estimatedCost"], ["model"]], 4096) },
  { method: "POST", path: () => "/api/v1/budgets", auth: "session", arb: body(budget, [["name"], ["period"], ["amount"], ["team"], ["workflow"]], 16_384) },
  { method: "PATCH", path: () => `/api/v1/budgets/${ids.budget}`, auth: "session", arb: body(() => ({ amount: "20" }), [["amount"], ["name"], ["hard"]], 16_384) },
  { method: "POST", path: () => "/api/v1/alert-rules", auth: "session", arb: body(rule, [["name"], ["metric"], ["config"], ["recipients"], ["webhookUrl"]], 32_768) },
  { method: "PATCH", path: () => `/api/v1/alert-rules/${ids.rule}`, auth: "session", arb: body(() => ({ name: uniq("R") }), [["name"], ["config"], ["enabled"]], 32_768) },
  { method: "POST", path: () => `/api/v1/alert-rules/${ids.rule}/mute`, auth: "session", arb: body(() => ({ until: "2099-01-01T00:00:00Z" }), [["until"]], 1024) },
  { method: "POST", path: () => "/api/v1/estimates", auth: "session", arb: body(() => ({ name: uniq("E"), feature: "hero", inputs: { model: "gpt-image-2", count: 10 } }), [["name"], ["inputs", "count"], ["inputs", "model"], ["inputs"]], MB) },
  { method: "POST", path: () => "/api/v1/pricing/snapshots/import", auth: "session", arb: body(() => ({ format: "json", content: exportJson(OPENAI_2026_06_11), dryRun: true }), [["format"], ["content"], ["name"]], 25 * MB) },
  { method: "POST", path: () => "/api/v1/pricing/snapshots", auth: "session", arb: body(() => ({ ...JSON.parse(exportJson(OPENAI_2026_06_11)), name: uniq("S") }), [["name"], ["rows"], ["effectiveFrom"], ["provider"]], MB) },
  { method: "PATCH", path: () => `/api/v1/pricing/snapshots/${ids.draft}`, auth: "session", arb: body(() => ({ notes: uniq("n") }), [["notes"], ["rows"], ["name"]], MB) },
  { method: "PUT", path: () => "/api/v1/usage/openai-projects", auth: "session", arb: body(() => ({ projectId: uniq("p"), team: "alpha" }), [["projectId"], ["team"]], MB) },
  {
    method: "POST", path: () => "/api/v1/usage/imports/openai-costs", auth: "session",
    arb: body(() => ({ object: "page", data: [{ start_time: 1761955200, end_time: 1762041600, results: [{ object: "organization.costs.result", amount: { value: 1, currency: "usd" }, project_id: uniq("p") }] }] }), [["data"], ["data", 0, "results", 0, "amount"]], 50 * MB),
  },
  {
    method: "POST", path: () => "/api/v1/usage/imports/openai-images?team=alpha", auth: "session",
    arb: body(() => ({ data: [{ start_time: 1761955200, end_time: 1762041600, results: [{ object: "organization.usage.images.result", images: 1, num_model_requests: 1, model: "gpt-image-1", size: "1024x1024" }] }] }), [["data"], ["data", 0, "results", 0, "images"], ["data", 0, "results", 0, "model"]], 50 * MB),
  },
  { method: "PUT", path: () => "/api/v1/me/digest", auth: "session", arb: body(() => ({ teams: ["alpha"] }), [["teams"], ["teams", 0]], 16_384) },
];

describe.skipIf(serverOnly)("hostile payloads over HTTP (production build)", () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.path().replace(/undefined|[0-9a-f-]{36}/, ":id")}`, r] as const))("%s never answers 5xx", async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(route.arb(), async ({ kind, text }) => {
        const headers: Record<string, string> = { "content-type": route.contentType ?? "application/json", origin: app.url };
        if (route.auth === "key") headers.authorization = `Bearer ${key}`;
        else headers.cookie = cookie;
        const res = await fetch(`${app.url}${route.path()}`, { method: route.method, headers, body: text });
        expectClientAnswer(await fromResponse(res), `${route.method} ${route.path()}: ${describeBody(kind, text)}`);
      }),
      { numRuns: PER_ROUTE, seed: HARDENING_SEED, endOnFailure: true },
    );
    // A session route refusing the cookie would make the property vacuous: a valid request must be let in.
    const probe = await fetch(`${app.url}${route.path()}`, {
      method: route.method,
      headers: { "content-type": "application/json", origin: app.url, ...(route.auth === "key" ? { authorization: `Bearer ${key}` } : { cookie }) },
      body: "{}",
    });
    expect([401, 403]).not.toContain(probe.status);
  });

  it("stays up and healthy after every payload", async () => {
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    expect(app.output()).not.toMatch(/FATAL|uncaughtException|unhandledRejection/i);
  });
});
