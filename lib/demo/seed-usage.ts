import { emptyTokens, type TokenCounts } from "@/lib/cost/types";
import type { NormalizedEvent, Outcome, Workflow } from "@/lib/ingest/event-schema";
import { MAX_BATCH_EVENTS } from "@/lib/ingest/event-schema";
import { ingestEvents } from "@/lib/ingest/service";
import { DEMO_TEAMS, type DemoFeature } from "./catalog";

/**
 * 90 days of believable usage for the demo organization, recorded through the same ingestion service as the API
 * (priced on the way in, rolled up in the same transaction). Deterministic: a seeded PRNG and ids derived from the
 * day and a counter, so two runs with the same `now` store identical data.
 *
 * The story it tells: traffic grows ~60% over the quarter with weekday peaks; hero images run on gpt-image-2 at
 * high quality (the expensive lever), drafts on gpt-image-1-mini, edits on gpt-image-1.5 with reference images,
 * vision work on gpt-4.1-mini with prompt caching; two-stage features record analysis and generation under one
 * trace; retries and rejections cost real money; delayable features send part of their work through the Batch
 * API (nightly); catalog-backfill migrates from gpt-image-1 to gpt-image-1-mini mid-quarter; a migration test
 * batch starts on gpt-image-2 through the Flatkey router; an eval harness reports image counts only (estimated);
 * a prompt-lab experiment calls a model nobody priced yet (unpriced); social posts spike over the last two days.
 * Names as called fold into one model (#11): help-article-illustrations calls "openai/gpt-image-2" on OpenAI, the
 * Flatkey test calls "openai/gpt-image-2", ui-bug-repro pins the dated "gpt-image-1.5-2025-12-16"; every view shows
 * them as gpt-image-2 and gpt-image-1.5, and the Usage page's event list shows the names as called.
 */

const DAYS = 90;
/** Scales every feature's volume: ~50k events over the 90 days, so seeding stays well under a minute. */
const VOLUME = 0.9;

type Model =
  | "gpt-image-2" | "gpt-image-1.5" | "gpt-image-1-mini" | "gpt-image-1" | "gpt-4.1-mini" | "openai/gpt-image-2" | "gpt-image-3-preview"
  | "gpt-image-1.5-2025-12-16";
type Quality = "low" | "medium" | "high";
type Size = "1024x1024" | "1024x1536" | "1536x1024";

/** Output tokens per image, as the seeded snapshot's tables (what the API reports for such an image). */
const OUTPUT_TOKENS: Record<string, Record<Size, Record<Quality, number>>> = {
  "gpt-image-2": {
    "1024x1024": { low: 196, medium: 1756, high: 7024 },
    "1024x1536": { low: 158, medium: 1372, high: 5488 },
    "1536x1024": { low: 158, medium: 1372, high: 5488 },
  },
  "gpt-image-1": {
    "1024x1024": { low: 272, medium: 1056, high: 4160 },
    "1024x1536": { low: 408, medium: 1584, high: 6240 },
    "1536x1024": { low: 400, medium: 1568, high: 6208 },
  },
  "gpt-image-1-mini": {
    "1024x1024": { low: 625, medium: 1375, high: 4500 },
    "1024x1536": { low: 938, medium: 2063, high: 6750 },
    "1536x1024": { low: 919, medium: 2042, high: 6715 },
  },
};
/** The model a name as called belongs to, for the token tables (the dated variant is gpt-image-1.5). */
const family = (m: Model) => (m === "gpt-image-1.5-2025-12-16" ? "gpt-image-1.5" : m);

const tableFor = (m: Model) =>
  m === "gpt-image-2" || m === "openai/gpt-image-2" || m === "gpt-image-3-preview"
    ? OUTPUT_TOKENS["gpt-image-2"]
    : m === "gpt-image-1-mini"
      ? OUTPUT_TOKENS["gpt-image-1-mini"]
      : OUTPUT_TOKENS["gpt-image-1"];

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

