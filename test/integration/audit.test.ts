import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { createBudget, createRule, deleteBudget, deleteRule } from "@/lib/alerts/service";
import { muteRule, updateBudget, updateRule } from "@/lib/alerts/service";
import { createApiKey, createTeam, createUser, revokeApiKey } from "@/lib/org/service";
import { setProjectMapping } from "@/lib/ingest/imports";
import { snapshotDocument } from "@/lib/pricing/store";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { cloneSnapshot, createDraft, deleteDraft, importSnapshot } from "@/lib/pricing/service";
import { pricingActorOf, publishSnapshot, updateDraft } from "@/lib/pricing/service";
import { GET as auditGET } from "@/app/api/v1/audit/route";
import { callRoute } from "@/test/support/request-call";
import { sessionCookie } from "@/test/support/session-cookie";
import { createTestKey, createTestOrg, createTestUser } from "./helpers";

/**
 * Suite 8: every kind of admin change lands in the audit log with its actor, before and after (secrets redacted),
 * and admins (only) read it through GET /api/v1/audit, filtered and keyset-paged.
 */
const WEBHOOK = "https://hooks.example.com/services/T000/B000/very-secret-token";

let orgId: string;
let admin: UserPrincipal;
let adminCookie: string;
let memberCookie: string;
let viewerCookie: string;
let readKey: string;
let keyHash: string;

beforeAll(async () => {
  const { org } = await createTestOrg();
  orgId = org.id;
  const a = await createTestUser(orgId, "admin");
  admin = { kind: "user", userId: a.user.id, orgId, email: a.email, name: a.email, role: "admin", teamIds: [] };
  adminCookie = await sessionCookie(a.user);
  memberCookie = await sessionCookie((await createTestUser(orgId, "member", ["alpha"])).user);
  viewerCookie = await sessionCookie((await createTestUser(orgId, "viewer")).user);
  readKey = (await createTestKey(orgId, { scopes: ["read"] })).key;

  // One change of every kind, made as the admin.
  const actor = { actor: `user:${admin.userId}`, actorLabel: admin.email };
  const pricing = pricingActorOf(admin);
  const draft = await createDraft(orgId, snapshotDocument(OPENAI_2026_06_11), pricing);
  await updateDraft(orgId, draft.summary.id, { name: "Edited rates" }, pricing);
  await publishSnapshot(orgId, draft.summary.id, pricing);
  const clone = await cloneSnapshot(orgId, draft.summary.id, pricing, {});
  await deleteDraft(orgId, clone.summary.id, pricing);
  const flatkey = JSON.stringify({ ...snapshotDocument(OPENAI_2026_06_11), provider: "flatkey" });
  await importSnapshot(orgId, { format: "json", content: flatkey }, pricing);
  await createTeam(orgId, { slug: "gamma", name: "Gamma" }, actor);
  const person = { email: "new.person@test.local", role: "member", password: "long enough password", teams: ["gamma"] };
  await createUser(orgId, person, actor);
  const key = await createApiKey(orgId, { name: "audited key", team: "gamma", scopes: ["ingest"] }, actor);
  keyHash = (await db().apiKey.findUniqueOrThrow({ where: { prefix: key.prefix } })).hash;
  await revokeApiKey(orgId, key.prefix, actor);
  const budget = await createBudget(admin, { name: "Gamma monthly", period: "month", amount: "100", team: "gamma" });
  await updateBudget(admin, budget.id, { amount: "150" });
  const config = { unit: "percent_of_budget", thresholds: ["80"] };
  const hook = { name: "Gamma hook", metric: "spend", budgetId: budget.id, config, webhookUrl: WEBHOOK };
  const rule = await createRule(admin, hook);
  await updateRule(admin, rule.id, { name: "Gamma hook renamed" });
  await muteRule(admin, rule.id, { until: "2099-01-01T00:00:00Z" });
  await deleteRule(admin, rule.id);
  await deleteBudget(admin, budget.id);
  await setProjectMapping(orgId, "proj_gamma", "gamma", admin);
});

