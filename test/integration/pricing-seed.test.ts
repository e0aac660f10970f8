import { describe, expect, it } from "vitest";
import { outputCostPerImage } from "@/lib/cost/estimate";
import { emptyTokens } from "@/lib/cost/types";
import { Decimal } from "@/lib/money/decimal";
import { seedDemoPricing } from "@/lib/demo/seed-pricing";
import { loadPublishedSnapshots, priceWithSnapshots } from "@/lib/pricing/published";
import { matchRow, selectSnapshot } from "@/lib/pricing/resolve";
import { listSnapshots } from "@/lib/pricing/service";
import { db } from "@/lib/db/client";
import { createTestOrg } from "./helpers";

/** The guide's per-image examples, reproduced from the snapshot as stored in PostgreSQL by the demo seed. */

const toCent = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

describe("seedDemoPricing", () => {
  it("creates and publishes the three seed snapshots through the service, with audit entries", async () => {
    const { org } = await createTestOrg();
    await seedDemoPricing(org.id);
    const list = await listSnapshots(org.id, new Date("2026-11-25T00:00:00Z"));
    expect(list.map((s) => [s.provider, s.version, s.status, s.rowCount, s.inForce])).toEqual([
      ["flatkey", 1, "published", 5, true],
      ["openai", 2, "published", 5, true],
      ["openai", 1, "published", 4, false],
    ]);
    const actions = await db().auditLog.groupBy({ by: ["action"], where: { orgId: org.id, entityType: "pricing_snapshot" }, _count: true });
    expect(Object.fromEntries(actions.map((a) => [a.action, a._count]))).toEqual({ "pricing_snapshot.create": 3, "pricing_snapshot.publish": 3 });
  });

  describe("every per-image example in the guide, from the stored snapshot", async () => {
    const { org } = await createTestOrg();
    await seedDemoPricing(org.id);
    const snapshots = await loadPublishedSnapshots(org.id);
    const june = selectSnapshot(snapshots, "openai", new Date("2026-06-11T12:00:00Z"))!;
    const row = (model: string) => matchRow(june.rows, model)!.row;

    it.each([
      ["gpt-image-2", "low", "0.006", "5", "1.25", null, "8", "2", "30"],
      ["gpt-image-2", "medium", "0.053"],
      ["gpt-image-2", "high", "0.211"],
      ["gpt-image-1.5", "low", "0.009", "5", "1.25", "10", "8", "2", "32"],
      ["gpt-image-1.5", "medium", "0.034"],
      ["gpt-image-1.5", "high", "0.133"],
      ["gpt-image-1-mini", "low", "0.005", "2", "0.2", null, "2.5", "0.25", "8"],
      ["gpt-image-1-mini", "medium", "0.011"],
      ["gpt-image-1-mini", "high", "0.036"],
      ["gpt-image-1", "low", "0.011", "5", "1.25", null, "10", "2.5", "40"],
      ["gpt-image-1", "medium", "0.042"],
      ["gpt-image-1", "high", "0.167"],
    ] as const)("%s %s square ≈ $%s", (model, quality, guide, ...rates) => {
      const perImage = outputCostPerImage(row(model), "1024x1024", quality, june.batchMultiplier)!;
      expect(toCent(perImage)).toBe(toCent(new Decimal(guide)));
      if (rates.length) expect(Object.values(row(model).rates)).toEqual(rates);
    });

    it("1,000 gpt-image-2 medium square outputs ≈ $53 of image output (and high ≈ $211), priced as stored events would be", () => {
      for (const [quality, exact, rounded] of [
        ["medium", "52.68", "53"],
        ["high", "210.72", "211"],
      ]) {
        const p = priceWithSnapshots(snapshots, {
          occurredAt: new Date("2026-06-12T00:00:00Z"),
          provider: "openai",
          model: "gpt-image-2",
          tokens: emptyTokens(),
          batch: false,
          images: 1000,
          size: "1024x1024",
          quality,
        });
        expect(p.snapshotId).toBe(june.id);
        expect(p.cost!.toFixed()).toBe(exact);
        expect(p.buckets.imageOutput!.toFixed()).toBe(exact);
        expect(p.cost!.toDecimalPlaces(0).toFixed()).toBe(rounded);
      }
    });

    it("Batch halves the seeded rates; the vision model prices image input at its text rate", () => {
      expect(june.batchMultiplier).toBe("0.5");
      expect(outputCostPerImage(row("gpt-image-2"), "1024x1024", "medium", june.batchMultiplier, true)!.toFixed()).toBe("0.02634");
      expect(row("gpt-4.1-mini").rates).toMatchObject({ textInput: "0.4", imageInput: "0.4", imageOutput: null });
    });

    it("the notes say how gpt-image-1-mini tokens were derived", async () => {
      const stored = await db().pricingSnapshot.findUniqueOrThrow({ where: { id: june.id } });
      expect(stored.notes).toMatch(/gpt-image-1-mini output tokens are derived/);
      expect(row("gpt-image-1-mini").imageOutputTokens["1024x1024"]).toEqual({ low: 625, medium: 1375, high: 4500 });
    });
  });
});
