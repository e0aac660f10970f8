/**
 * GET /api/v1/costs against hand-computed fixtures: grouping, filters, time-zone day boundaries, inclusive
 * ranges, exact totals, unpriced events, team-key isolation, rollup vs raw equality and the raw fallback.
 *
 * Rate card "test-rates" (USD per 1M tokens): m-gen 5 / 1.25 / 10 / 8 / 2 / 30, batch x0.5.
 * Event costs below are Σ tokens × rate / 1e6, written out by hand.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Decimal, dec } from "@/lib/money/decimal";
import { emptyTokens, type TokenCounts } from "@/lib/cost/types";
import { ingestEvents } from "@/lib/ingest/service";
import type { NormalizedEvent } from "@/lib/ingest/event-schema";
import { aggregateSpend, noFilters, type AggDim } from "@/lib/spend/queries";
import { dayRangeToInstants } from "@/lib/time/tz";
import { GET } from "@/app/api/v1/costs/route";
import { createTestKey, createTestOrg } from "./helpers";

async function publishTestRates(orgId: string) {
  await db().pricingSnapshot.create({
    data: {
      orgId,
      name: "test-rates",
      provider: "openai",
      version: 1,
      status: "published",
      effectiveFrom: new Date("2026-01-01T00:00:00Z"),
      publishedAt: new Date("2026-01-01T00:00:00Z"),
      batchMultiplier: "0.5",
      rows: {
        create: [
          {
            model: "m-gen",
            aliases: [],
            textInputRate: "5",
            cachedTextInputRate: "1.25",
            textOutputRate: "10",
            imageInputRate: "8",
            cachedImageInputRate: "2",
            imageOutputRate: "30",
            imageOutputTokens: { "1024x1024": { low: 196, medium: 1756, high: 7024 } },
          },
        ],
      },
    },
  });
}

function ev(id: string, at: string, over: Partial<Omit<NormalizedEvent, "tokens">> & { tokens?: Partial<TokenCounts> } = {}): NormalizedEvent {
  const { tokens, ...rest } = over;
  return {
    id,
    timestamp: new Date(at),
    team: "alpha",
    feature: "hero",
    workflow: "text_to_image",
    stage: null,
    traceId: null,
    model: "m-gen",
    provider: "openai",
    tokens: { ...emptyTokens(), ...tokens },
    tokenSource: "usage",
    images: 1,
    size: "1024x1024",
    quality: "medium",
    inputImages: null,
    batch: false,
    attempt: 1,
    outcome: "accepted",
    metadata: null,
    ...rest,
  };
}

/**
 * id   UTC time              team  feature   workflow / stage           cost (hand-computed)
 * e1   11-01 10:15           alpha hero      text_to_image              100×5 + 1756×30            = 0.053180
 * e2   11-01 23:30           beta  hero      image_edit, attempt 2      200×5 + 1000×8 + 7024×30   = 0.219720
 * e3   11-02 05:00           alpha alt-text  vision, unknown model      unpriced                   = 0
 * e4   11-03 12:00           alpha alt-text  vision_analysis            1000×5+500×1.25+300×10+765×8 = 0.014745
 * e5   10-31 23:59:59.999    alpha hero      (outside a UTC 11-01..11-03 range; inside it in Tokyo)  0.053180
 * e6   11-04 00:00           alpha hero      (outside: the day after the range)                   0.053180
 * e7   11-03 23:59:59        beta  hero      batch (rates × 0.5)       (100×5 + 1756×30) / 2       = 0.026590
 * e8   11-02 12:00           alpha remix     analysis_then_generate / analysis, trace t1
 *                                            50×5 + 100×10 + 765×8                                = 0.007370
 * e9   11-02 12:00:30        alpha remix     analysis_then_generate / generation, trace t1
 *                                            100×5 + 1756×30                                      = 0.053180
 * e10  11-01 18:45           alpha hero      rejected; 00:15 on 11-02 in Asia/Kolkata (UTC+5:30)   text 1000×5 = 0.005
 */
