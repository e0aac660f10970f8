import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Spendscope, SpendscopeError, type SpendscopeOptions } from "./index";
import { backoffDelay, parseRetryAfter } from "./retry";

/** A real HTTP server; each request is answered by the next scripted reply (default 202). */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: { events?: Array<{ id: string } & Record<string, unknown>> } & Record<string, unknown>;
}
type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | "drop";

let server: Server;
let baseUrl: string;
let seen: Seen[];
let replies: Reply[];

beforeEach(async () => {
  seen = [];
  replies = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: raw ? JSON.parse(raw) : {} });
      const reply = replies.shift() ?? { status: 202, body: { accepted: true } };
      if (reply === "drop") {
        req.socket.destroy(); // a network error for the client
        return;
      }
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const sleeps: number[] = [];
function client(opts: Partial<SpendscopeOptions> = {}) {
  sleeps.length = 0;
  return new Spendscope({
    baseUrl,
    apiKey: "sk_test_123",
    flushIntervalMs: 60_000, // tests flush explicitly unless they test the timer
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...opts,
  });
}

const ev = (i: number) => ({
  id: `e${i}`,
  timestamp: "2026-11-01T09:00:00Z",
  feature: "hero",
  workflow: "text_to_image" as const,
  model: "gpt-image-1",
  usage: { imageOutputTokens: 4160 },
});

