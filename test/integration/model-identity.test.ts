/**
 * One model identity (#11 item 1) on PostgreSQL: names as called ("openai/gpt-image-2", "gpt-image-1.5-2026-05-01",
 * "GPT-Image-1.5") count under their canonical priced model in costs, filters, budgets and budget-check; the
 * event list keeps the name as called; repricing with a snapshot that changes aliases moves events and grains;
 * pre-identity rows are migrated idempotently; replays stay duplicates.
 *
 * Rates (OPENAI_2026_06_11, USD per 1M tokens): gpt-image-2 image output 30, gpt-image-1.5 image output 32;
 * 1000 image output tokens = $0.03 and $0.032. Flatkey rows are 5% higher: gpt-image-2 $0.0315.
 */
import { describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db/client";
import { GET as costsGET } from "@/app/api/v1/costs/route";
import { GET as eventsGET } from "@/app/api/v1/usage/events/route";
import { checkBudget } from "@/lib/alerts/budget-check";
import { createBudget, createRule, listBudgetViews } from "@/lib/alerts/service";
import { canonicalizeScopeModels } from "@/lib/alerts/scope-models";
import { ingestEvents } from "@/lib/ingest/service";
import { validateEvent } from "@/lib/ingest/event-schema";
import { runRepriceJob } from "@/lib/pricing/reprice";
import { snapshotDocument } from "@/lib/pricing/store";
import { FLATKEY_2026_06_11, OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { cloneSnapshot, createDraft, publishSnapshot, updateDraft } from "@/lib/pricing/service";
import { listNamesAsCalled, noFilters } from "@/lib/spend/queries";
import { backfillModelIdentity } from "@/lib/usage-store/model-identity";
import { rebuildRange } from "@/lib/usage-store/rebuild";
import { createTestKey, createTestOrg } from "./helpers";
import { adminOf } from "./alerts-fixtures";
import { call, rollupDrift } from "./ingest-fixtures";
import { ADMIN } from "./pricing-helpers";

function ev(id: string, model: string, over: Record<string, unknown> = {}) {
  const r = validateEvent(
    { id, team: "alpha", feature: "hero", workflow: "text_to_image", outcome: "accepted", timestamp: "2026-11-02T10:00:00Z", model, usage: { imageOutputTokens: 1000 }, ...over },
    new Date(),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
}

/** Five names as called for two models, plus a router (flatkey) call and an unpriced model. */
const FOLDED = [
  ev("a1", "gpt-image-2"),
  ev("a2", "openai/gpt-image-2"),
  ev("a3", "GPT-Image-2"),
  ev("b1", "gpt-image-1.5"),
  ev("b2", "gpt-image-1.5-2026-05-01"),
  ev("b3", "OpenAI/GPT-Image-1.5"),
  ev("f1", "openai/gpt-image-2", { provider: "flatkey" }),
  ev("u1", "Imagen-4-Ultra"),
];

async function orgWithFoldedNames() {
  const { org } = await createTestOrg();
  for (const s of [OPENAI_2026_06_11, FLATKEY_2026_06_11]) {
    const d = await createDraft(org.id, snapshotDocument(s), ADMIN);
    await publishSnapshot(org.id, d.summary.id, ADMIN);
  }
  const r = await ingestEvents(org.id, FOLDED, { source: "api" });
  expect(r.inserted).toBe(FOLDED.length);
  const key = await createTestKey(org.id, { scopes: ["read", "ingest"] });
  return { orgId: org.id, key: key.key };
}

async function costsByModel(key: string, extra = "") {
  const res = await call(costsGET, { method: "GET", path: `/api/v1/costs?from=2026-11-01&to=2026-11-30&tz=UTC&groupBy=model${extra}`, key });
  expect(res.status).toBe(200);
  return (res.json.rows as Array<{ model: string; cost: string; events: number }>).map((r) => [r.model, r.cost, r.events]);
}

describe("one model identity", () => {
  it("GET /api/v1/costs?groupBy=model gives one row per canonical model; filters take any alias", async () => {
    const { key } = await orgWithFoldedNames();
    const rows = await costsByModel(key);
    expect(rows.map((r) => r[0]).sort()).toEqual(["Imagen-4-Ultra", "gpt-image-1.5", "gpt-image-2"]);
    const byModel = Object.fromEntries(rows.map((r) => [r[0], r]));
    // 3 × 0.03 (openai) + 0.0315 (flatkey)
    expect(byModel["gpt-image-2"]).toEqual(["gpt-image-2", "0.121500000", 4]);
    expect(byModel["gpt-image-1.5"]).toEqual(["gpt-image-1.5", "0.096000000", 3]);
    // A filter given an alias or a dated variant means the canonical model.
    for (const name of ["openai/gpt-image-1.5", "gpt-image-1.5-2026-05-01", "GPT-Image-1.5"]) {
      expect(await costsByModel(key, `&model=${encodeURIComponent(name)}`)).toEqual([["gpt-image-1.5", "0.096000000", 3]]);
    }
  });

  it("the event list and the model drill-down keep the names as called", async () => {
    const { orgId, key } = await orgWithFoldedNames();
    const names = await listNamesAsCalled(orgId, new Date("2026-11-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"), { ...noFilters(), models: ["gpt-image-2"] });
    expect(names.map((n) => [n.asCalled, n.provider, n.events, n.cost])).toEqual([
      ["openai/gpt-image-2", "flatkey", 1, "0.031500000000"],
      ["GPT-Image-2", "openai", 1, "0.030000000000"],
      ["gpt-image-2", "openai", 1, "0.030000000000"],
      ["openai/gpt-image-2", "openai", 1, "0.030000000000"],
    ]);
    const res = await call(eventsGET, { method: "GET", path: "/api/v1/usage/events?ids=a2,b2,f1,u1", key });
    expect(res.status).toBe(200);
    const got = Object.fromEntries((res.json.events as Array<{ id: string; model: string; modelAsCalled: string }>).map((e) => [e.id, [e.model, e.modelAsCalled]]));
    expect(got).toEqual({
      a2: ["gpt-image-2", "openai/gpt-image-2"],
      b2: ["gpt-image-1.5", "gpt-image-1.5-2026-05-01"],
      f1: ["gpt-image-2", "openai/gpt-image-2"],
      u1: ["Imagen-4-Ultra", "Imagen-4-Ultra"],
    });
  });

  it("a hard budget on gpt-image-1.5 counts dated-variant spend and budget-check denies", async () => {
    const { org } = await createTestOrg();
    const d = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
    await publishSnapshot(org.id, d.summary.id, ADMIN);
    const admin = adminOf(org.id);
    // Created with an alias: stored as the canonical model.
    const b = await createBudget(admin, { name: "gpt-image-1.5 cap", period: "month", amount: "0.05", hard: true, model: "openai/gpt-image-1.5" });
    expect((await db().budget.findUniqueOrThrow({ where: { id: b.id } })).model).toBe("gpt-image-1.5");
    const rule = await createRule(admin, { name: "dated", metric: "spend", model: "gpt-image-1.5-2026-05-01", config: { unit: "usd", thresholds: ["10"], periodKind: "month" }, recipients: ["ops@test.local"] });
    expect((await db().alertRule.findUniqueOrThrow({ where: { id: rule.id } })).model).toBe("gpt-image-1.5");
    const now = new Date();
    await ingestEvents(org.id, [ev("d1", "gpt-image-1.5-2026-05-01", { timestamp: now.toISOString() }), ev("d2", "gpt-image-1.5-2025-12-16", { timestamp: now.toISOString() })], { source: "api" });

    const view = (await listBudgetViews(admin, now)).find((v) => v.id === b.id);
    expect(view?.current.spent).toBe("0.064000000");
    const p = { kind: "key" as const, keyId: "k", orgId: org.id, prefix: "ss_test", teamId: null, scopes: ["read" as const] };
    for (const model of ["gpt-image-1.5-2026-05-01", "openai/gpt-image-1.5", "gpt-image-1.5"]) {
      const r = await checkBudget(p, { model, estimatedCost: "0.01" }, now);
      expect(r).toMatchObject({ allow: false, exceeded: [b.id] });
      expect(r.budgets[0]).toMatchObject({ spent: "0.064000000" });
    }
    // Another model is outside the budget.
    expect(await checkBudget(p, { model: "gpt-image-2", estimatedCost: "0.01" }, now)).toMatchObject({ allow: true, budgets: [] });
  });

  it("a replay of a stored batch stays a duplicate, not a conflict", async () => {
    const { orgId } = await orgWithFoldedNames();
    const again = await ingestEvents(orgId, FOLDED, { source: "api" });
    expect(again).toMatchObject({ inserted: 0, duplicates: FOLDED.length });
  });

  it("repricing with a snapshot that adds an alias moves events and grains to the new canonical model", async () => {
    const { org } = await createTestOrg();
    const d = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
    const jun = (await publishSnapshot(org.id, d.summary.id, ADMIN)).snapshot.summary;
    await ingestEvents(org.id, [ev("p1", "gpt-image-2-preview"), ev("p2", "gpt-image-2")], { source: "api" });
    const key = (await createTestKey(org.id)).key;
    expect((await costsByModel(key)).map((r) => r[0]).sort()).toEqual(["gpt-image-2", "gpt-image-2-preview"]);

    const fix = await cloneSnapshot(org.id, jun.id, ADMIN);
    const rows = fix.document.rows.map((r) => (r.model === "gpt-image-2" ? { ...r, aliases: [...r.aliases, "gpt-image-2-preview"] } : r));
    await updateDraft(org.id, fix.summary.id, { rows }, ADMIN);
    const pub = await publishSnapshot(org.id, fix.summary.id, ADMIN, { startJob: false });
    expect(await runRepriceJob(pub.repriceJob!.id)).toMatchObject({ ran: true, status: "done" });

    expect(await costsByModel(key)).toEqual([["gpt-image-2", "0.060000000", 2]]);
    const p1 = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, id: "p1" } });
    expect([p1.model, p1.modelAsCalled]).toEqual(["gpt-image-2", "gpt-image-2-preview"]);
    expect(await rollupDrift(org.id)).toEqual([]);
  });

  it("migrates events and scopes stored before model identity, idempotently", async () => {
    const { orgId, key } = await orgWithFoldedNames();
    // Back to the pre-identity shape: model = the name as called, model_as_called NULL, grains keyed by it.
    await db().$transaction(async (tx) => {
      await tx.$executeRaw(Prisma.sql`UPDATE usage_events SET model = model_as_called, model_as_called = NULL WHERE org_id = ${orgId}::uuid`);
      await rebuildRange(tx, orgId, new Date("2026-11-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"));
      await tx.$executeRaw(Prisma.sql`INSERT INTO budgets (id, org_id, name, period, amount, hard, model, created_at, updated_at)
        VALUES (gen_random_uuid(), ${orgId}::uuid, 'legacy', 'month', 1, true, 'openai/gpt-image-1.5', now(), now())`);
    });
    expect(await costsByModel(key)).toHaveLength(7); // the symptom: six names for two models, plus the unpriced one

    const first = await db().$transaction((tx) => backfillModelIdentity(tx, orgId));
    expect(first).toEqual({ events: FOLDED.length, moved: 5 }); // a2, a3, b2, b3, f1
    expect((await costsByModel(key)).map((r) => r[0]).sort()).toEqual(["Imagen-4-Ultra", "gpt-image-1.5", "gpt-image-2"]);
    expect(await rollupDrift(orgId)).toEqual([]);
    const a2 = await db().usageEvent.findFirstOrThrow({ where: { orgId, id: "a2" } });
    expect([a2.model, a2.modelAsCalled]).toEqual(["gpt-image-2", "openai/gpt-image-2"]);
    expect(await canonicalizeScopeModels(orgId)).toBe(1);
    expect((await db().budget.findFirstOrThrow({ where: { orgId, name: "legacy" } })).model).toBe("gpt-image-1.5");

    // Second run: nothing left to move.
    expect(await db().$transaction((tx) => backfillModelIdentity(tx, orgId))).toEqual({ events: 0, moved: 0 });
    expect(await canonicalizeScopeModels(orgId)).toBe(0);
    // Replays of the migrated events are still duplicates (the content hash is of the event as called).
    expect(await ingestEvents(orgId, FOLDED, { source: "api" })).toMatchObject({ inserted: 0, duplicates: FOLDED.length });
  });
});
