import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/budget-check/route";
import { checkBudget } from "@/lib/alerts/budget-check";
import { createBudget } from "@/lib/alerts/service";
import type { KeyPrincipal } from "@/lib/auth/permissions";
import { createTestKey, createTestOrg } from "./helpers";
import { addRollup, adminOf } from "./alerts-fixtures";

function call(key: string, body: unknown) {
  return POST(new Request("http://localhost/api/v1/budget-check", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }));
}

function keyPrincipal(orgId: string, teamId: string | null = null): KeyPrincipal {
  return { kind: "key", keyId: "k", orgId, prefix: "ss_test", teamId, scopes: ["read"] };
}

describe("POST /api/v1/budget-check", () => {
  it("answers at the boundary: just under, exactly at, just over a hard budget", async () => {
    const { org, teams } = await createTestOrg();
    const admin = adminOf(org.id);
    const hard = await createBudget(admin, { name: "Alpha hero hard", period: "month", amount: "10", hard: true, team: "alpha", feature: "hero-images" });
    await createBudget(admin, { name: "Soft org budget", period: "month", amount: "1", hard: false });
    const now = new Date();
    await addRollup(org.id, [
      { hour: now, teamId: teams.alpha.id, feature: "hero-images", cost: "9.5" },
      { hour: now, teamId: teams.alpha.id, feature: "other", cost: "100" }, // outside the budget's feature
    ]);
    const key = await createTestKey(org.id, { team: "alpha", scopes: ["ingest"] });

    const under = await call(key.key, { feature: "hero-images", model: "gpt-image-1", estimatedCost: "0.499999999" });
    expect(under.status).toBe(200);
    const u = await under.json();
    expect(u).toMatchObject({ allow: true, remaining: "0.500000000", exceeded: [] });
    expect(u.budgets).toHaveLength(1);
    expect(u.budgets[0]).toMatchObject({ id: hard.id, name: "Alpha hero hard", period: "month", limit: "10.000000000", spent: "9.500000000", wouldExceed: false, scope: { team: "alpha", feature: "hero-images" } });

    const at = await (await call(key.key, { feature: "hero-images", estimatedCost: "0.5" })).json();
    expect(at).toMatchObject({ allow: true, remaining: "0.500000000", exceeded: [] });
    expect(at.budgets[0]).toMatchObject({ projected: "10.000000000", wouldExceed: false, exceededBy: "0.000000000" });

    const over = await (await call(key.key, { feature: "hero-images", estimatedCost: "0.500000001" })).json();
    expect(over).toMatchObject({ allow: false, remaining: "0.500000000", exceeded: [hard.id] });
    expect(over.budgets[0]).toMatchObject({ wouldExceed: true, exceededBy: "0.000000001" });

    // A request outside the budget's scope is not limited by it.
    const elsewhere = await (await call(key.key, { feature: "thumbnails", estimatedCost: "50" })).json();
    expect(elsewhere).toEqual({ allow: true, remaining: null, estimatedCost: "50.000000000", budgets: [], exceeded: [], images: { requested: 1, remaining: null, quotas: [], exceeded: [] } });
  });

  it("starts over when the period rolls over (in the organization's time zone)", async () => {
    const { org, teams } = await createTestOrg({ timeZone: "America/New_York" });
    const admin = adminOf(org.id);
    const daily = await createBudget(admin, { name: "Beta daily", period: "day", amount: "5", hard: true, team: "beta" });
    // 23:00 New York on Nov 25 is 04:00 UTC on Nov 26: still Nov 25's budget day.
    await addRollup(org.id, [{ hour: "2026-11-26T04:00:00Z", teamId: teams.beta.id, cost: "5" }]);
    const p = keyPrincipal(org.id);
    const lateEvening = await checkBudget(p, { team: "beta", estimatedCost: "0.01" }, new Date("2026-11-26T04:59:59Z"));
    expect(lateEvening).toMatchObject({ allow: false, remaining: "0.000000000", exceeded: [daily.id] });
    expect(lateEvening.budgets[0]).toMatchObject({ periodKey: "2026-11-25", periodStart: "2026-11-25T05:00:00.000Z", periodEnd: "2026-11-26T05:00:00.000Z" });
    // Local midnight: a new day, nothing spent yet.
    const nextDay = await checkBudget(p, { team: "beta", estimatedCost: "5" }, new Date("2026-11-26T05:00:00Z"));
    expect(nextDay).toMatchObject({ allow: true, remaining: "5.000000000", exceeded: [] });
    expect(nextDay.budgets[0]).toMatchObject({ periodKey: "2026-11-26", spent: "0.000000000" });
  });

  it("counts the same spend against every budget that applies and names the one exceeded", async () => {
    const { org, teams } = await createTestOrg();
    const admin = adminOf(org.id);
    const orgWide = await createBudget(admin, { name: "Org month", period: "month", amount: "1000", hard: true });
    const team = await createBudget(admin, { name: "Alpha week", period: "week", amount: "20", hard: true, team: "alpha" });
    await createBudget(admin, { name: "Beta week", period: "week", amount: "1", hard: true, team: "beta" });
    await addRollup(org.id, [{ hour: "2026-11-24T10:00:00Z", teamId: teams.alpha.id, cost: "15" }]);
    const r = await checkBudget(keyPrincipal(org.id), { team: "alpha", estimatedCost: "6" }, new Date("2026-11-25T12:00:00Z"));
    expect(r.allow).toBe(false);
    expect(r.exceeded).toEqual([team.id]);
    expect(r.remaining).toBe("5.000000000");
    expect(r.budgets.map((b) => [b.id, b.spent, b.wouldExceed])).toEqual([
      [team.id, "15.000000000", true],
      [orgWide.id, "15.000000000", false],
    ]);
  });

  it("refuses bad input with 400s, an unknown team, and another team's budgets for a team key", async () => {
    const { org } = await createTestOrg();
    const key = await createTestKey(org.id, { team: "alpha", scopes: ["read"] });
    const bad = await call(key.key, { estimatedCost: 0.5, colour: "red" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const problem = await bad.json();
    expect(problem.invalidFields.map((f: { path: string }) => f.path).sort()).toEqual(["(root)", "estimatedCost"].sort());
    expect((await call(key.key, { estimatedCost: "-1" })).status).toBe(400);
    expect((await call(key.key, { team: "nope", estimatedCost: "1" })).status).toBe(400);
    expect((await call(key.key, { team: "beta", estimatedCost: "1" })).status).toBe(403);
    expect((await call(`${key.key}x`, { estimatedCost: "1" })).status).toBe(401);
  });
});
