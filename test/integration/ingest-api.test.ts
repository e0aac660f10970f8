import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { setEnv } from "@/lib/env";
import { POST } from "@/app/api/v1/usage/route";
import { POST as VALIDATE } from "@/app/api/v1/usage/validate/route";
import { GET as EVENTS } from "@/app/api/v1/usage/events/route";
import { createTestKey, createTestOrg } from "./helpers";
import { call, eventTotals, publishSnapshot, rollupDrift, rollupTotals, wireEvent } from "./ingest-fixtures";

/**
 * POST /api/v1/usage through its route handler against PostgreSQL: the "Done when" cases. Expected costs are
 * computed by hand from the seeded 2026-06-11 OpenAI rates (USD per 1M tokens).
 */

async function setup(opts: { keyTeam?: string | null; scopes?: string[] } = {}) {
  const { org, teams } = await createTestOrg();
  await publishSnapshot(org.id);
  const key = await createTestKey(org.id, { team: opts.keyTeam === undefined ? null : opts.keyTeam, scopes: opts.scopes ?? ["ingest", "read"] });
  const post = (body: unknown, k = key.key) => call(POST, { path: "/api/v1/usage", key: k, body });
  return { org, teams, key, post };
}

const storedCount = (orgId: string) => db().usageEvent.count({ where: { orgId } });

describe("POST /api/v1/usage: a valid batch", () => {
  it("stores, prices exactly, rolls up, and answers per event", async () => {
    const { org, post } = await setup();
    const events = [
      // gpt-image-2: 100 text in x $5 + 1756 image out x $30 = 0.0005 + 0.05268
      wireEvent({ id: "v-1", model: "gpt-image-2", usage: { textInputTokens: 100, imageOutputTokens: 1756 } }),
      // Batch API halves the rates: (0.0005 + 0.05268) / 2
      wireEvent({ id: "v-2", model: "gpt-image-2", batch: true, usage: { textInputTokens: 100, imageOutputTokens: 1756 } }),
      // image_edit on gpt-image-1.5 with a cached reference: 80 x 5 + 400 x 8 + 365 x 2 + 4160 x 32
      wireEvent({ id: "v-3", model: "gpt-image-1.5", workflow: "image_edit", inputImages: 1, quality: "high", usage: { textInputTokens: 80, imageInputTokens: 400, cachedImageInputTokens: 365, imageOutputTokens: 4160 } }),
    ];
    const r = await post({ events });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ received: 3, inserted: 3, duplicates: 0 });
    expect(r.json.events.map((e: { id: string; status: string; cost: string }) => [e.id, e.status, e.cost])).toEqual([
      ["v-1", "inserted", "0.053180000"],
      ["v-2", "inserted", "0.026590000"],
      ["v-3", "inserted", "0.137450000"],
    ]);
    expect(r.json.events[0]).toMatchObject({ priced: true, warnings: [] });
    expect(r.json.events[0].snapshotId).toMatch(/^[0-9a-f-]{36}$/);

    const stored = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, id: "v-3" } });
    expect(stored).toMatchObject({ source: "api", priced: true, textInputTokens: 80, cachedImageInputTokens: 365, imageOutputTokens: 4160, workflow: "image_edit" });
    expect(stored.cost?.toFixed(12)).toBe("0.137450000000");
    expect(stored.imageInputCost?.toFixed(12)).toBe("0.003200000000");
    expect(stored.cachedImageInputCost?.toFixed(12)).toBe("0.000730000000");

    expect(await rollupTotals(org.id)).toMatchObject({ events: "3", cost: "0.217220000000", images: "3" });
    expect(await rollupDrift(org.id)).toEqual([]);
    expect(await db().feature.count({ where: { orgId: org.id, name: "hero-images" } })).toBe(1);
  });

  it("dry-runs through /api/v1/usage/validate without storing", async () => {
    const { org, key } = await setup();
    const r = await call(VALIDATE, { path: "/api/v1/usage/validate", key: key.key, body: { events: [wireEvent({ id: "dry-1" })] } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ received: 1, inserted: 1, events: [{ id: "dry-1", status: "inserted", cost: "0.053180000" }] });
    expect(await storedCount(org.id)).toBe(0);
    expect(await rollupTotals(org.id)).toMatchObject({ events: "0" });
  });

  it("lets GET /api/v1/usage/events read stored events back", async () => {
    const { key, post } = await setup();
    await post({ events: [wireEvent({ id: "read-1" }), wireEvent({ id: "read-2", model: "nope" })] });
    const r = await call(EVENTS, { method: "GET", path: "/api/v1/usage/events?ids=read-1,read-2,missing", key: key.key });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.json.events.map((e: { id: string }) => [e.id, e]));
    expect(Object.keys(byId).sort()).toEqual(["read-1", "read-2"]);
    expect(byId["read-1"]).toMatchObject({ cost: "0.053180000", priced: true, team: "alpha", source: "api" });
    expect(byId["read-2"]).toMatchObject({ cost: null, priced: false });
  });
});

