import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Spendscope } from "@/lib/sdk";
import { POST } from "@/app/api/v1/usage/route";
import { createTestKey, createTestOrg } from "./helpers";
import { publishSnapshot, rollupTotals } from "./ingest-fixtures";

/**
 * The SDK's retry path against a real HTTP server running the real route handler and PostgreSQL: a request fails
 * (the server answers 503, or the response is lost after the server stored the batch), the SDK retries with the
 * same ids, and exactly one copy is stored and counted.
 */

let server: Server;
let baseUrl = "";
let failNext = 0; // answer this many requests with 503 before the handler runs
let requests = 0;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    requests++;
    if (failNext > 0) {
      failNext--;
      res.writeHead(503, { "content-type": "application/problem+json" }).end('{"status":503,"title":"Service unavailable"}');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const response = await POST(
      new Request(`${baseUrl}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function setup() {
  const { org } = await createTestOrg();
  await publishSnapshot(org.id);
  const key = await createTestKey(org.id, { team: "alpha", scopes: ["ingest"] });
  return { org, key };
}

const response = {
  created: Math.floor(Date.parse("2026-11-01T10:00:00Z") / 1000),
  data: [{ b64_json: "..." }],
  size: "1024x1024",
  quality: "high",
  usage: { input_tokens: 50, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens: 4160, total_tokens: 4210 },
};

describe("SDK retries against the running route", () => {
  it("retries after a 503 and stores one copy", async () => {
    const { org, key } = await setup();
    const sdk = new Spendscope({ baseUrl, apiKey: key.key, sleep: async () => undefined, flushIntervalMs: 10 });
    failNext = 1;
    requests = 0;
    const p = sdk.recordOpenAIImage(response, { id: "sdk-503", feature: "hero", model: "gpt-image-1" });
    await sdk.flush();
    expect(await p).toEqual({ ids: ["sdk-503"] });
    expect(requests).toBe(2);
    expect(await db().usageEvent.count({ where: { orgId: org.id } })).toBe(1);
    const e = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, id: "sdk-503" } });
    expect(e).toMatchObject({ quality: "high", size: "1024x1024", images: 1, tokenSource: "openai", imageOutputTokens: 4160 });
    expect(e.cost?.toFixed(9)).toBe("0.166650000");
    await sdk.close();
  });

  it("retries when the response is lost after the server stored the batch, and the retry is a duplicate", async () => {
    const { org, key } = await setup();
    let calls = 0;
    const answers: Array<{ status: number; body: { inserted?: number; duplicates?: number } }> = [];
    const lossyFetch: typeof fetch = async (input, init) => {
      calls++;
      const res = await fetch(input, init);
      answers.push({ status: res.status, body: await res.clone().json() });
      if (calls === 1) throw new TypeError("fetch failed: socket hang up"); // the server did the work; the client never hears
      return res;
    };
    const sdk = new Spendscope({ baseUrl, apiKey: key.key, fetch: lossyFetch, sleep: async () => undefined, flushIntervalMs: 10 });
    const p = sdk.record([
      { id: "lost-1", feature: "hero", workflow: "text_to_image", model: "gpt-image-2", usage: { textInputTokens: 100, imageOutputTokens: 1756 }, images: 1, timestamp: "2026-11-01T10:00:00Z" },
      { id: "lost-2", feature: "hero", workflow: "text_to_image", model: "gpt-image-2", usage: { textInputTokens: 100, imageOutputTokens: 1756 }, images: 1, timestamp: "2026-11-01T10:00:01Z" },
    ]);
    await sdk.close();
    expect(await p).toEqual({ ids: ["lost-1", "lost-2"] });
    expect(calls).toBe(2);
    expect(answers.map((a) => [a.status, a.body.inserted, a.body.duplicates])).toEqual([
      [200, 2, 0],
      [200, 0, 2],
    ]);
    expect(await db().usageEvent.count({ where: { orgId: org.id } })).toBe(2);
    expect(await rollupTotals(org.id)).toMatchObject({ events: "2", cost: "0.106360000000" });
  });
});
