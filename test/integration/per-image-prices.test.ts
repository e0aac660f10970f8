/**
 * Pricing units beyond tokens (#11 item 2) end to end on PostgreSQL: a per-image / per-megapixel rate card is
 * published, image-count-only events are ingested through POST /api/v1/usage, and the exact cost is read back
 * through GET /api/v1/costs (the seventh "perImage" bucket), the bucket-breakdown CSV export, a budget and
 * budget-check; a reprice keeps the bucket; every grain equals its events.
 *
 * Rate card "pixelworks" (provider "pixelworks"), model "px-1":
 *   per image   1024x1024: standard 0.04, hd 0.08 · 1024x1792: hd 0.12
 *   per MP      0.03 (USD per output megapixel; 1024x1536 = 1.572864 MP exactly)
 * Events (hand-computed):
 *   p1  3 × 1024x1024 standard                 3 × 0.04                 = 0.12
 *   p2  2 × 1024x1792 hd                       2 × 0.12                 = 0.24
 *   p3  1 × 1024x1536 (not in the table) -> MP 1.572864 × 0.03          = 0.04718592
 *   p4  1 × 1024x1024 auto (no "auto" entry) -> MP 1.048576 × 0.03      = 0.03145728
 *   p5  1 × size "auto", quality hd: neither covers it -> unpriced (image_price_not_listed)
 *   total 0.43864320
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { db } from "@/lib/db/client";
import { POST as USAGE } from "@/app/api/v1/usage/route";
import { GET as COSTS } from "@/app/api/v1/costs/route";
import { GET as EXPORT } from "@/app/api/v1/export/[table]/route";
import { POST as BUDGET_CHECK } from "@/app/api/v1/budget-check/route";
import { createBudget, listBudgetViews } from "@/lib/alerts/service";
import { exportSnapshot, importSnapshot, pricingActorOf } from "@/lib/pricing/service";
import { runRepriceJob } from "@/lib/pricing/reprice";
import { seedDemoUnitPrices } from "@/lib/demo/seed-units";
import { adminOf } from "./alerts-fixtures";
import { call, rollupDrift, wireEvent } from "./ingest-fixtures";
import { createTestKey, createTestOrg } from "./helpers";

const NOW = new Date();
const AT = new Date(NOW.getTime() - 60_000).toISOString();
const DAY = AT.slice(0, 10);
const TOTAL = "0.438643200";

async function publishPixelworks(orgId: string) {
  await db().pricingSnapshot.create({
    data: {
      orgId,
      name: "pixelworks list prices",
      provider: "pixelworks",
      version: 1,
      status: "published",
      effectiveFrom: new Date("2026-01-01T00:00:00Z"),
      publishedAt: new Date("2026-01-01T00:00:00Z"),
      batchMultiplier: "0.5",
      rows: {
        create: [
          {
            model: "px-1",
            aliases: ["pixelworks/px-1"],
            imageOutputTokens: {},
            imagePrices: { "1024x1024": { standard: "0.04", hd: "0.08" }, "1024x1792": { hd: "0.12" } },
            megapixelRate: "0.03",
          },
        ],
      },
    },
  });
}

const px = (id: string, images: number, size: string, quality: string) =>
  wireEvent({ id, timestamp: AT, provider: "pixelworks", model: "px-1", usage: undefined, images, size, quality });

describe("per-image and per-megapixel prices end to end", () => {
  let orgId: string;
  let key: string;
  let ingested: { status: number; json: Record<string, any> };
  beforeAll(async () => {
    const { org } = await createTestOrg();
    orgId = org.id;
    await publishPixelworks(orgId);
    key = (await createTestKey(orgId, { scopes: ["ingest", "read"] })).key;
    ingested = await call(USAGE, {
      path: "/api/v1/usage",
      key,
      body: { events: [px("p1", 3, "1024x1024", "standard"), px("p2", 2, "1024 x 1792", "HD"), px("p3", 1, "1024x1536", "high"), px("p4", 1, "1024x1024", "auto"), px("p5", 1, "auto", "hd")] },
    });
  });

  it("prices image-count-only events exactly at ingest (not estimated), and refuses to guess", async () => {
    expect(ingested.status).toBe(200);
    const byId = Object.fromEntries(ingested.json.events.map((e: { id: string }) => [e.id, e]));
    expect(byId.p1.cost).toBe("0.120000000");
    expect(byId.p2.cost).toBe("0.240000000");
    expect(byId.p3.cost).toBe("0.047185920");
    expect(byId.p4.cost).toBe("0.031457280");
    expect(byId.p5.cost).toBeNull();
    const stored = await db().usageEvent.findMany({ where: { orgId }, orderBy: { id: "asc" } });
    expect(stored.map((e) => [e.id, e.priced, e.estimated, e.perImageCost?.toFixed(8) ?? null, e.estimatedImageOutputTokens])).toEqual([
      ["p1", true, false, "0.12000000", 0],
      ["p2", true, false, "0.24000000", 0],
      ["p3", true, false, "0.04718592", 0],
      ["p4", true, false, "0.03145728", 0],
      ["p5", false, false, null, 0],
    ]);
    expect(stored[4].unpricedReason).toMatch(/no per-image price for size auto at quality hd; size auto has no megapixel count/);
    expect(await rollupDrift(orgId)).toEqual([]);
  });

  it("GET /api/v1/costs answers the exact total in the perImage bucket", async () => {
    const res = await COSTS(new Request(`http://localhost/api/v1/costs?from=${DAY}&to=${DAY}&tz=UTC&groupBy=model`, { headers: { authorization: `Bearer ${key}` } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toMatchObject({ cost: TOTAL, events: 5, images: 8, unpricedEvents: 1 });
    expect(body.total.buckets).toEqual({
      textInput: "0.000000000",
      cachedTextInput: "0.000000000",
      textOutput: "0.000000000",
      imageInput: "0.000000000",
      cachedImageInput: "0.000000000",
      imageOutput: "0.000000000",
      perImage: TOTAL,
    });
    expect(body.rows.map((r: { model: string; cost: string }) => [r.model, r.cost])).toEqual([["px-1", TOTAL]]);
  });

  it("exports the bucket breakdown as CSV with a Per image row adding up to the total", async () => {
    const res = await EXPORT(new Request(`http://localhost/api/v1/export/buckets?from=${DAY}&to=${DAY}`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({ table: "buckets" }),
    });
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.Bucket === "Per image")?.["Cost (USD)"]).toBe(TOTAL);
    expect(rows.find((r) => r.Bucket === "Total")?.["Cost (USD)"]).toBe(TOTAL);
    expect(rows.find((r) => r.Bucket === "Image output")?.["Cost (USD)"]).toBe("0.000000000");
  });

  it("counts per-image spend against budgets and in budget-check", async () => {
    const admin = adminOf(orgId);
    const b = await createBudget(admin, { name: "Pixelworks month", period: "month", amount: "0.5", hard: true, team: "alpha" });
    const view = (await listBudgetViews(admin, NOW)).find((v) => v.id === b.id);
    expect(view?.current.spent).toBe(TOTAL);
    const check = await call(BUDGET_CHECK, { path: "/api/v1/budget-check", key, body: { team: "alpha", feature: "hero-images", estimatedCost: "0.07" } });
    expect(check.status).toBe(200);
    // 0.4386432 + 0.07 = 0.5086432 > 0.5
    expect(check.json.budgets[0]).toMatchObject({ id: b.id, spent: TOTAL, wouldExceed: true, exceededBy: "0.008643200" });
    expect(check.json.allow).toBe(false);
  });

  it("round-trips the unit prices through export and import, and a published price change reprices the bucket", async () => {
    const snap = await db().pricingSnapshot.findFirstOrThrow({ where: { orgId, provider: "pixelworks" } });
    const actor = pricingActorOf(adminOf(orgId));
    const file = await exportSnapshot(orgId, snap.id, "json");
    const doc = JSON.parse(file.body);
    expect(doc.rows[0]).toMatchObject({ model: "px-1", imagePrices: { "1024x1024": { standard: "0.04", hd: "0.08" }, "1024x1792": { hd: "0.12" } }, megapixelPrice: "0.03" });
    const same = await importSnapshot(orgId, { format: "json", content: file.body, dryRun: true }, actor);
    expect(same.document.rows[0]).toEqual(doc.rows[0]);
    expect(same.diff.changed).toEqual([]);

    // Standard drops to 0.035, the megapixel price rises to 0.05; p5 stays unpriced.
    doc.rows[0].imagePrices["1024x1024"].standard = "0.035";
    doc.rows[0].megapixelPrice = "0.05";
    doc.effectiveFrom = "2026-02-01T00:00:00Z";
    const csv = await exportSnapshot(orgId, snap.id, "csv");
    expect(csv.body).toContain("1024x1024:standard=0.04;hd=0.08 1024x1792:hd=0.12,0.03");
    const published = await importSnapshot(orgId, { format: "json", content: JSON.stringify(doc), publish: true }, actor, { startJob: false });
    expect(published.diff.changed[0]).toMatchObject({
      model: "px-1",
      imagePrices: [{ size: "1024x1024", quality: "standard", from: "0.04", to: "0.035" }],
      megapixelPrice: { from: "0.03", to: "0.05" },
    });
    expect(await runRepriceJob(published.repriceJob!.id)).toMatchObject({ ran: true, status: "done" });
    // p1 3 × 0.035 = 0.105; p2 0.24; p3 1.572864 × 0.05 = 0.0786432; p4 1.048576 × 0.05 = 0.0524288 -> 0.476072
    const res = await COSTS(new Request(`http://localhost/api/v1/costs?from=${DAY}&to=${DAY}&tz=UTC`, { headers: { authorization: `Bearer ${key}` } }));
    const body = await res.json();
    expect(body.total.cost).toBe("0.476072000");
    expect(body.total.buckets.perImage).toBe("0.476072000");
    expect(await rollupDrift(orgId)).toEqual([]);
  });
});

describe("demo per-image vendor", () => {
  it("publishes PixelForge and prices every one of its image-count-only events exactly", async () => {
    const { org } = await createTestOrg({ teams: ["creative-studio", "marketplace"] });
    const now = new Date("2026-11-25T12:00:00Z");
    const r = await seedDemoUnitPrices(org.id, now);
    expect(r.events).toBeGreaterThan(800);
    const stats = await db().usageEvent.groupBy({ by: ["priced", "estimated"], where: { orgId: org.id }, _count: true, _sum: { perImageCost: true, cost: true } });
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ priced: true, estimated: false, _count: r.events });
    expect(stats[0]._sum.perImageCost?.toString()).toBe(stats[0]._sum.cost?.toString());
    // A 2048x2048 image is not in the table: 4.194304 MP × 0.035 = 0.14680064 per image.
    const big = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, size: "2048x2048", images: 1 } });
    expect(big.cost?.toFixed(8)).toBe("0.14680064");
    expect(await rollupDrift(org.id)).toEqual([]);
  }, 120_000);
});