const GEN = { textInput: 100, imageOutput: 1756 };
const FIXTURE: NormalizedEvent[] = [
  ev("e1", "2026-11-01T10:15:00Z", { tokens: GEN }),
  ev("e2", "2026-11-01T23:30:00Z", { team: "beta", workflow: "image_edit", attempt: 2, inputImages: 1, quality: "high", tokens: { textInput: 200, imageInput: 1000, imageOutput: 7024 } }),
  ev("e3", "2026-11-02T05:00:00Z", { feature: "alt-text", workflow: "vision_analysis", model: "mystery-model", images: null, size: null, quality: null, tokens: { textInput: 10, imageInput: 765 } }),
  ev("e4", "2026-11-03T12:00:00Z", { feature: "alt-text", workflow: "vision_analysis", images: null, size: null, quality: null, tokens: { textInput: 1000, cachedTextInput: 500, textOutput: 300, imageInput: 765 } }),
  ev("e5", "2026-10-31T23:59:59.999Z", { tokens: GEN }),
  ev("e6", "2026-11-04T00:00:00Z", { tokens: GEN }),
  ev("e7", "2026-11-03T23:59:59Z", { team: "beta", batch: true, tokens: GEN }),
  ev("e8", "2026-11-02T12:00:00Z", { feature: "remix", workflow: "analysis_then_generate", stage: "analysis", traceId: "t1", images: null, size: null, quality: null, tokens: { textInput: 50, textOutput: 100, imageInput: 765 } }),
  ev("e9", "2026-11-02T12:00:30Z", { feature: "remix", workflow: "analysis_then_generate", stage: "generation", traceId: "t1", tokens: GEN }),
  ev("e10", "2026-11-01T18:45:00Z", { outcome: "rejected", images: 0, tokens: { textInput: 1000 } }),
];

const COST: Record<string, string> = {
  e1: "0.05318",
  e2: "0.21972",
  e3: "0",
  e4: "0.014745",
  e5: "0.05318",
  e6: "0.05318",
  e7: "0.02659",
  e8: "0.00737",
  e9: "0.05318",
  e10: "0.005",
};
const costOf = (...ids: string[]) => ids.reduce((acc, id) => acc.plus(dec(COST[id])), new Decimal(0));
/** The API's amount form: at least 9 decimals. */
const amount = (d: Decimal) => d.toFixed(Math.max(9, d.decimalPlaces()));

interface Fixture {
  orgId: string;
  readKey: string;
  betaKey: string;
  ingestOnlyKey: string;
}

async function buildFixture(timeZone = "UTC"): Promise<Fixture> {
  const { org } = await createTestOrg({ timeZone });
  await publishTestRates(org.id);
  const r = await ingestEvents(org.id, FIXTURE, { source: "api" });
  expect(r.inserted).toBe(FIXTURE.length);
  const read = await createTestKey(org.id, { scopes: ["read"] });
  const beta = await createTestKey(org.id, { team: "beta", scopes: ["read"] });
  const ingestOnly = await createTestKey(org.id, { scopes: ["ingest"] });
  return { orgId: org.id, readKey: read.key, betaKey: beta.key, ingestOnlyKey: ingestOnly.key };
}

async function costs(key: string, query: string) {
  const res = await GET(new Request(`http://localhost/api/v1/costs?${query}`, { headers: { authorization: `Bearer ${key}` } }));
  const body = (await res.json()) as Record<string, unknown> & {
    total: { cost: string; events: number; images: number; acceptedOutputs: number; unpricedEvents: number; buckets: Record<string, string> };
    rows: Array<Record<string, unknown> & { cost: string; events: number; unpricedEvents: number; buckets: Record<string, string> }>;
    invalidFields?: Array<{ path: string; message: string }>;
  };
  return { status: res.status, source: res.headers.get("x-spendscope-source"), contentType: res.headers.get("content-type"), body };
}

function expectRowsSumToTotal(body: { total: { cost: string; events: number; buckets: Record<string, string> }; rows: Array<{ cost: string; events: number; buckets: Record<string, string> }> }) {
  const sum = body.rows.reduce((acc, r) => acc.plus(dec(r.cost)), new Decimal(0));
  expect(amount(sum)).toBe(body.total.cost);
  expect(body.rows.reduce((n, r) => n + r.events, 0)).toBe(body.total.events);
  for (const b of Object.keys(body.total.buckets)) {
    const bs = body.rows.reduce((acc, r) => acc.plus(dec(r.buckets[b])), new Decimal(0));
    expect(amount(bs), b).toBe(body.total.buckets[b]);
  }
}

