import { CLI_ACTOR } from "@/lib/audit/log";
import { emptyTokens, type PricingSnapshotData } from "@/lib/cost/types";
import type { NormalizedEvent } from "@/lib/ingest/event-schema";
import { MAX_BATCH_EVENTS } from "@/lib/ingest/event-schema";
import { ingestEvents } from "@/lib/ingest/service";
import { snapshotDocument } from "@/lib/pricing/store";
import { createDraft, publishSnapshot } from "@/lib/pricing/service";
import { runRepriceJob } from "@/lib/pricing/reprice";
import { prng } from "./seed-usage";

/**
 * The demo's per-image vendor (#11 item 2): "PixelForge" bills per image by size and quality, and per megapixel for
 * sizes its table does not list. Two features send part of their renders there next to token-billed GPT Image:
 * ad-variant-renderer (Creative Studio) and seller-banner-maker (Marketplace). The vendor reports image counts only,
 * so every event is priced exactly into the "Per image" bucket (never estimated). Deterministic like seed-usage.ts.
 */

export const PIXELFORGE: PricingSnapshotData = {
  name: "PixelForge list prices 2026-09",
  provider: "pixelforge",
  effectiveFrom: new Date("2026-01-01T00:00:00Z"),
  source: "https://pixelforge.example/pricing (demo vendor)",
  notes: "Per-image prices by size and quality; sizes not listed are billed per output megapixel.",
  currency: "USD",
  batchMultiplier: "0.5",
  rows: [
    {
      model: "pf-render-2",
      aliases: ["pixelforge/pf-render-2"],
      rates: { textInput: null, cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: null },
      imageOutputTokens: {},
      imagePrices: {
        "1024x1024": { standard: "0.03", hd: "0.06" },
        "1024x1536": { standard: "0.045", hd: "0.09" },
        "1536x1024": { standard: "0.045", hd: "0.09" },
      },
      megapixelPrice: "0.035",
    },
  ],
};

const DAYS = 90;
const FEATURES = [
  { team: "creative-studio", feature: "ad-variant-renderer", perDay: 9 },
  { team: "marketplace", feature: "seller-banner-maker", perDay: 6 },
] as const;
/** The last is priced per megapixel: 2048x2048 = 4.194304 MP × $0.035. */
const SIZES = ["1024x1024", "1024x1024", "1536x1024", "1024x1536", "2048x2048"] as const;

/** PixelForge events for the 90 days ending at `now`, oldest first (pure; exported for tests). */
export function generateUnitPricedUsage(now: Date): NormalizedEvent[] {
  const r = prng(20261201);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const events: NormalizedEvent[] = [];
  for (let day = 0; day < DAYS; day++) {
    const dayStart = today - (DAYS - 1 - day) * 86_400_000;
    const key = new Date(dayStart).toISOString().slice(0, 10).replace(/-/g, "");
    for (const f of FEATURES) {
      const n = Math.round(f.perDay * (0.6 + 0.8 * r()));
      for (let i = 0; i < n; i++) {
        const at = dayStart + Math.floor(r() * 86_400_000);
        const size = SIZES[Math.floor(r() * SIZES.length)];
        const quality = r() < 0.3 ? "hd" : "standard";
        if (at > now.getTime()) continue;
        events.push({
          id: `demo-pf-${key}-${f.feature}-${i}`,
          timestamp: new Date(at),
          team: f.team,
          feature: f.feature,
          workflow: "text_to_image",
          stage: null,
          traceId: null,
          model: "pf-render-2",
          provider: "pixelforge",
          tokens: emptyTokens(),
          tokenSource: "none",
          images: 1 + Math.floor(r() * 4),
          size,
          quality,
          inputImages: null,
          batch: false,
          attempt: 1,
          outcome: "accepted",
          metadata: null,
        });
      }
    }
  }
  return events.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || (a.id < b.id ? -1 : 1));
}

/** Publishes the PixelForge card and ingests its usage (priced on the way in). Idempotent for the usage. */
export async function seedDemoUnitPrices(orgId: string, now: Date): Promise<{ events: number }> {
  const actor = { ...CLI_ACTOR, userId: null };
  const draft = await createDraft(orgId, snapshotDocument(PIXELFORGE), actor);
  const { repriceJob } = await publishSnapshot(orgId, draft.summary.id, actor, { startJob: false });
  if (repriceJob) await runRepriceJob(repriceJob.id);
  const events = generateUnitPricedUsage(now);
  for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
    await ingestEvents(orgId, events.slice(i, i + MAX_BATCH_EVENTS), { source: "seed" });
  }
  return { events: events.length };
}