interface Profile {
  /** Mean user actions per day at the start of the window (grows over it). */
  perDay: number;
  models: (day: number) => Weighted<Model>;
  qualities?: Weighted<Quality>;
  sizes?: Weighted<Size>;
  /** Images per generation [min, max]. */
  images?: readonly [number, number];
  /** Reference images / masks per edit [min, max]. */
  inputImages?: readonly [number, number];
  /** Share of actions sent through the Batch API (run at night). */
  batchShare?: number;
  /** Chance an attempt is rejected (output not used) or fails and is retried. */
  rejectRate?: number;
  failRate?: number;
  /** Chance the action reports only an image count (cost estimated from per-image tables). */
  countOnlyShare?: number;
  provider?: string;
  /** First day (0-based, oldest first) the feature is live. */
  startDay?: number;
  /** Extra multiplier on the last two days (a spike worth an alert). */
  spike?: number;
}

const only = <T,>(v: T): Weighted<T> => [[v, 1]];
const Q_DRAFT: Weighted<Quality> = [["low", 6], ["medium", 3], ["high", 1]];
const Q_FINAL: Weighted<Quality> = [["medium", 4], ["high", 5], ["low", 1]];
const Q_MIXED: Weighted<Quality> = [["low", 3], ["medium", 5], ["high", 2]];
const S_SQUARE: Weighted<Size> = [["1024x1024", 8], ["1024x1536", 1], ["1536x1024", 1]];
const S_WIDE: Weighted<Size> = [["1536x1024", 7], ["1024x1024", 3]];
const S_TALL: Weighted<Size> = [["1024x1536", 7], ["1024x1024", 3]];

