import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Spendscope } from "../lib/sdk";
import { exportJson } from "../lib/pricing/formats/json";
import { OPENAI_2026_06_11 } from "../lib/pricing/seed-snapshot";
import { cli, createKey } from "./fixtures";

/**
 * The ingestion API over HTTP against the running server: status codes, problem+json, idempotency, and the SDK's
 * retry path (a forced failure, then exactly one stored copy). 429 is covered by the integration tests (the e2e
 * server runs with a very high rate limit so suites do not throttle each other).
 */

const event = (over: Record<string, unknown> = {}) => ({
  id: `api-${randomUUID()}`,
  timestamp: new Date(Date.now() - 60_000).toISOString(),
  feature: "e2e-api",
  workflow: "text_to_image",
  model: "gpt-image-2",
  usage: { textInputTokens: 100, imageOutputTokens: 1756 },
  images: 1,
  size: "1024x1024",
  quality: "medium",
  outcome: "accepted",
  ...over,
});

let teamKey = "";
let orgKey = "";
let readKey = "";

/** The expected costs below use the OpenAI 2026-06-11 rates; publish them if the demo seed has no OpenAI rate card. */
async function ensureOpenAIPricing(request: APIRequestContext) {
  const res = await request.get("/api/v1/pricing/snapshots", { headers: { authorization: `Bearer ${readKey}` } });
  const { snapshots } = (await res.json()) as { snapshots: Array<{ provider: string; status: string }> };
  if (snapshots.some((s) => s.provider === "openai" && s.status === "published")) return;
  const file = path.join(tmpdir(), `spendscope-e2e-openai-${randomUUID()}.json`);
  writeFileSync(file, exportJson(OPENAI_2026_06_11));
  const r = cli(["pricing", "import", file, "--publish"]);
  expect(r.code, r.stderr).toBe(0);
}

test.beforeAll(async ({ request }) => {
  teamKey = createKey({ team: "creative-studio", scopes: "ingest,read", name: "e2e team key" });
  orgKey = createKey({ scopes: "ingest", name: "e2e org key" });
  readKey = createKey({ scopes: "read", name: "e2e read key" });
  await ensureOpenAIPricing(request);
});

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

test("records a batch, prices it exactly, and answers a replay with duplicates", async ({ request }) => {
  const events = [event(), event({ team: "creative-studio", batch: true })];
  const res = await request.post("/api/v1/usage", { headers: auth(teamKey), data: { events } });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ received: 2, inserted: 2, duplicates: 0 });
  expect(body.events.map((e: { cost: string }) => e.cost)).toEqual(["0.053180000", "0.026590000"]);
  const replay = await request.post("/api/v1/usage", { headers: auth(teamKey), data: { events } });
  expect(await replay.json()).toMatchObject({ inserted: 0, duplicates: 2 });
});

test("answers 401, 403, 400, 409 and 413 as problem+json", async ({ request }) => {
  const none = await request.post("/api/v1/usage", { data: { events: [event()] } });
  expect(none.status()).toBe(401);
  expect(none.headers()["content-type"]).toContain("application/problem+json");

  const scope = await request.post("/api/v1/usage", { headers: auth(readKey), data: { events: [event()] } });
  expect(scope.status()).toBe(403);

  const otherTeam = await request.post("/api/v1/usage", { headers: auth(teamKey), data: { events: [event(), event({ team: "growth" })] } });
  expect(otherTeam.status()).toBe(403);
  expect((await otherTeam.json()).invalidFields[0]).toMatchObject({ index: 1, path: "events[1].team" });

  const noTeam = await request.post("/api/v1/usage", { headers: auth(orgKey), data: { events: [event()] } });
  expect(noTeam.status()).toBe(400);
  expect((await noTeam.json()).invalidFields[0].path).toBe("events[0].team");

  const invalid = await request.post("/api/v1/usage", {
    headers: auth(teamKey),
    data: { events: [event(), event({ usage: { imageOutputTokens: 1.5 } }), event({ workflow: "painting" })] },
  });
  expect(invalid.status()).toBe(400);
  const problem = await invalid.json();
  expect(problem).toMatchObject({ status: 400, title: "Invalid request" });
  expect(problem.invalidFields.map((f: { path: string }) => f.path)).toEqual(["events[1].usage.imageOutputTokens", "events[2].workflow"]);

  const stored = event();
  await request.post("/api/v1/usage", { headers: auth(teamKey), data: { events: [stored] } });
  const conflict = await request.post("/api/v1/usage", { headers: auth(teamKey), data: { events: [{ ...stored, quality: "high" }] } });
  expect(conflict.status()).toBe(409);
  expect((await conflict.json()).invalidFields[0]).toMatchObject({ index: 0, path: "events[0].id" });

  const big = await request.post("/api/v1/usage", {
    headers: { ...auth(teamKey), "content-type": "application/json" },
    data: JSON.stringify({ events: [event({ metadata: { pad: "x".repeat(5 * 1024 * 1024) } })] }),
  });
  expect(big.status()).toBe(413);
});

test("the SDK retries a failed request with the same ids: one stored copy", async ({ baseURL, request }) => {
  let calls = 0;
  const answers: Array<[number, number, number]> = [];
  // The first request reaches the server and is stored, but the client never sees the answer (connection lost).
  const lossy: typeof fetch = async (input, init) => {
    calls++;
    const res = await fetch(input, init);
    const body = (await res.clone().json()) as { inserted: number; duplicates: number };
    answers.push([res.status, body.inserted, body.duplicates]);
    if (calls === 1) throw new TypeError("fetch failed: connection reset");
    return res;
  };
  const sdk = new Spendscope({ baseUrl: baseURL!, apiKey: teamKey, fetch: lossy, initialBackoffMs: 10, flushIntervalMs: 10 });
  const id = `sdk-${randomUUID()}`;
  const recorded = sdk.recordOpenAIImage(
    {
      created: Math.floor(Date.now() / 1000) - 60,
      data: [{ b64_json: "…" }],
      size: "1024x1024",
      quality: "high",
      usage: { input_tokens: 50, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens: 4160, total_tokens: 4210 },
    },
    { id, feature: "e2e-sdk", model: "gpt-image-1" },
  );
  await sdk.close();
  expect(await recorded).toEqual({ ids: [id] });
  expect(calls).toBe(2);
  // Stored by the first request; the retry is recognised as the same event.
  expect(answers).toEqual([
    [200, 1, 0],
    [200, 0, 1],
  ]);

  const res = await request.get(`/api/v1/usage/events?ids=${id}`, { headers: auth(teamKey) });
  const { events } = await res.json();
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ id, cost: "0.166650000", quality: "high", images: 1, team: "creative-studio" });
});

test("serves the OpenAPI 3.1 document publicly and a readable reference to signed-in users", async ({ request, page }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/usage", "/api/v1/costs", "/api/v1/budget-check", "/api/v1/pricing/snapshots/{id}"]));
  expect(doc.paths["/api/v1/usage"].post.requestBody.content["application/json"].schema.properties.events.maxItems).toBe(5000);

  await page.goto("/api-docs");
  await expect(page).toHaveURL(/sign-in/);
});