const RANGE = "from=2026-11-01&to=2026-11-03";

describe("GET /api/v1/costs", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await buildFixture("UTC");
  });

  it("answers the exact total of an inclusive range, with unpriced events counted but not costed", async () => {
    const { status, body, source } = await costs(f.readKey, `${RANGE}&tz=UTC`);
    expect(status).toBe(200);
    expect(source).toBe("rollup");
    const inRange = ["e1", "e2", "e3", "e4", "e7", "e8", "e9", "e10"];
    expect(body).toMatchObject({ currency: "USD", from: "2026-11-01", to: "2026-11-03", tz: "UTC", groupBy: [] });
    expect(body.total.cost).toBe(amount(costOf(...inRange)));
    expect(body.total.cost).toBe("0.379785000");
    expect(body.total.events).toBe(8);
    expect(body.total.unpricedEvents).toBe(1);
    // images: e1 1, e2 1, e7 1, e9 1, e10 0 (e3, e4, e8 have none)
    expect(body.total.images).toBe(4);
    // accepted outputs: Σ coalesce(images, 1) of accepted events: e1 1, e2 1, e3 1, e4 1, e7 1, e8 1, e9 1 (e10 rejected)
    expect(body.total.acceptedOutputs).toBe(7);
    expect(body.total.buckets).toEqual({
      // e1 0.0005, e2 0.001, e4 0.005, e7 0.00025 (batch), e8 0.00025, e9 0.0005, e10 0.005
      textInput: "0.012500000",
      cachedTextInput: "0.000625000",
      textOutput: "0.004000000",
      imageInput: "0.020240000", // e2 0.008, e4 0.00612, e8 0.00612
      cachedImageInput: "0.000000000",
      imageOutput: amount(dec("0.05268").plus("0.21072").plus("0.02634").plus("0.05268")),
      perImage: "0.000000000", // no per-image priced events here (see per-image-prices.test.ts)
    });
    expect(body.rows).toHaveLength(1);
    expectRowsSumToTotal(body);
  });

  it("groups by team (as slugs) and rows sum exactly to the total", async () => {
    const { body } = await costs(f.readKey, `${RANGE}&tz=UTC&groupBy=team`);
    expect(body.groupBy).toEqual(["team"]);
    expect(body.rows.map((r) => [r.team, r.cost, r.events])).toEqual([
      ["beta", amount(costOf("e2", "e7")), 2],
      ["alpha", amount(costOf("e1", "e3", "e4", "e8", "e9", "e10")), 6],
    ]);
    expectRowsSumToTotal(body);
  });

  it("groups by several dimensions at once, stage null for unstaged work", async () => {
    const { body } = await costs(f.readKey, `${RANGE}&tz=UTC&groupBy=workflow,stage,outcome`);
    const key = (r: Record<string, unknown>) => `${r.workflow}/${r.stage}/${r.outcome}`;
    const byKey = Object.fromEntries(body.rows.map((r) => [key(r), r]));
    expect(Object.keys(byKey).sort()).toEqual([
      "analysis_then_generate/analysis/accepted",
      "analysis_then_generate/generation/accepted",
      "image_edit/null/accepted",
      "text_to_image/null/accepted",
      "text_to_image/null/rejected",
      "vision_analysis/null/accepted",
    ]);
    expect(byKey["analysis_then_generate/analysis/accepted"].cost).toBe(amount(costOf("e8")));
    expect(byKey["analysis_then_generate/generation/accepted"].cost).toBe(amount(costOf("e9")));
    expect(byKey["text_to_image/null/accepted"].cost).toBe(amount(costOf("e1", "e7")));
    expectRowsSumToTotal(body);
  });

  it("keeps an unknown model as its own row: counted, unpriced, cost zero", async () => {
    const { body } = await costs(f.readKey, `${RANGE}&tz=UTC&groupBy=model,provider`);
    const mystery = body.rows.find((r) => r.model === "mystery-model");
    expect(mystery).toMatchObject({ provider: "openai", cost: "0.000000000", events: 1, unpricedEvents: 1 });
    expect(body.rows.find((r) => r.model === "m-gen")).toMatchObject({ events: 7, unpricedEvents: 0 });
    expectRowsSumToTotal(body);
  });

  it("puts day boundaries in the requested zone: 23:30 UTC is the next day in Asia/Tokyo", async () => {
    const utc = await costs(f.readKey, `${RANGE}&tz=UTC&groupBy=day`);
    expect(utc.body.rows.map((r) => [r.day, r.cost])).toEqual([
      ["2026-11-01", amount(costOf("e1", "e2", "e10"))],
      ["2026-11-02", amount(costOf("e3", "e8", "e9"))],
      ["2026-11-03", amount(costOf("e4", "e7"))],
    ]);
    // Tokyo (UTC+9): the range is [10-31 15:00Z, 11-03 15:00Z): e5 is in, e7 (11-04 08:59 local) is out;
    // e2 (23:30Z -> 08:30) and e10 (18:45Z -> 03:45) move to 11-02.
    const tokyo = await costs(f.readKey, `${RANGE}&tz=Asia/Tokyo&groupBy=day`);
    expect(tokyo.source).toBe("rollup");
    expect(tokyo.body.tz).toBe("Asia/Tokyo");
    expect(tokyo.body.rows.map((r) => [r.day, r.cost])).toEqual([
      ["2026-11-01", amount(costOf("e5", "e1"))],
      ["2026-11-02", amount(costOf("e2", "e10", "e3", "e8", "e9"))],
      ["2026-11-03", amount(costOf("e4"))],
    ]);
    expectRowsSumToTotal(tokyo.body);
  });

  it("treats from and to as inclusive calendar days", async () => {
    const oneDay = await costs(f.readKey, `from=2026-11-03&to=2026-11-03&tz=UTC`);
    expect(oneDay.body.total.cost).toBe(amount(costOf("e4", "e7"))); // 23:59:59 included, 11-04 00:00 not
    const lastDay = await costs(f.readKey, `from=2026-10-31&to=2026-10-31&tz=UTC`);
    expect(lastDay.body.total.cost).toBe(amount(costOf("e5")));
    const empty = await costs(f.readKey, `from=2026-10-01&to=2026-10-02&tz=UTC&groupBy=team`);
    expect(empty.body.rows).toEqual([]);
    expect(empty.body.total).toMatchObject({ cost: "0.000000000", events: 0 });
  });

  it.each([
    ["team=alpha", ["e1", "e3", "e4", "e8", "e9", "e10"]],
    ["team=alpha,beta&feature=hero", ["e1", "e2", "e7", "e10"]],
    ["feature=alt-text,remix", ["e3", "e4", "e8", "e9"]],
    ["model=mystery-model", ["e3"]],
    ["workflow=image_edit,vision_analysis", ["e2", "e3", "e4"]],
    ["provider=OpenAI&workflow=analysis_then_generate", ["e8", "e9"]],
    ["provider=flatkey", []],
    ["outcome=rejected", ["e10"]],
  ])("filters %s", async (filter, ids) => {
    const { status, body } = await costs(f.readKey, `${RANGE}&tz=UTC&groupBy=feature&${filter}`);
    expect(status).toBe(200);
    expect(body.total.cost).toBe(amount(costOf(...ids)));
    expect(body.total.events).toBe(ids.length);
    expectRowsSumToTotal(body);
  });

  it("defaults tz to the organization's zone", async () => {
    const tokyoOrg = await buildFixture("Asia/Tokyo");
    const { body } = await costs(tokyoOrg.readKey, `${RANGE}&groupBy=day`);
    expect(body.tz).toBe("Asia/Tokyo");
    expect(body.rows[0]).toMatchObject({ day: "2026-11-01", cost: amount(costOf("e5", "e1")) });
  });

  it("shows a team key only its own team", async () => {
    const all = await costs(f.betaKey, `${RANGE}&tz=UTC&groupBy=team`);
    expect(all.status).toBe(200);
    expect(all.body.rows.map((r) => r.team)).toEqual(["beta"]);
    expect(all.body.total.cost).toBe(amount(costOf("e2", "e7")));
    const other = await costs(f.betaKey, `${RANGE}&tz=UTC&team=alpha&groupBy=feature`);
    expect(other.status).toBe(200);
    expect(other.body.rows).toEqual([]);
    expect(other.body.total.events).toBe(0);
  });

  it("refuses keys without the read scope and requests without a key", async () => {
    expect((await costs(f.ingestOnlyKey, RANGE)).status).toBe(403);
    const res = await GET(new Request(`http://localhost/api/v1/costs?${RANGE}`, { headers: { authorization: "Bearer nope" } }));
    expect(res.status).toBe(401);
  });

  it.each([
    ["from=2026-13-01&to=2026-11-03", "from"],
    ["from=2026-11-01&to=yesterday", "to"],
    ["from=2026-11-05&to=2026-11-01", "to"],
    ["from=2020-01-01&to=2026-11-01", "to"],
    [`${RANGE}&tz=Mars/Olympus_Mons`, "tz"],
    [`${RANGE}&groupBy=team,colour`, "groupBy[1]"],
    [`${RANGE}&groupBy=team,team`, "groupBy"],
    [`${RANGE}&workflow=painting`, "workflow[0]"],
    [`${RANGE}&outcome=maybe`, "outcome[0]"],
    [`${RANGE}&team=gamma`, "team"],
    [`${RANGE}&groupby=team`, "groupby"],
  ])("answers 400 problem+json naming the parameter for %s", async (query, path) => {
    const { status, body, contentType } = await costs(f.readKey, query);
    expect(status).toBe(400);
    expect(contentType).toBe("application/problem+json");
    expect(body.invalidFields?.map((x) => x.path)).toContain(path);
  });
});

