import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { db } from "@/lib/db/client";
import { setEnv } from "@/lib/env";
import { readJson } from "@/lib/api/route";
import { parseInput } from "@/lib/api/zod-fields";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { POST as USAGE } from "@/app/api/v1/usage/route";
import { POST as USAGE_VALIDATE } from "@/app/api/v1/usage/validate/route";
import { POST as CSV_IMPORT } from "@/app/api/v1/usage/csv/route";
import { POST as CSV_VALIDATE } from "@/app/api/v1/usage/csv/validate/route";
import { POST as BUDGET_CHECK } from "@/app/api/v1/budget-check/route";
import { createBudget, createRule, muteRule, updateBudget, updateRule } from "@/lib/alerts/service";
import { muteUntilFromHours } from "@/lib/alerts/mute-hours";
import { saveEstimate } from "@/lib/spend/estimates-service";
import { saveEstimateSchema } from "@/lib/spend/estimates";
import { createDraft, importSnapshot, pricingActorOf, updateDraft } from "@/lib/pricing/service";
import { exportJson } from "@/lib/pricing/formats/json";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { importOpenAICosts, importOpenAIImagesUsage, setProjectMapping } from "@/lib/ingest/imports";
import { ImagesImportQuerySchema, SetProjectMappingSchema } from "@/lib/ingest/api-schemas";
import { createApiKey } from "@/lib/org/service";
import { actorOf } from "@/lib/auth/permissions";
import { HARDENING_SEED, hardeningRuns, hostileBody, hostileCsv, hostileValue, toJsonText, type BodyKind } from "../support/hostile";
import { describeBody, expectClientAnswer, fromResponse, fromService, type Outcome } from "../support/hostile-outcome";
import { createTestKey, createTestOrg, createTestUser } from "./helpers";
import { publishSnapshot, rollupDrift, wireEvent } from "./ingest-fixtures";

/**
 * Issue 9, suite 1 in process: generated hostile payloads against every write route and server action, with a
 * real database. Key routes are called through their route handlers; session routes and server actions through
 * the same body parse (readJson) and the service call their handler makes (a session needs Next's request scope;
 * test/system/hostile-http.test.ts sends them over HTTP with a real session cookie).
 * Property: every answer is 2xx or a 4xx problem+json naming the field; a refused payload changes nothing
 * (checksum of the organization's tables); an accepted one stores what it says. Runs per route:
 * HARDENING_RUNS (npm run test:hardening: 10,000), else RUNS below.
 */

const RUNS = 200;
const runs = hardeningRuns(RUNS);
const TIMEOUT = Math.max(240_000, runs * 1000);
let seq = 0;
const uniq = (p: string) => `${p}-${process.pid}-${++seq}`;

/** Everything a write route or action could change for one organization, as one comparable string. */
async function checksum(orgId: string): Promise<string> {
  const [r] = await db().$queryRaw<Array<{ sum: string }>>`
    SELECT concat_ws('|',
      (SELECT count(*) || ':' || coalesce(sum(length(id)), 0) FROM usage_events WHERE org_id = ${orgId}::uuid),
      (SELECT coalesce(sum(events), 0) || ':' || coalesce(sum(cost), 0) FROM usage_rollup_hourly WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM budgets WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM alert_rules WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) FROM estimates WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM pricing_snapshots WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) FROM billed_costs WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) FROM openai_project_mappings WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) FROM api_keys WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) FROM features WHERE org_id = ${orgId}::uuid),
      (SELECT count(*) FROM audit_logs WHERE org_id = ${orgId}::uuid)) AS sum`;
  return r.sum;
}

const storedEvents = (orgId: string) => db().usageEvent.count({ where: { orgId } });

interface World {
  orgId: string;
  key: string;
  admin: UserPrincipal;
}

async function world(): Promise<World> {
  const { org } = await createTestOrg();
  await publishSnapshot(org.id);
  const key = await createTestKey(org.id, { team: null, scopes: ["ingest", "read"] });
  const { user } = await createTestUser(org.id, "admin");
  const admin: UserPrincipal = { kind: "user", userId: user.id, orgId: org.id, email: user.email, name: user.name, role: "admin", teamIds: [] };
  return { orgId: org.id, key: key.key, admin };
}