const PROFILES: Record<string, Profile> = {
  // Creative Studio
  "hero-image-generator": { perDay: 22, models: () => [["gpt-image-2", 8], ["gpt-image-1.5", 2]], qualities: Q_FINAL, sizes: S_WIDE, images: [1, 2], rejectRate: 0.22 },
  "brand-style-transfer": { perDay: 16, models: () => only("gpt-image-1.5"), qualities: Q_MIXED, sizes: S_SQUARE, inputImages: [1, 3], rejectRate: 0.18 },
  "ad-variant-renderer": { perDay: 26, models: () => [["gpt-image-1.5", 6], ["gpt-image-1-mini", 4]], qualities: Q_MIXED, sizes: S_SQUARE, images: [2, 4], batchShare: 0.35 },
  "moodboard-builder": { perDay: 18, models: () => only("gpt-image-1-mini"), qualities: Q_DRAFT, sizes: S_SQUARE, images: [3, 6], rejectRate: 0.3 },
  "logo-refiner": { perDay: 6, models: () => only("gpt-image-1.5"), qualities: only("high"), sizes: only("1024x1024"), inputImages: [2, 2], rejectRate: 0.25 },
  // Growth
  "email-header-art": { perDay: 9, models: () => only("gpt-image-1-mini"), qualities: [["medium", 7], ["low", 3]], sizes: only("1536x1024"), batchShare: 0.6 },
  "social-post-images": { perDay: 24, models: () => [["gpt-image-2", 5], ["gpt-image-1-mini", 5]], qualities: Q_MIXED, sizes: S_SQUARE, images: [1, 3], rejectRate: 0.15, spike: 3.5 },
  "landing-page-remix": { perDay: 7, models: () => only("gpt-image-2"), qualities: Q_FINAL, sizes: S_WIDE, rejectRate: 0.2 },
  "ab-thumbnail-tester": { perDay: 14, models: () => only("gpt-image-1-mini"), qualities: Q_DRAFT, sizes: S_WIDE, images: [2, 4] },
  "seo-alt-text": { perDay: 28, models: () => only("gpt-4.1-mini"), batchShare: 0.5 },
  // Marketplace
  "product-photo-cleanup": { perDay: 30, models: () => [["gpt-image-1.5", 7], ["gpt-image-1", 3]], qualities: Q_MIXED, sizes: S_SQUARE, inputImages: [1, 2], rejectRate: 0.12, failRate: 0.02 },
  "listing-image-audit": { perDay: 35, models: () => only("gpt-4.1-mini") },
  "catalog-backfill": {
    perDay: 30,
    models: (day) => (day < 45 ? only("gpt-image-1") : [["gpt-image-1-mini", 9], ["gpt-image-1", 1]]),
    qualities: [["medium", 8], ["low", 2]],
    sizes: S_SQUARE,
    images: [1, 4],
    batchShare: 0.8,
  },
  "lifestyle-scene-composer": { perDay: 10, models: () => only("gpt-image-1.5"), qualities: Q_FINAL, sizes: S_TALL, rejectRate: 0.25 },
  "seller-banner-maker": { perDay: 11, models: () => only("gpt-image-1-mini"), qualities: Q_MIXED, sizes: only("1536x1024") },
  // Support AI
  "screenshot-triage": { perDay: 30, models: () => only("gpt-4.1-mini"), failRate: 0.01 },
  "receipt-reader": { perDay: 22, models: () => only("gpt-4.1-mini") },
  "damage-claim-review": { perDay: 12, models: () => only("gpt-4.1-mini") },
  "help-article-illustrations": { perDay: 4, models: () => only("openai/gpt-image-2"), qualities: only("medium"), sizes: S_WIDE, batchShare: 0.5 },
  "ui-bug-repro": { perDay: 5, models: () => only("gpt-image-1.5-2025-12-16"), qualities: only("low"), sizes: S_WIDE },
  // Mobile
  "avatar-creator": { perDay: 28, models: () => only("gpt-image-1-mini"), qualities: [["medium", 6], ["high", 4]], sizes: only("1024x1024"), rejectRate: 0.28 },
  "photo-magic-edit": { perDay: 22, models: () => only("gpt-image-1.5"), qualities: Q_MIXED, sizes: S_TALL, inputImages: [1, 2], rejectRate: 0.2, failRate: 0.03 },
  "sticker-pack": { perDay: 12, models: () => only("gpt-image-1-mini"), qualities: only("low"), sizes: only("1024x1024"), images: [4, 8] },
  "story-backgrounds": { perDay: 10, models: () => only("gpt-image-2"), qualities: Q_MIXED, sizes: only("1024x1536") },
  "pet-portrait": { perDay: 13, models: () => only("gpt-image-2"), qualities: Q_FINAL, sizes: S_TALL, rejectRate: 0.18 },
  // Platform
  "eval-harness": { perDay: 8, models: () => [["gpt-image-2", 5], ["gpt-image-1.5", 3], ["gpt-image-1-mini", 2]], qualities: Q_MIXED, sizes: S_SQUARE, images: [4, 8], batchShare: 1, countOnlyShare: 1 },
  "moderation-scan": { perDay: 20, models: () => only("gpt-4.1-mini"), batchShare: 0.2 },
  "prompt-lab": { perDay: 6, models: (day) => (day >= 78 ? [["gpt-image-2", 6], ["gpt-image-3-preview", 1]] : only("gpt-image-2")), qualities: Q_MIXED, sizes: S_SQUARE, rejectRate: 0.35 },
  "image-upscale-experiments": { perDay: 3, models: () => only("gpt-image-1"), qualities: only("high"), sizes: S_SQUARE, inputImages: [1, 1] },
  "model-migration-test": { perDay: 14, models: () => only("openai/gpt-image-2"), provider: "flatkey", qualities: Q_MIXED, sizes: S_SQUARE, images: [2, 4], batchShare: 1, startDay: 60 },
};

/** mulberry32: tiny, fast, good enough for demo data, and identical on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(private readonly rand: () => number) {}
  next = () => this.rand();
  int(min: number, max: number) {
    return min + Math.floor(this.rand() * (max - min + 1));
  }
  chance(p: number) {
    return this.rand() < p;
  }
  pick<T>(items: Weighted<T>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.rand() * total;
    for (const [v, w] of items) if ((r -= w) < 0) return v;
    return items[items.length - 1][0];
  }
  /** Poisson-ish count with the given mean (sum of uniform draws; cheap and bounded). */
  count(mean: number) {
    const n = Math.max(0, mean * (0.75 + this.rand() * 0.5));
    const whole = Math.floor(n);
    return whole + (this.chance(n - whole) ? 1 : 0);
  }
}