describe("rollups and raw events", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await buildFixture("UTC");
  });

  const GROUPINGS: AggDim[][] = [[], ["team"], ["day"], ["feature", "model"], ["workflow", "stage", "outcome"], ["provider", "quality", "size", "batch"], ["team", "day", "model"]];

  it.each(["UTC", "Asia/Tokyo", "America/New_York", "Europe/Berlin"])("give identical answers in %s", async (tz) => {
    const { start, endExclusive } = dayRangeToInstants("2026-10-30", "2026-11-05", tz);
    const sets = [...GROUPINGS];
    const base = { orgId: f.orgId, start, endExclusive, tz, sets, filters: noFilters() };
    const sort = (rows: Awaited<ReturnType<typeof aggregateSpend>>) => rows.map((r) => JSON.stringify(r)).sort();
    const rollup = await aggregateSpend({ ...base, source: "rollup" });
    const rawRows = await aggregateSpend({ ...base, source: "raw" });
    expect(rollup.length).toBeGreaterThan(10);
    expect(sort(rollup)).toEqual(sort(rawRows));
    const filtered = { ...base, filters: { ...noFilters(), features: ["hero"], outcomes: ["accepted"] } };
    expect(sort(await aggregateSpend({ ...filtered, source: "rollup" }))).toEqual(sort(await aggregateSpend({ ...filtered, source: "raw" })));
  });

  it("falls back to raw events for Asia/Kolkata, whose half-hour offset rollup hours cannot split", async () => {
    const { body, source } = await costs(f.readKey, `${RANGE}&tz=Asia/Kolkata&groupBy=day`);
    expect(source).toBe("raw");
    // Kolkata (UTC+5:30): range [10-31 18:30Z, 11-03 18:30Z). e5 in, e7 out, e4 (17:30 local) in.
    // e10 at 18:45Z is 00:15 on 11-02 local: in the rollup it would sit in the 18:00Z hour (23:30 on 11-01).
    expect(body.rows.map((r) => [r.day, r.cost])).toEqual([
      ["2026-11-01", amount(costOf("e5", "e1"))],
      ["2026-11-02", amount(costOf("e10", "e2", "e3", "e8", "e9"))],
      ["2026-11-03", amount(costOf("e4"))],
    ]);
    expectRowsSumToTotal(body);
  });
});
