import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { dec, sum } from "@/lib/money/decimal";
import { ingestEvents, IngestRejected } from "@/lib/ingest/service";
import { SEED_SNAPSHOTS } from "@/lib/pricing/seed-snapshot";
import { generateDemoUsage, seedDemoUsage } from "@/lib/demo/seed-usage";
import { DEMO_TEAMS } from "@/lib/demo/catalog";
import { CLI_ACTOR } from "@/lib/audit/log";
import { createTeam } from "@/lib/org/service";
import { createTestOrg } from "./helpers";
import { event, eventTotals, publishSnapshot, rollupDrift, rollupTotals } from "./ingest-fixtures";

describe("ingestEvents: concurrency", () => {
  it("two concurrent batches with the same ids store and count each event once", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    const events = Array.from({ length: 300 }, (_, i) => event({ id: `conc-${i}`, timestamp: new Date(Date.UTC(2026, 10, 1, i % 24, 5)) }));
    const [a, b] = await Promise.all([
      ingestEvents(org.id, events, { source: "api" }),
      ingestEvents(org.id, [...events].reverse(), { source: "api" }),
    ]);
    expect(a.inserted + b.inserted).toBe(300);
    expect(a.duplicates + b.duplicates).toBe(300);
    expect(await eventTotals(org.id)).toEqual({ events: "300", cost: "15.954000000000" }); // 300 x 0.05318
    expect(await rollupTotals(org.id)).toMatchObject({ events: "300", cost: "15.954000000000" });
    expect(await rollupDrift(org.id)).toEqual([]);
  });

  it("overlapping concurrent batches (shared rollup rows, partly shared ids) never double count", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    const mk = (i: number) => event({ id: `ov-${i}`, timestamp: new Date(Date.UTC(2026, 10, 2, 10, i % 60)) });
    const batches = [0, 1, 2, 3].map((k) => Array.from({ length: 200 }, (_, i) => mk(k * 100 + i)));
    const results = await Promise.all(batches.map((b) => ingestEvents(org.id, b, { source: "api" })));
    expect(results.reduce((s, r) => s + r.inserted, 0)).toBe(500); // ids 0..499
    expect(await rollupTotals(org.id)).toMatchObject({ events: "500" });
    expect(await rollupDrift(org.id)).toEqual([]);
  });
});

describe("ingestEvents: rollups", () => {
  it("rollup totals equal the sum of event costs to the last digit, over a mixed batch", async () => {
    const { org, teams } = await createTestOrg();
    await publishSnapshot(org.id);
    const qualities = ["low", "medium", "high"];
    const models = ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini", "gpt-image-1", "gpt-4.1-mini", "unknown-model"];
    const events = Array.from({ length: 600 }, (_, i) =>
      event({
        id: `mix-${i}`,
        team: i % 3 === 0 ? "beta" : "alpha",
        timestamp: new Date(Date.UTC(2026, 10, 3, i % 24, (i * 7) % 60, i % 60, i % 1000)),
        model: models[i % models.length],
        quality: qualities[i % 3],
        size: i % 4 === 0 ? "1024x1536" : "1024x1024",
        batch: i % 5 === 0,
        attempt: 1 + (i % 4 === 0 ? 1 : 0),
        outcome: (["accepted", "rejected", "failed", "unknown"] as const)[i % 4],
        images: i % 7 === 0 ? null : 1 + (i % 3),
        // Odd token counts make the 12-decimal rounding of every bucket matter.
        tokens: i % 11 === 0 ? { textInput: 0, imageOutput: 0 } : { textInput: 17 + i, cachedTextInput: i % 13, textOutput: i % 9, imageInput: (i * 37) % 1001, imageOutput: 101 + i * 13 },
        tokenSource: i % 11 === 0 ? "none" : "usage",
        feature: `feature-${i % 9}`,
        stage: null,
      }),
    );
    const r = await ingestEvents(org.id, events, { source: "api" });
    expect(r.inserted).toBe(600);

    const costs = await db().usageEvent.findMany({ where: { orgId: org.id }, select: { cost: true } });
    const exact = sum(costs.map((c) => dec(c.cost?.toString() ?? "0")));
    const roll = await rollupTotals(org.id);
    expect(dec(roll.cost as string).eq(exact)).toBe(true);
    expect(roll.cost).toBe((await eventTotals(org.id)).cost);
    expect(exact.decimalPlaces()).toBeGreaterThan(6); // the test would not notice rounding drift otherwise
    expect(await rollupDrift(org.id)).toEqual([]);

    // Features seen for the first time were created, owned by the team of their first event.
    const f0 = await db().feature.findFirstOrThrow({ where: { orgId: org.id, name: "feature-0" } });
    expect(f0.teamId).toBe(teams.beta.id);
    expect(await db().feature.count({ where: { orgId: org.id } })).toBe(9);
  });

  it("buckets events by UTC hour whatever the client's offset", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    await ingestEvents(org.id, [event({ id: "h-1", timestamp: new Date("2026-11-04T05:59:59.999+05:30") }), event({ id: "h-2", timestamp: new Date("2026-11-04T00:30:00Z") })], { source: "api" });
    const rows = await db().usageRollupHourly.findMany({ where: { orgId: org.id }, orderBy: { hour: "asc" } });
    expect(rows.map((r) => [r.hour.toISOString(), r.events])).toEqual([["2026-11-04T00:00:00.000Z", 2n]]);
  });

  it("rolls back everything when one event conflicts with a stored one", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    await ingestEvents(org.id, [event({ id: "rb-1" })], { source: "api" });
    const err = await ingestEvents(org.id, [event({ id: "rb-2", feature: "brand-new" }), event({ id: "rb-1", attempt: 2 })], { source: "api" }).catch((e) => e);
    expect(err).toBeInstanceOf(IngestRejected);
    expect(err.status).toBe(409);
    expect(err.issues).toEqual([expect.objectContaining({ index: 1, id: "rb-1" })]);
    expect(await db().usageEvent.count({ where: { orgId: org.id } })).toBe(1);
    expect(await db().feature.count({ where: { orgId: org.id, name: "brand-new" } })).toBe(0);
    expect(await rollupTotals(org.id)).toMatchObject({ events: "1" });
  });
});