function request(path: string, text: string, opts: { key?: string; contentType?: string } = {}): Request {
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  return new Request(`http://spendscope.test${path}`, { method: "POST", headers, body: text });
}

/** The body step of apiRoute (size cap, JSON parse, storable values), then the service: a session route. */
const viaBody = (text: string, maxBytes: number, service: (body: unknown) => Promise<unknown>) =>
  fromService(async () => service(await readJson(request("/", text), maxBytes)));

/**
 * Runs the property for one target. `effect` checks an accepted answer against the database; a refused one must
 * leave the checksum unchanged. Returns how many payloads were tried and accepted.
 */
async function hammer(
  w: World,
  name: string,
  arb: fc.Arbitrary<{ kind: BodyKind; text: string }>,
  send: (text: string) => Promise<Outcome>,
  effect?: (o: Outcome, before: { events: number }) => Promise<void>,
): Promise<{ tried: number; accepted: number }> {
  let tried = 0;
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(arb, async ({ kind, text }) => {
      tried++;
      const before = await checksum(w.orgId);
      const events = await storedEvents(w.orgId);
      const o = await send(text);
      const label = `${name}: ${describeBody(kind, text)}`;
      expectClientAnswer(o, label);
      if (o.status >= 400) expect(await checksum(w.orgId), `refused but changed: ${label}`).toBe(before);
      else {
        accepted++;
        await effect?.(o, { events });
      }
    }),
    { numRuns: runs, seed: HARDENING_SEED, endOnFailure: true },
  );
  console.log(`[hostile] ${name}: ${tried} payloads, ${accepted} accepted`);
  return { tried, accepted };
}

beforeAll(() => {
  setEnv({ INGEST_RATE_LIMIT_PER_MINUTE: "1000000000" });
});

const EVENT_PATHS: Array<Array<string | number>> = [
  ["events"], ["events", 0], ["events", 0, "id"], ["events", 0, "timestamp"], ["events", 0, "team"], ["events", 0, "feature"],
  ["events", 0, "workflow"], ["events", 0, "stage"], ["events", 0, "model"], ["events", 0, "provider"],
  ["events", 0, "usage"], ["events", 0, "usage", "textInputTokens"], ["events", 0, "usage", "imageOutputTokens"],
  ["events", 0, "openaiUsage"], ["events", 0, "images"], ["events", 0, "size"], ["events", 0, "quality"],
  ["events", 0, "inputImages"], ["events", 0, "batch"], ["events", 0, "attempt"], ["events", 0, "outcome"],
  ["events", 0, "metadata"], ["events", 0, "metadata", "k"], ["events", 0, "traceId"], ["events", 1],
];
const validUsage = () => ({ events: [wireEvent({ id: uniq("u"), metadata: { k: "v" } })] });

