import { randomUUID } from "node:crypto";
import { db } from "../lib/db/client";
import { CLI_ACTOR } from "../lib/audit/log";
import { createTeam } from "../lib/org/service";
import { validateBatch } from "../lib/ingest/event-schema";
import { ingestEvents } from "../lib/ingest/service";
import { OPENAI_2026_06_11 } from "../lib/pricing/seed-snapshot";
import { since, type Bench } from "./types";

const BATCH = 5000;
const BATCHES = 6;
const MODELS = ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini", "gpt-image-1", "gpt-4.1-mini"];
const FEATURES = Array.from({ length: 30 }, (_, i) => `feature-${i}`);

/** A realistic mixed batch, as a client would POST it (JSON), spread over the last 24 hours. */
function wireBatch(n: number, teams: string[], now: number): unknown {
  return {
    events: Array.from({ length: n }, (_, i) => {
      const model = MODELS[i % MODELS.length];
      const vision = model === "gpt-4.1-mini";
      return {
        id: randomUUID(),
        timestamp: new Date(now - ((i * 7919) % 86_400_000)).toISOString(),
        team: teams[i % teams.length],
        feature: FEATURES[i % FEATURES.length],
        workflow: vision ? "vision_analysis" : i % 3 === 0 ? "image_edit" : "text_to_image",
        model,
        usage: vision
          ? { textInputTokens: 300 + (i % 50), cachedTextInputTokens: 100, imageInputTokens: 765, textOutputTokens: 120 }
          : { textInputTokens: 80 + (i % 40), imageInputTokens: i % 3 === 0 ? 323 : 0, imageOutputTokens: [272, 1056, 4160][i % 3] },
        images: vision ? undefined : 1,
        size: vision ? undefined : "1024x1024",
        quality: vision ? undefined : ["low", "medium", "high"][i % 3],
        batch: i % 10 === 0,
        attempt: 1 + (i % 7 === 0 ? 1 : 0),
        outcome: i % 9 === 0 ? "rejected" : "accepted",
        traceId: `trace-${Math.floor(i / 2)}`,
      };
    }),
  };
}

export const bench: Bench = {
  name: "ingest",
  description: `validate + price + store ${BATCHES} batches of ${BATCH} events through ingestEvents, then replay one`,
  async run() {
    const org = await db().organization.create({ data: { name: `bench ${randomUUID().slice(0, 8)}` } });
    const teams = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    for (const slug of teams) await createTeam(org.id, { slug, name: slug }, CLI_ACTOR);
    const s = OPENAI_2026_06_11;
    await db().pricingSnapshot.create({
      data: {
        orgId: org.id, name: s.name, provider: s.provider, version: 1, status: "published", effectiveFrom: s.effectiveFrom,
        publishedAt: new Date(), batchMultiplier: s.batchMultiplier,
        rows: { create: s.rows.map((r, position) => ({
          model: r.model, aliases: r.aliases, position, imageOutputTokens: r.imageOutputTokens,
          textInputRate: r.rates.textInput, cachedTextInputRate: r.rates.cachedTextInput, textOutputRate: r.rates.textOutput,
          imageInputRate: r.rates.imageInput, cachedImageInputRate: r.rates.cachedImageInput, imageOutputRate: r.rates.imageOutput,
        })) },
      },
    });

    const now = Date.now();
    const times: number[] = [];
    const validateTimes: number[] = [];
    let lastBody: unknown = null;
    for (let b = 0; b < BATCHES; b++) {
      const body = JSON.parse(JSON.stringify(wireBatch(BATCH, teams, now))); // as parsed from a request
      lastBody = body;
      const t0 = performance.now();
      const v = validateBatch(body, new Date());
      if (!v.ok) throw new Error(`invalid bench batch: ${v.errors[0].path} ${v.errors[0].message}`);
      validateTimes.push(since(t0));
      const r = await ingestEvents(org.id, v.events, { source: "api" });
      times.push(since(t0));
      if (r.inserted !== BATCH) throw new Error(`expected ${BATCH} inserted, got ${r.inserted}`);
    }
    const t1 = performance.now();
    const replay = validateBatch(lastBody, new Date());
    if (!replay.ok) throw new Error("replay invalid");
    const rr = await ingestEvents(org.id, replay.events, { source: "api" });
    const replayMs = since(t1);
    if (rr.duplicates !== BATCH) throw new Error(`replay: expected ${BATCH} duplicates, got ${rr.duplicates}`);

    // The first batch warms up JIT and connections; report the rest.
    const steady = times.slice(1);
    const mean = steady.reduce((a, b) => a + b, 0) / steady.length;
    const best = Math.min(...steady);
    const validateMean = validateTimes.slice(1).reduce((a, b) => a + b, 0) / (validateTimes.length - 1);
    return {
      metrics: {
        "batch size": BATCH,
        "mean ms per batch (validate+price+store)": Math.round(mean),
        "best ms per batch": Math.round(best),
        "of which validation, mean ms": Math.round(validateMean),
        "events/s (mean)": Math.round((BATCH / mean) * 1000),
        "replay of a stored batch, ms (all duplicates)": Math.round(replayMs),
      },
      notes: [`first (cold) batch: ${Math.round(times[0])} ms; ${BATCHES} batches into one organization`],
    };
  },
};
