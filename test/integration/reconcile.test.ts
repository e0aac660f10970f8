/**
 * Billed vs tracked reconciliation against PostgreSQL: the route's numbers equal sums computed straight from
 * billed_costs and usage_events, the gap is explained by its sources, team keys see only their projects, CSV export.
 */
import { describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db/client";
import { dec } from "@/lib/money/decimal";
import type { Reconciliation } from "@/lib/reconcile/service";
import * as route from "@/app/api/v1/reconciliation/route";
import { createTestKey } from "./helpers";
import { reconcileFixture } from "./reconcile-fixtures";

async function trackedSql(orgId: string, team: string, date: string): Promise<string> {
  const [r] = await db().$queryRaw<{ cost: string }[]>(Prisma.sql`
    SELECT coalesce(sum(e.cost), 0)::text AS cost FROM usage_events e JOIN teams t ON t.id = e.team_id
    WHERE e.org_id = ${orgId}::uuid AND t.slug = ${team} AND e.provider = 'openai' AND (e.occurred_at AT TIME ZONE 'UTC')::date = ${date}::date`);
  return r.cost;
}

const get = async (qs: string, headers: Record<string, string>) => route.GET(new Request(`http://localhost/api/v1/reconciliation${qs}`, { headers }));

describe("GET /api/v1/reconciliation", () => {
  it("billed against tracked per day and project equals an independent SQL computation, the gap explained", async () => {
    const t = await reconcileFixture();
    const read = await createTestKey(t.orgId, { scopes: ["read"] });
    const res = await get("?from=2026-11-01&to=2026-11-30", { authorization: `Bearer ${read.key}` });
    expect(res.status).toBe(200);
    const r = (await res.json()) as Reconciliation;
    expect(r.lastBilledDate).toBe("2026-11-03");
    const alphaTracked = await trackedSql(t.orgId, "alpha", "2026-11-01");
    const betaTracked = await trackedSql(t.orgId, "beta", "2026-11-01");
    expect(dec(alphaTracked).gt(0)).toBe(true);
    expect(r.rows.map((x) => [x.date, x.projects.join(","), x.team, dec(x.billed).toFixed(), dec(x.tracked).toFixed(), x.status])).toEqual([
      ["2026-11-01", "proj_a", "alpha", "10.75", dec(alphaTracked).toFixed(), expect.any(String)],
      ["2026-11-01", "proj_b", "beta", "0", dec(betaTracked).toFixed(), "unexplained"],
      ["2026-11-01", "proj_z", null, "0.7", "0", "explained"],
      ["2026-11-02", "proj_a", "alpha", "2", "0", "explained"],
      ["2026-11-03", "proj_a", "alpha", "0.5", "0", "explained"],
    ]);
    const a = r.rows[0];
    expect(a.variance).toBe(dec("10.75").minus(alphaTracked).toFixed(9));
    expect(a.sources.map((s) => [s.source, s.amount, s.events])).toEqual([
      ["unmatched_line_items", "1.500000000", null],
      ["unpriced_events", null, 1],
    ]);
    expect(a.trackedEvents).toBe(3);
    expect(r.rows[3].sources).toEqual([{ source: "no_tracked_events", amount: "2.000000000", events: 0 }]);
    expect(dec(r.total.billed).toFixed()).toBe("13.95");
    expect(dec(r.total.tracked).eq(dec(alphaTracked).plus(betaTracked))).toBe(true);
  });

  it("a team key sees only its teams' projects; CSV export; bad input is a 400 naming the field", async () => {
    const t = await reconcileFixture();
    const alpha = await createTestKey(t.orgId, { team: "alpha", scopes: ["read"] });
    const h = { authorization: `Bearer ${alpha.key}` };
    const r = (await (await get("?from=2026-11-01&to=2026-11-30", h)).json()) as Reconciliation;
    expect([...new Set(r.rows.map((x) => x.projects.join(",")))]).toEqual(["proj_a"]);
    const csv = await get("?from=2026-11-01&to=2026-11-03&format=csv", h);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("Date (UTC),OpenAI project,Team,Billed (USD),Tracked (USD),Billed − tracked (USD),Variance (%),Explained by,Unexplained (USD),Status");
    expect(lines[2]).toBe("2026-11-02,proj_a,ALPHA,2.000000000,0.000000000,2.000000000,100.00,no tracked events that day ($2.00),0.000000000,explained");
    expect(lines.at(-1)!.startsWith("Total,,,13.250000000,")).toBe(true);
    const bad = await get("?from=2026-13-01", h);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalidFields: { path: string }[] }).invalidFields[0].path).toBe("from");
    expect((await get("?from=2026-11-05&to=2026-11-01", h)).status).toBe(400);
  });
});
