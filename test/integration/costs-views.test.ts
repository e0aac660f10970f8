/**
 * The views' services against PostgreSQL: CSV exports hold exactly the figures of the costs API (full precision),
 * dimension tables and their totals agree, and saved estimates compare with actual usage.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { db } from "@/lib/db/client";
import { emptyTokens } from "@/lib/cost/types";
import { ingestEvents } from "@/lib/ingest/service";
import type { NormalizedEvent } from "@/lib/ingest/event-schema";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { sum, toAmountString } from "@/lib/money/decimal";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { getCosts } from "@/lib/spend/costs-service";
import { compareEstimate, saveEstimate } from "@/lib/spend/estimates-service";
import { estimateInputSchema } from "@/lib/spend/estimates";
import { loadDimensions, loadPageView } from "@/lib/spend/views-service";
import { GET as exportGET } from "@/app/api/v1/export/[table]/route";
import { createTestKey, createTestOrg, createTestUser } from "./helpers";
import { rowCreateData } from "@/lib/pricing/store";

const NOW = new Date("2026-11-20T12:00:00Z");

async function publishSeedRates(orgId: string) {
  const s = OPENAI_2026_06_11;
  await db().pricingSnapshot.create({
    data: {
      orgId,
      name: s.name,
      provider: s.provider,
      version: 1,
      status: "published",
      effectiveFrom: s.effectiveFrom,
      publishedAt: s.effectiveFrom,
      batchMultiplier: s.batchMultiplier,
      rows: {
        create: s.rows.map((r, position) => rowCreateData(r, position)),
      },
    },
  });
}

function gen(i: number, over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    id: `v${i}`,
    timestamp: new Date(Date.UTC(2026, 10, 1 + (i % 18), 9 + (i % 7), 17)),
    team: i % 3 === 0 ? "beta" : "alpha",
    feature: i % 2 ? "hero" : "thumbs",
    workflow: "text_to_image",
    stage: null,
    traceId: null,
    model: i % 4 === 0 ? "gpt-image-1-mini" : "gpt-image-2",
    provider: "openai",
    tokens: { ...emptyTokens(), textInput: 100 + i, imageOutput: i % 4 === 0 ? 625 : 1756 },
    tokenSource: "usage",
    images: 1,
    size: "1024x1024",
    quality: i % 4 === 0 ? "low" : "medium",
    inputImages: null,
    batch: i % 5 === 0,
    attempt: i % 6 === 0 ? 2 : 1,
    outcome: i % 7 === 0 ? "rejected" : "accepted",
    metadata: null,
    ...over,
  };
}

describe("views and exports", () => {
  let orgId: string;
  let key: string;
  let user: UserPrincipal;
  beforeAll(async () => {
    const { org } = await createTestOrg({ timeZone: "Europe/Berlin" });
    orgId = org.id;
    await publishSeedRates(orgId);
    const r = await ingestEvents(orgId, Array.from({ length: 60 }, (_, i) => gen(i)), { source: "api" });
    expect(r.inserted).toBe(60);
    key = (await createTestKey(orgId, { scopes: ["read"] })).key;
    const u = await createTestUser(orgId, "member");
    user = { kind: "user", userId: u.user.id, orgId, email: u.email, name: "M", role: "member", teamIds: [] };
  });

  const csvOf = async (table: string, query: string) => {
    const res = await exportGET(new Request(`http://localhost/api/v1/export/${table}?${query}`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({ table }),
    });
    const text = await res.text();
    const rows = res.status === 200 ? (parse(text, { columns: true }) as Array<Record<string, string>>) : [];
    return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), rows, text };
  };

  it("exports the features table with the costs API's exact figures and total", async () => {
    const range = "from=2026-11-01&to=2026-11-18";
    const csv = await csvOf("features", range);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    expect(csv.disposition).toBe('attachment; filename="features-2026-11-01-2026-11-18.csv"');
    const api = await getCosts({ kind: "key", keyId: "k", orgId, prefix: "p", teamId: null, scopes: ["read"] }, { from: "2026-11-01", to: "2026-11-18", groupBy: ["feature"] }, NOW);
    const total = csv.rows.find((r) => r.Name === "Total");
    expect(total?.["Spend (USD)"]).toBe(api.body.total.cost);
    for (const row of api.body.rows) expect(csv.rows.find((r) => r.Name === row.feature)?.["Spend (USD)"]).toBe(row.cost);
    expect(toAmountString(sum(csv.rows.filter((r) => r.Name !== "Total").map((r) => r["Spend (USD)"])))).toBe(total?.["Spend (USD)"]);
    expect(total?.Requests).toBe("60");
  });

  it("keeps the sort of the page in the export and refuses bad parameters", async () => {
    const asc = await csvOf("features", "from=2026-11-01&to=2026-11-18&sort=spend&dir=asc");
    const spends = asc.rows.filter((r) => r.Name !== "Total").map((r) => Number(r["Spend (USD)"]));
    expect(spends).toEqual([...spends].sort((a, b) => a - b));
    const bad = await csvOf("features", "from=2026-11-05&to=2026-11-01");
    expect(bad.status).toBe(400);
    expect(bad.type).toBe("application/problem+json");
    const unknown = await csvOf("nonsense", "");
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).invalidFields[0].path).toBe("table");
  });

  it("exports the bucket breakdown of a filtered slice, adding up to its total", async () => {
    const csv = await csvOf("buckets", "from=2026-11-01&to=2026-11-18&feature=hero&model=gpt-image-2");
    const total = csv.rows.find((r) => r.Bucket === "Total")?.["Cost (USD)"];
    const api = await getCosts({ kind: "key", keyId: "k", orgId, prefix: "p", teamId: null, scopes: ["read"] }, { from: "2026-11-01", to: "2026-11-18", feature: ["hero"], model: ["gpt-image-2"] }, NOW);
    expect(total).toBe(api.body.total.cost);
    expect(toAmountString(sum(csv.rows.filter((r) => r.Bucket !== "Total").map((r) => r["Cost (USD)"])))).toBe(total);
  });

  it("builds every dimension table of a page from one consistent snapshot", async () => {
    const pv = await loadPageView(user, { from: "2026-11-01", to: "2026-11-18" }, NOW);
    const data = await loadDimensions(pv, ["team", "feature", "model", "workflow", "outcome"]);
    for (const s of data.sections) {
      const spends = s.table.rows.map((r) => String(r.cells.spend));
      expect(toAmountString(sum(spends)), s.dim).toBe(data.total.cost);
      expect(s.table.total?.spend).toBe(data.total.cost);
    }
    expect(data.trend).toHaveLength(18);
    expect(toAmountString(sum(data.trend.map((d) => d.cost)))).toBe(data.total.cost);
  });

  it("saves an estimate against a feature and compares it with the feature's actual cost", async () => {
    const saved = await saveEstimate(user, {
      name: "hero medium",
      feature: "hero",
      inputs: estimateInputSchema.parse({ model: "gpt-image-2", quality: "medium", size: "1024x1024", count: 100, promptTokens: 100 }),
    });
    expect(saved).toMatchObject({ feature: "hero", count: 100, perImageCost: "0.053180000", totalCost: "5.318000000" });
    const audit = await db().auditLog.findFirst({ where: { orgId, entityType: "estimate", entityId: saved.id } });
    expect(audit?.action).toBe("estimate.create");
    const pv = await loadPageView(user, { from: "2026-11-01", to: "2026-11-18" }, NOW);
    const cmp = await compareEstimate(pv, saved.id);
    const api = await getCosts({ kind: "key", keyId: "k", orgId, prefix: "p", teamId: null, scopes: ["read"] }, { from: "2026-11-01", to: "2026-11-18", feature: ["hero"] }, NOW);
    expect(cmp.actual.cost).toBe(api.body.total.cost);
    expect(cmp.actual.events).toBe(30);
    const atVolume = cmp.comparison.rows.find((r) => r.key === "atVolume")?.cells;
    expect(atVolume).toMatchObject({ expected: "1.595400000", actual: api.body.total.cost }); // 30 × 0.05318
    await expect(saveEstimate({ ...user, role: "viewer" }, { name: "x", feature: "hero", inputs: estimateInputSchema.parse({ model: "gpt-image-2" }) })).rejects.toMatchObject({ status: 403 });
    await expect(saveEstimate(user, { name: "x", feature: "hero", inputs: estimateInputSchema.parse({ model: "dall-e-9" }) })).rejects.toMatchObject({ status: 400 });
  });
});