/** Weekday traffic shape in the demo organization's working week (weekends are quieter). */
const WEEKDAY_FACTOR = [0.55, 1.05, 1.1, 1.1, 1.05, 0.95, 0.5]; // Sun..Sat (UTC day; close enough for a demo)

/** Minutes after midnight UTC: business hours in New York (13:00-22:00 UTC) for interactive work, nights for batch. */
function minuteOfDay(g: Gen, batch: boolean): number {
  if (batch) return g.int(5 * 60, 9 * 60 - 1); // 00:00-04:00 in New York
  return g.chance(0.8) ? g.int(13 * 60, 22 * 60 - 1) : g.int(0, 24 * 60 - 1);
}

interface Ctx {
  g: Gen;
  events: NormalizedEvent[];
  day: number;
  dayStart: number;
  now: number;
  seq: number;
  dayKey: string;
}

function tokens(p: Partial<TokenCounts>): TokenCounts {
  return { ...emptyTokens(), ...p };
}

function push(ctx: Ctx, e: Omit<NormalizedEvent, "id" | "timestamp"> & { at: number }): void {
  if (e.at > ctx.now) return; // never in the future
  const { at, ...rest } = e;
  ctx.seq++;
  ctx.events.push({ ...rest, id: `demo-${ctx.dayKey}-${String(ctx.seq).padStart(5, "0")}`, timestamp: new Date(at) });
}

function imageEvent(ctx: Ctx, team: string, f: DemoFeature, p: Profile, model: Model, o: {
  at: number;
  trace: string;
  attempt: number;
  outcome: Outcome;
  batch: boolean;
  stage?: "generation";
  workflow: Workflow;
}): void {
  const g = ctx.g;
  const quality = g.pick(p.qualities ?? Q_MIXED);
  const size = g.pick(p.sizes ?? S_SQUARE);
  const images = g.int(...(p.images ?? [1, 1]));
  const inputImages = o.workflow === "image_edit" ? g.int(...(p.inputImages ?? [1, 1])) : o.stage ? 1 : null;
  const failed = o.outcome === "failed";
  const perImage = tableFor(model)[size][quality];
  const countOnly = p.countOnlyShare !== undefined && g.chance(p.countOnlyShare);
  const prompt = g.int(40, 420);
  const imageIn = inputImages ? inputImages * g.pick<number>([[323, 2], [765, 5], [1105, 3]]) : 0;
  const cachedImageIn = imageIn > 0 && o.attempt > 1 ? Math.floor(imageIn * 0.75) : 0; // a retry re-sends the same references
  push(ctx, {
    at: o.at,
    team,
    feature: f.name,
    workflow: o.workflow,
    stage: o.stage ?? null,
    traceId: o.trace,
    model,
    provider: p.provider ?? "openai",
    tokens: countOnly
      ? emptyTokens()
      : tokens({
          textInput: prompt,
          imageInput: imageIn - cachedImageIn,
          cachedImageInput: cachedImageIn,
          // gpt-image-1.5 sometimes returns a short caption (text output, priced at its text output rate).
          textOutput: family(model) === "gpt-image-1.5" && g.chance(0.3) ? g.int(12, 80) : 0,
          imageOutput: failed ? 0 : images * perImage,
        }),
    tokenSource: countOnly ? "none" : "usage",
    images: failed ? 0 : images,
    size,
    quality,
    inputImages,
    batch: o.batch,
    attempt: o.attempt,
    outcome: o.outcome,
    metadata: null,
  });
}