describe("demo usage", () => {
  it("is deterministic and covers every workflow, model, retries, rejections, batch, estimated and unpriced", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const a = generateDemoUsage(now);
    const b = generateDemoUsage(now);
    expect(a.length).toBeGreaterThan(40_000);
    expect(a.length).toBeLessThan(60_000);
    expect(JSON.stringify(b.slice(-200))).toBe(JSON.stringify(a.slice(-200)));
    expect(new Set(a.map((e) => e.id)).size).toBe(a.length);
    expect(new Set(a.map((e) => e.workflow))).toEqual(new Set(["text_to_image", "image_edit", "vision_analysis", "analysis_then_generate"]));
    for (const m of ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini", "gpt-image-1", "gpt-4.1-mini"]) expect(a.some((e) => e.model === m), m).toBe(true);
    expect(a.some((e) => e.attempt > 1)).toBe(true);
    expect(a.some((e) => e.outcome === "rejected")).toBe(true);
    expect(a.some((e) => e.batch)).toBe(true);
    expect(a.some((e) => e.tokenSource === "none" && (e.images ?? 0) > 0)).toBe(true);
    expect(a.filter((e) => e.model === "gpt-image-3-preview").length).toBeGreaterThan(0);
    expect(a.every((e) => e.timestamp.getTime() <= now.getTime())).toBe(true);
    expect(a[0].timestamp.getTime()).toBeGreaterThanOrEqual(now.getTime() - 90 * 86_400_000);
    const slugs = new Set(DEMO_TEAMS.map((t) => t.slug));
    expect(a.every((e) => e.team && slugs.has(e.team))).toBe(true);
  });

  it("seeds through the ingestion service: priced, rolled up, rerunnable", async () => {
    const { org } = await createTestOrg({ teams: [] });
    for (const t of DEMO_TEAMS) await createTeam(org.id, { slug: t.slug, name: t.name }, CLI_ACTOR);
    for (const [i, s] of SEED_SNAPSHOTS.entries()) await publishSnapshot(org.id, s, i + 1);
    const now = new Date("2026-11-25T12:00:00Z");
    // No timing assertion here (speed belongs in `npm run bench`; this machine may be shared and loaded).
    const r = await seedDemoUsage(org.id, now);
    expect(await db().usageEvent.count({ where: { orgId: org.id } })).toBe(r.events);
    const unpriced = await db().usageEvent.groupBy({ by: ["model"], where: { orgId: org.id, priced: false }, _count: true });
    expect(unpriced.map((u) => u.model)).toEqual(["gpt-image-3-preview"]);
    expect(await db().usageEvent.count({ where: { orgId: org.id, source: "seed", estimated: true } })).toBeGreaterThan(0);
    const before = await rollupTotals(org.id);
    expect(before.cost).toBe((await eventTotals(org.id)).cost);
    expect(await rollupDrift(org.id)).toEqual([]);
    await seedDemoUsage(org.id, now); // a rerun finds every id stored
    expect(await rollupTotals(org.id)).toEqual(before);
  }, 300_000);
});