describe("POST /api/v1/usage: idempotency", () => {
  it("a replayed batch is all duplicates and leaves totals unchanged", async () => {
    const { org, post } = await setup();
    const body = { events: Array.from({ length: 50 }, (_, i) => wireEvent({ id: `dup-${i}`, timestamp: `2026-11-01T${String(8 + (i % 5)).padStart(2, "0")}:10:00Z` })) };
    const first = await post(body);
    expect(first.json).toMatchObject({ inserted: 50, duplicates: 0 });
    const before = { rollups: await rollupTotals(org.id), events: await eventTotals(org.id) };

    // Same events, keys in another order and the timestamp in another offset notation: same content.
    const replay = {
      events: body.events.map((e) => {
        const h = Number((e.timestamp as string).slice(11, 13));
        return Object.fromEntries(Object.entries({ ...e, timestamp: `2026-11-01T${String(h + 1).padStart(2, "0")}:10:00+01:00` }).reverse());
      }),
    };
    const second = await post(replay);
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ received: 50, inserted: 0, duplicates: 50 });
    expect(second.json.events.every((e: { status: string; cost: string }) => e.status === "duplicate" && e.cost === "0.053180000")).toBe(true);
    expect(await rollupTotals(org.id)).toEqual(before.rollups);
    expect(await eventTotals(org.id)).toEqual(before.events);
    expect(before.rollups.events).toBe("50");
  });

  it("counts an id repeated with the same content inside one batch once", async () => {
    const { org, post } = await setup();
    const e = wireEvent({ id: "twice" });
    const r = await post({ events: [e, wireEvent({ id: "other" }), { ...e }] });
    expect(r.json).toMatchObject({ received: 3, inserted: 2, duplicates: 1 });
    expect(r.json.events.map((x: { status: string }) => x.status)).toEqual(["inserted", "inserted", "duplicate"]);
    expect(await rollupTotals(org.id)).toMatchObject({ events: "2" });
  });

  it("a stored id with different content is a conflict (409) and nothing of the batch is stored", async () => {
    const { org, post } = await setup();
    await post({ events: [wireEvent({ id: "c-1", quality: "medium" })] });
    const before = await rollupTotals(org.id);
    const r = await post({ events: [wireEvent({ id: "c-new-1" }), wireEvent({ id: "c-1", quality: "high" }), wireEvent({ id: "c-new-2" })] });
    expect(r.status).toBe(409);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(r.json).toMatchObject({ status: 409, title: "Conflict" });
    expect(r.json.invalidFields).toEqual([expect.objectContaining({ index: 1, path: "events[1].id", id: "c-1" })]);
    expect(r.json.errors).toEqual([expect.objectContaining({ index: 1, path: "events[1].id" })]);
    expect(await storedCount(org.id)).toBe(1);
    expect(await rollupTotals(org.id)).toEqual(before);
  });
});