describe("Spendscope.record / flush", () => {
  it("sends a batch with auth and resolves with the ids", async () => {
    const c = client();
    const p = c.record([ev(1), ev(2)]);
    await c.flush();
    await expect(p).resolves.toEqual({ ids: ["e1", "e2"] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/api/v1/usage" });
    expect(seen[0].headers.authorization).toBe("Bearer sk_test_123");
    expect(seen[0].headers["content-type"]).toBe("application/json");
    expect(seen[0].body.events?.map((e) => e.id)).toEqual(["e1", "e2"]);
  });

  it("batches by size: a full batch goes out without flush(), the rest on flush()", async () => {
    const c = client({ batchSize: 2 });
    const first = c.record([ev(1), ev(2)]);
    await first;
    expect(seen.map((s) => s.body.events?.length)).toEqual([2]);
    const rest = c.record([ev(3), ev(4), ev(5)]);
    await c.flush();
    await rest;
    expect(seen.map((s) => s.body.events?.map((e) => e.id))).toEqual([["e1", "e2"], ["e3", "e4"], ["e5"]]);
  });

  it("flushes on the interval", async () => {
    const c = client({ flushIntervalMs: 10 });
    await expect(c.record(ev(1))).resolves.toEqual({ ids: ["e1"] });
    expect(seen).toHaveLength(1);
  });

  it("generates ids and timestamps when missing", async () => {
    const c = client();
    const { id: _id, timestamp: _ts, ...rest } = ev(1);
    const p = c.record(rest);
    await c.flush();
    const { ids } = await p;
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0].body.events?.[0].id).toBe(ids[0]);
    expect(Number.isNaN(Date.parse(String(seen[0].body.events?.[0].timestamp)))).toBe(false);
  });

  it("retries a 503 and resends the same ids", async () => {
    replies.push({ status: 503, body: { title: "Service Unavailable" } });
    const c = client();
    const p = c.record([ev(1), ev(2)]);
    await c.flush();
    await expect(p).resolves.toEqual({ ids: ["e1", "e2"] });
    expect(seen).toHaveLength(2);
    expect(seen[1].body).toEqual(seen[0].body);
    expect(sleeps).toHaveLength(1);
  });

  it("retries network errors", async () => {
    replies.push("drop");
    const c = client();
    const p = c.record(ev(1));
    await c.flush();
    await expect(p).resolves.toEqual({ ids: ["e1"] });
    expect(seen).toHaveLength(2);
  });

  it.each([
    ["delta seconds", "2", 2000],
    ["fractional seconds", "0.25", 250],
  ])("honours Retry-After on 429 (%s)", async (_name, header, expected) => {
    replies.push({ status: 429, headers: { "retry-after": header }, body: { title: "Too Many Requests" } });
    const c = client();
    const p = c.record(ev(1));
    await c.flush();
    await p;
    expect(sleeps).toEqual([expected]);
    expect(seen.map((s) => s.body.events?.[0].id)).toEqual(["e1", "e1"]);
  });

  it("really waits for Retry-After with the default timer-based sleep", async () => {
    replies.push({ status: 503, headers: { "retry-after": "0.05" } });
    const c = new Spendscope({ baseUrl, apiKey: "k", flushIntervalMs: 60_000 });
    const started = Date.now();
    const p = c.record(ev(1));
    await c.flush();
    await p;
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(seen).toHaveLength(2);
  });

  it("uses growing backoff without Retry-After and gives up after maxRetries", async () => {
    replies.push(...Array.from({ length: 4 }, () => ({ status: 500 })));
    const errors: SpendscopeError[] = [];
    const c = client({ maxRetries: 3, initialBackoffMs: 100, onError: (e) => errors.push(e) });
    const p = c.record(ev(1));
    await expect(c.flush()).rejects.toBeInstanceOf(SpendscopeError);
    await expect(p).rejects.toMatchObject({ status: 500, attempts: 4 });
    expect(seen).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    // Equal jitter: retry n waits between half and all of initial * 2^n.
    sleeps.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual((100 * 2 ** n) / 2);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** n);
    });
    expect(errors).toHaveLength(1);
  });

  it("does not retry a 400 and rejects with the problem details", async () => {
    const problem = {
      type: "https://spendscope.dev/problems/validation",
      title: "Invalid usage events",
      status: 400,
      errors: [{ index: 0, path: "events[0].model", message: "is required" }],
    };
    replies.push({ status: 400, headers: { "content-type": "application/problem+json" }, body: problem });
    const failed: Array<{ status: number | null; ids: string[] }> = [];
    const c = client({ onError: (e, events) => failed.push({ status: e.status, ids: events.map((x) => x.id) }) });
    const p = c.record(ev(1));
    await expect(c.flush()).rejects.toThrow(/HTTP 400: Invalid usage events/);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpendscopeError);
    expect((err as SpendscopeError).status).toBe(400);
    expect((err as SpendscopeError).problem).toEqual(problem);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(failed).toEqual([{ status: 400, ids: ["e1"] }]);
  });

  it("rejects obviously invalid events locally without sending them", async () => {
    const c = client();
    await expect(c.record({ ...ev(1), workflow: "analysis_then_generate" })).rejects.toThrow(/stage is required/);
    await expect(c.record({ ...ev(1), usage: { imageOutputTokens: -1 } })).rejects.toThrow(/non-negative integer/);
    await expect(c.record({ ...ev(1), usage: undefined })).rejects.toThrow(/usage, openaiUsage or images/);
    await c.flush();
    expect(seen).toHaveLength(0);
  });

  it("close() flushes and then refuses new events", async () => {
    const c = client();
    const p = c.record(ev(1));
    await c.close();
    await expect(p).resolves.toEqual({ ids: ["e1"] });
    expect(seen).toHaveLength(1);
    await expect(c.record(ev(2))).rejects.toThrow(/closed/);
  });

  it("an ignored failing record() does not cause an unhandled rejection", async () => {
    replies.push({ status: 401, body: { title: "Unauthorized" } });
    const unhandled: unknown[] = [];
    const onUnhandled = (r: unknown) => unhandled.push(r);
    process.on("unhandledRejection", onUnhandled);
    try {
      const c = client({ flushIntervalMs: 5 });
      void c.record(ev(1));
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

describe("Spendscope.recordOpenAIImage", () => {
  it("records usage, image count, size and quality from the response", async () => {
    const c = client();
    const response = {
      created: 1793516400, // 2026-11-01T07:00:00Z
      data: [{ b64_json: "..." }, { b64_json: "..." }],
      usage: { input_tokens: 50, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens: 8320, total_tokens: 8370 },
      size: "1024x1024",
      quality: "high",
      output_format: "png",
    };
    const p = c.recordOpenAIImage(response, { feature: "hero", model: "gpt-image-1", team: "design", size: "1536x1024", id: "img-1" });
    await c.flush();
    await p;
    expect(seen[0].body.events).toEqual([
      {
        id: "img-1",
        timestamp: "2026-11-01T07:00:00.000Z",
        team: "design",
        feature: "hero",
        workflow: "text_to_image",
        model: "gpt-image-1",
        openaiUsage: response.usage,
        images: 2,
        size: "1024x1024",
        quality: "high",
      },
    ]);
  });

  it("falls back to the context and infers image_edit from input images", async () => {
    const c = client();
    const p = c.recordOpenAIImage({ data: [{}] }, { feature: "edit", model: "dall-e-2", size: "512x512", quality: "standard", inputImages: 2 });
    await c.flush();
    await p;
    expect(seen[0].body.events?.[0]).toMatchObject({ workflow: "image_edit", size: "512x512", quality: "standard", images: 1, inputImages: 2 });
    expect(seen[0].body.events?.[0]).not.toHaveProperty("openaiUsage");
  });
});

describe("Spendscope.check", () => {
  it("posts to /api/v1/budget-check and returns the decision", async () => {
    const decision = { allow: false, remaining: "0.010000000", budgets: [{ id: "b1", name: "Design monthly", remaining: "0.010000000" }] };
    replies.push({ status: 200, body: decision });
    const c = client();
    await expect(c.check({ team: "design", feature: "hero", estimatedCost: "0.042" })).resolves.toEqual(decision);
    expect(seen[0]).toMatchObject({ url: "/api/v1/budget-check", body: { team: "design", feature: "hero", estimatedCost: "0.042" } });
  });

  it("refuses a non-decimal estimatedCost", async () => {
    const c = client();
    await expect(c.check({ estimatedCost: "1e-3" })).rejects.toThrow(/decimal string/);
    expect(seen).toHaveLength(0);
  });
});

describe("retry helpers", () => {
  it.each<[string | null, number | null]>([
    [null, null],
    ["3", 3000],
    ["junk", null],
    ["Sun, 01 Nov 2026 09:00:10 GMT", 10_000],
    ["Sun, 01 Nov 2026 08:00:00 GMT", 0],
    ["86400", 300_000],
  ])("parseRetryAfter(%s) = %s", (header, expected) => {
    expect(parseRetryAfter(header, Date.parse("2026-11-01T09:00:00Z"))).toBe(expected);
  });

  it("backoffDelay doubles and caps", () => {
    expect([0, 1, 2, 10].map((n) => backoffDelay(n, { initialMs: 500, maxMs: 30_000 }, () => 1))).toEqual([500, 1000, 2000, 30_000]);
    expect(backoffDelay(0, { initialMs: 500, maxMs: 30_000 }, () => 0)).toBe(250);
  });

  it("constructor validates options", () => {
    expect(() => new Spendscope({ baseUrl, apiKey: "k", batchSize: 5001 })).toThrow(RangeError);
    expect(() => new Spendscope({ baseUrl: "", apiKey: "k" })).toThrow(/baseUrl/);
  });
});