describe("hostile payloads: ingestion routes (route handlers)", () => {
  it("POST /api/v1/usage", async () => {
    const w = await world();
    const r = await hammer(w, "POST /api/v1/usage", hostileBody(validUsage, { paths: EVENT_PATHS, maxBytes: 5 * 1024 * 1024 }),
      async (text) => fromResponse(await USAGE(request("/api/v1/usage", text, { key: w.key }))),
      async (o, before) => {
        expect(await storedEvents(w.orgId)).toBe(before.events + Number(o.body?.inserted));
      });
    expect(r.accepted).toBeGreaterThan(0);
    expect(await rollupDrift(w.orgId)).toEqual([]);
  }, TIMEOUT);

  it("POST /api/v1/usage/validate", async () => {
    const w = await world();
    await hammer(w, "POST /api/v1/usage/validate", hostileBody(validUsage, { paths: EVENT_PATHS, maxBytes: 5 * 1024 * 1024 }),
      async (text) => fromResponse(await USAGE_VALIDATE(request("/api/v1/usage/validate", text, { key: w.key }))),
      async (_o, before) => expect(await storedEvents(w.orgId)).toBe(before.events));
  }, TIMEOUT);

  const validCsv = () => ({
    header: ["id", "timestamp", "team", "feature", "workflow", "model", "text_input_tokens", "image_output_tokens", "images", "size", "quality", "metadata"],
    rows: [[uniq("c"), "2026-11-01T10:00:00Z", "alpha", "hero", "text_to_image", "gpt-image-2", "100", "1756", "1", "1024x1024", "medium", '"{""a"":1}"']],
  });

  it("POST /api/v1/usage/csv", async () => {
    const w = await world();
    await hammer(w, "POST /api/v1/usage/csv", hostileCsv(validCsv, 10 * 1024 * 1024),
      async (text) => fromResponse(await CSV_IMPORT(request("/api/v1/usage/csv", text, { key: w.key, contentType: "text/csv" }))),
      async (o, before) => expect(await storedEvents(w.orgId)).toBe(before.events + Number(o.body?.inserted)));
    expect(await rollupDrift(w.orgId)).toEqual([]);
  }, TIMEOUT);

  it("POST /api/v1/usage/csv/validate", async () => {
    const w = await world();
    await hammer(w, "POST /api/v1/usage/csv/validate", hostileCsv(validCsv, 10 * 1024 * 1024),
      async (text) => fromResponse(await CSV_VALIDATE(request("/api/v1/usage/csv/validate", text, { key: w.key, contentType: "text/csv" }))),
      async (_o, before) => expect(await storedEvents(w.orgId)).toBe(before.events));
  }, TIMEOUT);

  it("POST /api/v1/budget-check", async () => {
    const w = await world();
    const valid = () => ({ team: "alpha", feature: "hero", model: "gpt-image-2", workflow: "text_to_image", estimatedCost: "0.042" });
    await hammer(w, "POST /api/v1/budget-check", hostileBody(valid, { paths: [["team"], ["feature"], ["model"], ["workflow"], ["estimatedCost"]], maxBytes: 4096 }),
      async (text) => fromResponse(await BUDGET_CHECK(request("/api/v1/budget-check", text, { key: w.key }))));
  }, TIMEOUT);
});

describe("hostile payloads: imports", () => {
  const costsExport = () => ({
    object: "page",
    data: [{ object: "bucket", start_time: 1761955200, end_time: 1762041600, results: [{ object: "organization.costs.result", amount: { value: 1.25, currency: "usd" }, line_item: "Images", project_id: uniq("proj") }] }],
  });
  const imagesExport = () => ({
    object: "page",
    data: [{ object: "bucket", start_time: 1761955200, end_time: 1762041600, results: [{ object: "organization.usage.images.result", images: 2, num_model_requests: 1, model: "gpt-image-1", size: "1024x1024", source: "image.generation", project_id: null }] }],
  });
  const exportPaths = (leaf: string[]) => [["data"], ["data", 0, "start_time"], ["data", 0, "results"], ...leaf.map((k) => ["data", 0, "results", 0, k])];

  it("POST /api/v1/usage/imports/openai-costs", async () => {
    const w = await world();
    await hammer(w, "POST /api/v1/usage/imports/openai-costs", hostileBody(costsExport, { paths: exportPaths(["amount", "line_item", "project_id"]), maxBytes: 50 * 1024 * 1024 }),
      (text) => fromService(() => importOpenAICosts(w.orgId, text, w.admin)));
  }, TIMEOUT);

  it("POST /api/v1/usage/imports/openai-images", async () => {
    const w = await world();
    const q = parseInput(ImagesImportQuerySchema, { team: "alpha" });
    const query = { defaultTeam: q.team ?? null, quality: q.quality, feature: q.feature };
    await hammer(w, "POST /api/v1/usage/imports/openai-images", hostileBody(imagesExport, { paths: exportPaths(["images", "model", "size", "project_id", "num_model_requests"]), maxBytes: 50 * 1024 * 1024 }),
      (text) => fromService(() => importOpenAIImagesUsage(w.orgId, text, query, w.admin)));
    expect(await rollupDrift(w.orgId)).toEqual([]);
  }, TIMEOUT);

  it("PUT /api/v1/usage/openai-projects", async () => {
    const w = await world();
    await hammer(w, "PUT /api/v1/usage/openai-projects", hostileBody(() => ({ projectId: uniq("proj"), team: "alpha" }), { paths: [["projectId"], ["team"]], maxBytes: 1024 * 1024 }),
      (text) => viaBody(text, 1024 * 1024, async (b) => {
        const body = parseInput(SetProjectMappingSchema, b);
        return setProjectMapping(w.orgId, body.projectId, body.team, w.admin);
      }));
  }, TIMEOUT);

  it("POST /api/v1/pricing/snapshots/import", async () => {
    const w = await world();
    const file = exportJson({ ...OPENAI_2026_06_11, rows: OPENAI_2026_06_11.rows.slice(0, 2) });
    const valid = () => ({ format: "json", content: file, name: uniq("snap"), dryRun: true });
    const content = fc.tuple(fc.constantFrom(...["name", "provider", "rows", "effectiveFrom", "batchMultiplier"]), hostileValue).map(([k, v]) => ({
      kind: "field" as const,
      text: JSON.stringify({ format: "json", content: toJsonText({ ...(JSON.parse(file) as object), [k]: v }), dryRun: true }),
    }));
    const arb = fc.oneof(hostileBody(valid, { paths: [["format"], ["content"], ["name"], ["effectiveFrom"], ["batchMultiplier"], ["skipInvalid"], ["publish"]], maxBytes: 25 * 1024 * 1024 }), content);
    await hammer(w, "POST /api/v1/pricing/snapshots/import", arb,
      (text) => viaBody(text, 25 * 1024 * 1024, (b) => importSnapshot(w.orgId, b, pricingActorOf(w.admin))));
  }, TIMEOUT);
});