function visionEvent(ctx: Ctx, team: string, f: DemoFeature, o: { at: number; trace: string; attempt: number; outcome: Outcome; batch: boolean; stage?: "analysis"; workflow: Workflow }): void {
  const g = ctx.g;
  const images = g.int(1, o.stage ? 1 : 3);
  const prompt = g.int(180, 900);
  const cached = g.chance(0.6) ? Math.min(prompt, 1024) : 0; // system prompt + rubric cached
  push(ctx, {
    at: o.at,
    team,
    feature: f.name,
    workflow: o.workflow,
    stage: o.stage ?? null,
    traceId: o.trace,
    model: "gpt-4.1-mini",
    provider: "openai",
    tokens: tokens({
      textInput: prompt - Math.floor(cached / 2),
      cachedTextInput: Math.floor(cached / 2),
      imageInput: images * g.pick<number>([[85, 2], [765, 5], [1105, 3]]),
      textOutput: o.outcome === "failed" ? 0 : g.int(40, 450),
    }),
    tokenSource: "usage",
    images: null,
    size: null,
    quality: null,
    inputImages: images,
    batch: o.batch,
    attempt: o.attempt,
    outcome: o.outcome,
    metadata: null,
  });
}

/** One user action: the attempts it took (retries after rejections/failures), and both stages for two-stage work. */
function action(ctx: Ctx, team: string, f: DemoFeature, p: Profile, n: number): void {
  const g = ctx.g;
  const batch = p.batchShare !== undefined && g.chance(p.batchShare);
  const at = ctx.dayStart + minuteOfDay(g, batch) * 60_000 + g.int(0, 59_999);
  const trace = `demo-${ctx.dayKey}-${f.name}-${n}`;
  const model = g.pick(p.models(ctx.day));
  let t = at;
  if (f.workflow === "analysis_then_generate") {
    visionEvent(ctx, team, f, { at: t, trace, attempt: 1, outcome: "accepted", batch, stage: "analysis", workflow: f.workflow });
    t += g.int(2_000, 15_000);
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    const failed = p.failRate !== undefined && g.chance(p.failRate);
    const rejected = !failed && attempt < 3 && p.rejectRate !== undefined && g.chance(p.rejectRate / attempt);
    const outcome: Outcome = failed ? "failed" : rejected ? "rejected" : batch && !p.rejectRate ? "unknown" : "accepted";
    if (f.workflow === "vision_analysis") {
      visionEvent(ctx, team, f, { at: t, trace, attempt, outcome, batch, workflow: f.workflow });
    } else {
      imageEvent(ctx, team, f, p, model, {
        at: t,
        trace,
        attempt,
        outcome,
        batch,
        stage: f.workflow === "analysis_then_generate" ? "generation" : undefined,
        workflow: f.workflow,
      });
    }
    if (outcome === "accepted" || outcome === "unknown") break;
    t += g.int(5_000, 90_000);
  }
}

/** All demo events for the 90 days ending at `now`, oldest first (pure; exported for tests). */
export function generateDemoUsage(now: Date): NormalizedEvent[] {
  const g = new Gen(prng(20261125));
  const events: NormalizedEvent[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let day = 0; day < DAYS; day++) {
    const dayStart = today - (DAYS - 1 - day) * 86_400_000;
    const d = new Date(dayStart);
    const ctx: Ctx = { g, events, day, dayStart, now: now.getTime(), seq: 0, dayKey: d.toISOString().slice(0, 10).replace(/-/g, "") };
    const growth = 1 + 0.6 * (day / (DAYS - 1));
    const weekday = WEEKDAY_FACTOR[d.getUTCDay()];
    for (const team of DEMO_TEAMS) {
      for (const f of team.features) {
        const p = PROFILES[f.name];
        if (!p || day < (p.startDay ?? 0)) continue;
        const spike = p.spike && day >= DAYS - 2 ? p.spike : 1;
        const n = g.count(VOLUME * p.perDay * growth * (p.batchShare === 1 ? 1 : weekday) * spike);
        for (let i = 0; i < n; i++) action(ctx, team.slug, f, p, i);
      }
    }
  }
  return events.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || (a.id < b.id ? -1 : 1));
}

/**
 * Records the demo usage through the ingestion service (batches of 5,000, each atomic). Run after the pricing
 * snapshots are seeded, so events are priced as they arrive. Idempotent: a rerun finds every id stored.
 */
export async function seedDemoUsage(orgId: string, now: Date): Promise<{ events: number }> {
  const events = generateDemoUsage(now);
  for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
    await ingestEvents(orgId, events.slice(i, i + MAX_BATCH_EVENTS), { source: "seed" });
  }
  return { events: events.length };
}