const rows = (where: Record<string, unknown> = {}) =>
  db().auditLog.findMany({ where: { orgId, ...where }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("every admin change is audited", () => {
  it.each([
    ["pricing_snapshot.create", "after"],
    ["pricing_snapshot.update", "both"],
    ["pricing_snapshot.publish", "after"],
    ["pricing_snapshot.clone", "after"],
    ["pricing_snapshot.delete", "before"],
    ["pricing_snapshot.import", "after"],
    ["team.create", "after"],
    ["user.create", "after"],
    ["api_key.create", "after"],
    ["api_key.revoke", "both"],
    ["budget.create", "after"],
    ["budget.update", "both"],
    ["budget.delete", "before"],
    ["alert_rule.create", "after"],
    ["alert_rule.update", "both"],
    ["alert_rule.mute", "both"],
    ["alert_rule.delete", "before"],
  ] as const)("%s: actor, entity and %s recorded", async (action, has) => {
    const [r] = await rows({ action, actor: `user:${admin.userId}` });
    expect(r, `no audit row for ${action}`).toBeDefined();
    expect(r).toMatchObject({ actor: `user:${admin.userId}`, actorLabel: admin.email });
    expect(r.entityId).toBeTruthy();
    if (has !== "after") expect(r.before).not.toBeNull();
    if (has !== "before") expect(r.after).not.toBeNull();
  });

  it("records the change itself: budget amount before and after, the user's memberships", async () => {
    const [b] = await rows({ action: "budget.update" });
    expect(b.before).toMatchObject({ amount: "100" });
    expect(b.after).toMatchObject({ amount: "150" });
    const [u] = await rows({ action: "user.create", actor: `user:${admin.userId}` });
    expect(u.after).toMatchObject({ email: "new.person@test.local", role: "member", teams: ["gamma"] });
  });

  it("never stores a secret: webhook URLs keep their origin only, no key hash, no password", async () => {
    const all = JSON.stringify(await rows());
    expect(all).not.toContain("very-secret-token");
    expect(all).not.toContain(keyHash);
    expect(all).not.toContain("long enough password");
    const [r] = await rows({ action: "alert_rule.create" });
    expect(r.after).toMatchObject({ webhookUrl: "https://hooks.example.com/[redacted]" });
  });
});

describe("GET /api/v1/audit", () => {
  const get = (query: string, creds: { cookie?: string; key?: string } = { cookie: adminCookie }) =>
    callRoute(auditGET, { method: "GET", path: `/api/v1/audit${query}`, ...creds });
  type Entry = { id: string; action: string; entityType: string; actorLabel: string; before: unknown; after: unknown };
  const body = (r: { text: string }) => JSON.parse(r.text) as { entries: Entry[]; nextCursor: string | null };

  it("admins page through every entry once, newest first, by keyset cursor", async () => {
    const total = await db().auditLog.count({ where: { orgId } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(`?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      const b = body(r);
      seen.push(...b.entries.map((e) => e.id));
      cursor = b.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const newestFirst = (await rows()).reverse().map((r) => r.id);
    expect(seen).toEqual(newestFirst);
  });

  it("filters by entity type, action (exact or prefix), actor and date range", async () => {
    const byType = body(await get("?entityType=budget"));
    expect(byType.entries.map((e) => e.action).sort()).toEqual(["budget.create", "budget.delete", "budget.update"]);
    expect(body(await get("?action=alert_rule.mute")).entries).toHaveLength(1);
    const keyActions = body(await get("?action=api_key.")).entries.map((e) => e.action).sort();
    expect(keyActions).toEqual(["api_key.create", "api_key.create", "api_key.revoke"]);
    const byActor = body(await get(`?actor=${encodeURIComponent(admin.email)}&limit=200`));
    expect(byActor.entries.length).toBeGreaterThan(15);
    expect(byActor.entries.every((e) => e.actorLabel === admin.email)).toBe(true);
    expect(body(await get("?actor=cli&entityType=api_key")).entries.map((e) => e.action)).toEqual(["api_key.create"]);
    const today = new Date().toISOString().slice(0, 10);
    const todays = body(await get(`?from=${today}&to=${today}&limit=200`)).entries;
    expect(todays.length).toBe(await db().auditLog.count({ where: { orgId } }));
    expect(body(await get("?from=2000-01-01&to=2000-01-31")).entries).toEqual([]);
  });

  it("answers 400 naming the field for a bad filter or cursor", async () => {
    for (const [q, field] of [
      ["?from=2026-13-45", "from"],
      ["?from=2026-11-02&to=2026-11-01", "to"],
      ["?cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["?limit=0", "limit"],
    ]) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(JSON.parse(r.text).invalidFields.map((f: { path: string }) => f.path), q).toContain(field);
    }
    const unknown = await get("?sort=id");
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).detail).toContain("sort");
  });

  it("is for admins only", async () => {
    expect((await get("", { cookie: memberCookie })).status).toBe(403);
    expect((await get("", { cookie: viewerCookie })).status).toBe(403);
    expect((await get("", { key: readKey })).status).toBe(401);
    expect((await get("", {})).status).toBe(401);
  });
});