describe("POST /api/v1/usage: validation", () => {
  it("an invalid event in a batch of 1,000 stores nothing and is reported by index and path", async () => {
    const { org, post } = await setup();
    const events = Array.from({ length: 1000 }, (_, i) => wireEvent({ id: `big-${i}` }));
    events[537] = wireEvent({ id: "big-537", usage: { textInputTokens: 10, imageOutputTokens: -5 } });
    events[912] = wireEvent({ id: "big-912", workflow: "analysis_then_generate" });
    const r = await post({ events });
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    expect(r.json.invalidFields).toEqual([
      expect.objectContaining({ index: 537, path: "events[537].usage.imageOutputTokens", message: "must be a non-negative whole number" }),
      expect.objectContaining({ index: 912, path: "events[912].stage" }),
    ]);
    expect(r.json.detail).toMatch(/2 event\(s\) are invalid; nothing was stored/);
    expect(await storedCount(org.id)).toBe(0);
    expect(await rollupTotals(org.id)).toMatchObject({ events: "0" });
  });

  it.each([
    ["an empty list", { events: [] }, "events"],
    ["not an object", [1, 2], "body"],
    ["more than 5,000 events", { events: Array.from({ length: 5001 }, () => ({})) }, "events"],
  ])("rejects %s with 400", async (_name, body, path) => {
    const { post } = await setup();
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.json.invalidFields[0].path).toBe(path);
    expect(r.json.invalidFields[0].index).toBeUndefined(); // about the body, not one event
    expect(r.json.errors[0]).toMatchObject({ index: null, path });
  });

  it("an unknown team slug is 400 at that index", async () => {
    const { org, post } = await setup();
    const r = await post({ events: [wireEvent({ id: "t-1" }), wireEvent({ id: "t-2", team: "gamma" })] });
    expect(r.status).toBe(400);
    expect(r.json.invalidFields).toEqual([expect.objectContaining({ index: 1, path: "events[1].team", message: 'unknown team "gamma"' })]);
    expect(await storedCount(org.id)).toBe(0);
  });

  it("an organization-wide key must name the team", async () => {
    const { post } = await setup();
    const r = await post({ events: [wireEvent({ id: "t-3", team: undefined })] });
    expect(r.status).toBe(400);
    expect(r.json.invalidFields[0]).toMatchObject({ index: 0, path: "events[0].team" });
    expect(r.json.invalidFields[0].message).toMatch(/organization-wide API key must name the team/);
  });
});

describe("POST /api/v1/usage: team keys", () => {
  it("a team key may omit the team (its own is used) but naming another team is 403 and stores nothing", async () => {
    const { org, teams, post } = await setup({ keyTeam: "alpha" });
    const ok = await post({ events: [wireEvent({ id: "k-1", team: undefined }), wireEvent({ id: "k-2", team: "alpha" })] });
    expect(ok.status).toBe(200);
    const stored = await db().usageEvent.findMany({ where: { orgId: org.id }, select: { teamId: true } });
    expect(stored.map((s) => s.teamId)).toEqual([teams.alpha.id, teams.alpha.id]);

    const r = await post({ events: [wireEvent({ id: "k-3", team: undefined }), wireEvent({ id: "k-4", team: "beta" })] });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ status: 403, title: "Forbidden" });
    expect(r.json.invalidFields).toEqual([expect.objectContaining({ index: 1, path: "events[1].team" })]);
    expect(r.json.invalidFields[0].message).toMatch(/belongs to team "alpha" and may not record usage for team "beta"/);
    expect(await storedCount(org.id)).toBe(2);
  });
});

describe("POST /api/v1/usage: unpriced and estimated events", () => {
  it("an unknown model is stored unpriced: counted, never free", async () => {
    const { org, post } = await setup();
    const r = await post({ events: [wireEvent({ id: "u-1", model: "gpt-image-9-experimental" })] });
    expect(r.status).toBe(200);
    expect(r.json.events[0]).toMatchObject({ status: "inserted", cost: null, priced: false });
    expect(r.json.events[0].warnings).toEqual([expect.objectContaining({ code: "model_not_priced" })]);
    const e = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, id: "u-1" } });
    expect(e).toMatchObject({ priced: false, cost: null });
    expect(e.unpricedReason).toMatch(/gpt-image-9-experimental/);
    expect(await rollupTotals(org.id)).toMatchObject({ events: "1", unpriced: "1", cost: "0.000000000000" });
  });

  it("an image count without tokens is estimated from the per-image table and marked", async () => {
    const { org, post } = await setup();
    // 3 x gpt-image-2 1024x1536 high = 3 x 5488 tokens x $30/1M = 0.49392
    const r = await post({ events: [wireEvent({ id: "est-1", usage: undefined, images: 3, size: "1024x1536", quality: "high" })] });
    expect(r.json.events[0]).toMatchObject({ cost: "0.493920000", priced: true });
    expect(r.json.events[0].warnings).toEqual([expect.objectContaining({ code: "estimated_from_image_count", bucket: "imageOutput" })]);
    const e = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, id: "est-1" } });
    expect(e).toMatchObject({ estimated: true, imageOutputTokens: 0, estimatedImageOutputTokens: 16464, tokenSource: "none" });
    const roll = await db().usageRollupHourly.findFirstOrThrow({ where: { orgId: org.id } });
    expect(roll).toMatchObject({ estimatedEvents: 1n, warningEvents: 1n, imageOutputTokens: 16464n });
  });
});