describe("hostile payloads: session routes and server actions (services with a signed-in admin)", () => {
  const budget = () => ({ name: uniq("Budget"), period: "month", amount: "100.00", hard: false, team: "alpha", feature: null, model: null, workflow: null });
  const budgetPaths = [["name"], ["period"], ["amount"], ["hard"], ["team"], ["feature"], ["model"], ["workflow"]];
  const rule = () => ({ name: uniq("Rule"), metric: "spend", config: { unit: "usd", thresholds: ["50"], periodKind: "month" }, recipients: ["a@b.test"], team: null });
  const rulePaths = [["name"], ["metric"], ["config"], ["config", "thresholds"], ["config", "unit"], ["recipients"], ["recipients", 0], ["webhookUrl"], ["budgetId"], ["enabled"], ["team"]];

  it("POST /api/v1/budgets and saveBudgetAction(null, input)", async () => {
    const w = await world();
    await hammer(w, "POST /api/v1/budgets", hostileBody(budget, { paths: budgetPaths, maxBytes: 16_384 }),
      (text) => viaBody(text, 16_384, (b) => createBudget(w.admin, b)));
    // The server action hands its argument to the same service unparsed: any value, not only JSON.
    await hammer(w, "saveBudgetAction", hostileValue.map((v) => ({ kind: "replace" as const, text: toJsonText(v) })),
      (text) => fromService(() => createBudget(w.admin, safeParse(text))));
  }, TIMEOUT * 2);

  it("PATCH /api/v1/budgets/:id and saveBudgetAction(id, input)", async () => {
    const w = await world();
    const { id } = await createBudget(w.admin, budget());
    await hammer(w, "PATCH /api/v1/budgets/:id", hostileBody(() => ({ amount: `${1 + (seq++ % 1000)}.00` }), { paths: budgetPaths, maxBytes: 16_384 }),
      (text) => viaBody(text, 16_384, (b) => updateBudget(w.admin, id, b)));
  }, TIMEOUT);

  it("POST /api/v1/alert-rules and saveRuleAction(null, input)", async () => {
    const w = await world();
    await hammer(w, "POST /api/v1/alert-rules", hostileBody(rule, { paths: rulePaths, maxBytes: 32_768 }),
      (text) => viaBody(text, 32_768, (b) => createRule(w.admin, b)));
  }, TIMEOUT);

  it("PATCH /api/v1/alert-rules/:id and saveRuleAction(id, input)", async () => {
    const w = await world();
    const { id } = await createRule(w.admin, rule());
    await hammer(w, "PATCH /api/v1/alert-rules/:id", hostileBody(() => ({ name: uniq("Renamed") }), { paths: rulePaths, maxBytes: 32_768 }),
      (text) => viaBody(text, 32_768, (b) => updateRule(w.admin, id, b)));
  }, TIMEOUT);

  it("POST /api/v1/alert-rules/:id/mute and muteRuleAction(id, hours)", async () => {
    const w = await world();
    const { id } = await createRule(w.admin, rule());
    await hammer(w, "POST /api/v1/alert-rules/:id/mute", hostileBody(() => ({ until: new Date(Date.now() + 3_600_000 + seq++).toISOString() }), { paths: [["until"]], maxBytes: 1024 }),
      (text) => viaBody(text, 1024, (b) => muteRule(w.admin, id, b)));
    const hours = fc.oneof(hostileValue, fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -0, 0, 1, 24, null));
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(hours, async (h) => {
        tried++;
        const before = await checksum(w.orgId);
        const o = await fromService(async () => muteRule(w.admin, id, { until: muteUntilFromHours(h) }));
        expectClientAnswer(o, `muteRuleAction(${toJsonText(h)})`);
        if (o.status >= 400) expect(await checksum(w.orgId)).toBe(before);
      }),
      { numRuns: runs, seed: HARDENING_SEED },
    );
    console.log(`[hostile] muteRuleAction: ${tried} payloads`);
  }, TIMEOUT * 2);

  it("POST /api/v1/estimates", async () => {
    const w = await world();
    const valid = () => ({ name: uniq("Est"), feature: "hero", inputs: { model: "gpt-image-2", quality: "medium", size: "1024x1024", count: 1000 } });
    const paths = [["name"], ["feature"], ["inputs"], ["inputs", "model"], ["inputs", "count"], ["inputs", "promptTokens"], ["inputs", "inputImages"], ["inputs", "inputImageTokens"], ["inputs", "quality"], ["inputs", "size"], ["inputs", "batch"], ["inputs", "provider"]];
    await hammer(w, "POST /api/v1/estimates", hostileBody(valid, { paths, maxBytes: 1024 * 1024 }),
      (text) => viaBody(text, 1024 * 1024, (b) => saveEstimate(w.admin, parseInput(saveEstimateSchema, b))));
  }, TIMEOUT);

  it("POST /api/v1/pricing/snapshots and PATCH /api/v1/pricing/snapshots/:id (drafts)", async () => {
    const w = await world();
    const valid = () => ({ ...JSON.parse(exportJson({ ...OPENAI_2026_06_11, rows: OPENAI_2026_06_11.rows.slice(0, 1) })), name: uniq("Draft") });
    const paths = [["name"], ["provider"], ["effectiveFrom"], ["batchMultiplier"], ["rows"], ["rows", 0, "model"], ["rows", 0, "rates", "imageOutput"], ["rows", 0, "imageOutputTokens"], ["notes"], ["source"]];
    await hammer(w, "POST /api/v1/pricing/snapshots", hostileBody(valid, { paths, maxBytes: 1024 * 1024 }),
      (text) => viaBody(text, 1024 * 1024, (b) => createDraft(w.orgId, b, pricingActorOf(w.admin))));
    const draft = await createDraft(w.orgId, valid(), pricingActorOf(w.admin));
    await hammer(w, "PATCH /api/v1/pricing/snapshots/:id", hostileBody(() => ({ notes: uniq("n") }), { paths, maxBytes: 1024 * 1024 }),
      (text) => viaBody(text, 1024 * 1024, (b) => updateDraft(w.orgId, draft.summary.id, b, pricingActorOf(w.admin))));
  }, TIMEOUT * 2);

  it("createKeyAction (admin page)", async () => {
    const w = await world();
    const valid = () => ({ name: uniq("key"), team: null, scopes: ["ingest"] });
    await hammer(w, "createKeyAction", hostileBody(valid, { paths: [["name"], ["team"], ["scopes"], ["scopes", 0]], maxBytes: 1024 * 1024 }),
      (text) => fromService(() => createApiKey(w.orgId, safeParse(text), { ...actorOf(w.admin), createdById: w.admin.userId })));
  }, TIMEOUT);
});

/** Server actions receive values, not text: the parsed body, or the raw text when it is not JSON. */
function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