describe("POST /api/v1/usage: openaiUsage mapping, priced exactly", () => {
  it.each([
    {
      name: "gpt-image-1 response (all output is image output)",
      model: "gpt-image-1",
      openaiUsage: { input_tokens: 50, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens: 4160, total_tokens: 4210 },
      // 50 x $5 + 4160 x $40 = 0.00025 + 0.1664
      cost: "0.166650000",
      tokens: { textInputTokens: 50, imageOutputTokens: 4160, textOutputTokens: 0 },
    },
    {
      name: "gpt-image-1.5 response with text output tokens",
      model: "gpt-image-1.5",
      openaiUsage: {
        input_tokens: 120,
        input_tokens_details: { text_tokens: 120, image_tokens: 0 },
        output_tokens: 1816,
        output_tokens_details: { image_tokens: 1756, text_tokens: 60 },
        total_tokens: 1936,
      },
      // 120 x $5 + 60 x $10 + 1756 x $32 = 0.0006 + 0.0006 + 0.056192
      cost: "0.057392000",
      tokens: { textInputTokens: 120, textOutputTokens: 60, imageOutputTokens: 1756 },
    },
    {
      name: "vision model response with cached tokens",
      model: "gpt-4.1-mini",
      workflow: "vision_analysis",
      openaiUsage: { prompt_tokens: 2000, completion_tokens: 300, total_tokens: 2300, prompt_tokens_details: { cached_tokens: 1024 } },
      // 976 x $0.40 + 1024 x $0.10 + 300 x $1.60 = 0.0003904 + 0.0001024 + 0.00048
      cost: "0.000972800",
      tokens: { textInputTokens: 976, cachedTextInputTokens: 1024, textOutputTokens: 300 },
    },
  ])("$name", async ({ model, openaiUsage, cost, tokens, workflow }) => {
    const { org, post } = await setup();
    const e = wireEvent({ id: `oa-${model}`, model, workflow: workflow ?? "text_to_image", usage: undefined, openaiUsage, images: workflow ? undefined : 1 });
    const r = await post({ events: [e] });
    expect(r.status).toBe(200);
    expect(r.json.events[0]).toMatchObject({ cost, priced: true });
    const stored = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, id: `oa-${model}` } });
    expect(stored).toMatchObject({ ...tokens, tokenSource: "openai" });
    expect(stored.cost?.toFixed(9)).toBe(cost);
  });
});

describe("POST /api/v1/usage: HTTP status codes", () => {
  afterEach(() => setEnv({ INGEST_RATE_LIMIT_PER_MINUTE: "600" }));

  it("401 without a valid key, 403 for a key without the ingest scope", async () => {
    const { org } = await setup();
    const none = await call(POST, { path: "/api/v1/usage", body: { events: [wireEvent()] } });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    const bad = await call(POST, { path: "/api/v1/usage", key: "ss_abcdefgh_notarealkeynotarealkeynotarealkey00", body: { events: [wireEvent()] } });
    expect(bad.status).toBe(401);
    const readOnly = await createTestKey(org.id, { scopes: ["read"] });
    const r = await call(POST, { path: "/api/v1/usage", key: readOnly.key, body: { events: [wireEvent()] } });
    expect(r.status).toBe(403);
    expect(r.json.detail).toMatch(/ingest/);
  });

  it("413 for a body over 5 MB", async () => {
    const { org, key } = await setup();
    const huge = JSON.stringify({ events: [wireEvent({ metadata: { pad: "x".repeat(5 * 1024 * 1024) } })] });
    const r = await call(POST, { path: "/api/v1/usage", key: key.key, rawBody: huge });
    expect(r.status).toBe(413);
    expect(r.json.title).toBe("Payload too large");
    expect(await storedCount(org.id)).toBe(0);
  });

  it("429 with Retry-After past the per-key limit, per key", async () => {
    setEnv({ INGEST_RATE_LIMIT_PER_MINUTE: "2" });
    const { org, key, post } = await setup();
    expect((await post({ events: [wireEvent({ id: "rl-1" })] })).status).toBe(200);
    expect((await post({ events: [wireEvent({ id: "rl-2" })] })).status).toBe(200);
    const limited = await post({ events: [wireEvent({ id: "rl-3" })] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.json).toMatchObject({ status: 429, title: "Too many requests" });
    // Another key has its own allowance.
    const other = await createTestKey(org.id, { scopes: ["ingest"] });
    expect((await post({ events: [wireEvent({ id: "rl-4" })] }, other.key)).status).toBe(200);
    expect(await storedCount(org.id)).toBe(3);
    expect(key.key).not.toBe(other.key);
  });
});
