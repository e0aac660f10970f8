import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { POST as USAGE } from "@/app/api/v1/usage/route";
import { POST as USAGE_VALIDATE } from "@/app/api/v1/usage/validate/route";
import { POST as CSV_IMPORT } from "@/app/api/v1/usage/csv/route";
import { POST as CSV_VALIDATE } from "@/app/api/v1/usage/csv/validate/route";
import { importOpenAICosts, importOpenAIImagesUsage } from "@/lib/ingest/imports";
import { importSnapshot, pricingActorOf } from "@/lib/pricing/service";
import { saveEstimate } from "@/lib/spend/estimates-service";
import { saveEstimateSchema } from "@/lib/spend/estimates";
import { parseInput } from "@/lib/api/zod-fields";
import { AppError } from "@/lib/api/errors";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { createTestKey, createTestOrg, createTestUser } from "./helpers";
import { call, publishSnapshot, rollupTotals, wireEvent } from "./ingest-fixtures";

/**
 * Issue 9, defects 3, 10 and 11, each reproduced as the client sent it. Before the fixes these answered 500
 * (PostgreSQL refused the value, or a RangeError escaped), said "duplicate" for rows stored elsewhere, or
 * numbered lines one too low.
 */

async function setup(keyTeam: string | null = null) {
  const { org, teams } = await createTestOrg();
  await publishSnapshot(org.id);
  const key = await createTestKey(org.id, { team: keyTeam, scopes: ["ingest", "read"] });
  return { org, teams, key };
}

async function admin(orgId: string): Promise<UserPrincipal> {
  const { user } = await createTestUser(orgId, "admin");
  return { kind: "user", userId: user.id, orgId, email: user.email, name: user.name, role: "admin", teamIds: [] };
}

const stored = (orgId: string) => db().usageEvent.count({ where: { orgId } });

/** The service's AppError as the route answers it (status + invalid field paths). */
async function failure(p: Promise<unknown>): Promise<{ status: number; paths: string[] }> {
  const e = await p.then(
    () => null,
    (err) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return { status: (e as AppError).status, paths: ((e as AppError).extra.invalidFields ?? []).map((f) => f.path) };
}

describe("defect 3: hostile JSON bodies answer 400 naming the field, store nothing", () => {
  const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });
  it.each([
    ["NUL in feature", JSON.stringify({ events: [wireEvent({ id: "h1", feature: "a\u0000b" })] }), "events[0].feature"],
    ["lone surrogate in model", JSON.stringify({ events: [wireEvent({ id: "h2", model: "gpt\ud800" })] }), "events[0].model"],
    ["lone low surrogate in id", JSON.stringify({ events: [wireEvent({ id: "h\udc00" })] }), "events[0].id"],
    ["NUL in a metadata value", JSON.stringify({ events: [wireEvent({ id: "h3", metadata: { note: "\u0000" } })] }), "events[0].metadata.note"],
    ["NUL in a metadata key", JSON.stringify({ events: [wireEvent({ id: "h4", metadata: { "k\u0000": 1 } })] }), 'events[0].metadata."k\\u0000"'],
    ["deeply nested metadata", JSON.stringify({ events: [wireEvent({ id: "h5", metadata: deep(200) })] }), "events[0].metadata.a"],
    ["1e400 in metadata", JSON.stringify({ events: [wireEvent({ id: "h6" })] }).replace('"images":1', '"metadata":{"n":1e400},"images":1'), "events[0].metadata.n"],
    ["a year-0 timestamp (PostgreSQL refuses it)", JSON.stringify({ events: [wireEvent({ id: "h8", timestamp: "0000-01-01T00:00:00Z" })] }), "events[0].timestamp"],
    ["images x tokens per image past 2^31-1", JSON.stringify({ events: [wireEvent({ id: "h7", usage: null, images: 2_000_000, quality: "high" })] }), "events[0].images"],
  ])("%s", async (_name, rawBody, path) => {
    const { org, key } = await setup();
    for (const handler of [USAGE, USAGE_VALIDATE]) {
      const r = await call(handler, { path: "/api/v1/usage", key: key.key, rawBody });
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.json.invalidFields.map((f: { path: string }) => f.path)[0].startsWith(path)).toBe(true);
    }
    expect(await stored(org.id)).toBe(0);
  });

  it.each([
    ["malformed JSON", '{"events": [', "(body)"],
    ["NUL in a top-level key", '{"ev\\u0000ents": []}', '"ev\\u0000ents"'],
    ["a number past a double", '{"events": 1e999999}', "events"],
    ["a raw NUL byte", '{"events": ["\u0000"]}', "(body)"],
    ["nesting deeper than the stack", "[".repeat(100_000) + "]".repeat(100_000), "[0][0]"],
  ])("the body parse itself: %s", async (_name, rawBody, path) => {
    const { key } = await setup();
    const r = await call(USAGE, { path: "/api/v1/usage", key: key.key, rawBody });
    expect(r.status).toBe(400);
    expect(r.json.invalidFields[0].path.startsWith(path)).toBe(true);
  });

  it("an oversized image count priced from a legacy rate card is stored unpriced, not a failed insert", async () => {
    const { org, key } = await setup();
    // A card imported before MAX_TOKENS_PER_IMAGE: 1,000,000 tokens per image, written straight to the table.
    await db().$executeRaw`UPDATE pricing_rows SET image_output_tokens = '{"1024x1024":{"high":1000000}}'::jsonb
      WHERE snapshot_id IN (SELECT id FROM pricing_snapshots WHERE org_id = ${org.id}::uuid) AND model = 'gpt-image-2'`;
    const body = { events: [wireEvent({ id: "big", usage: null, images: 5000, quality: "high" })] };
    const r = await call(USAGE, { path: "/api/v1/usage", key: key.key, body });
    expect(r.status).toBe(200);
    expect(r.json.events[0]).toMatchObject({ priced: false, cost: null });
    expect(r.json.events[0].warnings.map((w: { code: string }) => w.code)).toContain("cannot_estimate");
    expect(await rollupTotals(org.id)).toMatchObject({ events: "1", unpriced: "1" });
  });
});

describe("defect 3: CSV, OpenAI and pricing imports", () => {
  const header = "id,timestamp,team,feature,workflow,model,images,size,quality,metadata";
  it.each([
    ["NUL byte in a cell", `${header}\nc1,2026-11-01T10:00:00Z,alpha,f\u0000,text_to_image,gpt-image-2,1,1024x1024,low,\n`, "(body)"],
    ["1e400 in metadata", `${header}\nc2,2026-11-01T10:00:00Z,alpha,f,text_to_image,gpt-image-2,1,1024x1024,low,"{""n"":1e400}"\n`, "row 1 (metadata)"],
    ["NUL escape in metadata", `${header}\nc3,2026-11-01T10:00:00Z,alpha,f,text_to_image,gpt-image-2,1,1024x1024,low,"{""n"":""\\u0000""}"\n`, "row 1 (metadata)"],
    ["images overflow", `${header}\nc4,2026-11-01T10:00:00Z,alpha,f,text_to_image,gpt-image-2,2000000,1024x1024,high,\n`, "row 1 (images)"],
  ])("CSV upload: %s", async (_name, csv, path) => {
    const { org, key } = await setup();
    const r = await call(CSV_IMPORT, { path: "/api/v1/usage/csv", key: key.key, rawBody: csv, headers: { "content-type": "text/csv" } });
    expect(r.status).toBe(400);
    expect(r.json.invalidFields[0].path).toBe(path);
    const v = await call(CSV_VALIDATE, { path: "/api/v1/usage/csv/validate", key: key.key, rawBody: csv, headers: { "content-type": "text/csv" } });
    expect(v.status === 400 || (v.status === 200 && v.json.ok === false)).toBe(true);
    expect(await stored(org.id)).toBe(0);
  });

  it("OpenAI exports with NUL, lone surrogates or 1e400 are refused as 400", async () => {
    const { org } = await setup();
    const user = await admin(org.id);
    const costs = '{"object":"page","data":[{"object":"bucket","start_time":1761955200,"end_time":1762041600,"results":[{"object":"organization.costs.result","amount":{"value":1e400,"currency":"usd"},"line_item":"x","project_id":"p"}]}]}';
    expect((await failure(importOpenAICosts(org.id, costs, user))).status).toBe(400);
    expect((await failure(importOpenAICosts(org.id, costs.replace("1e400", '1,"z":"\\u0000"'), user))).status).toBe(400);
    const images = '{"object":"page","data":[{"object":"bucket","start_time":1761955200,"end_time":1762041600,"results":[{"object":"organization.usage.images.result","images":1,"num_model_requests":1,"model":"gpt-image-1\\ud800","size":"1024x1024","source":"image.generation","project_id":null}]}]}';
    expect((await failure(importOpenAIImagesUsage(org.id, images, { quality: "medium", feature: "f", defaultTeam: "alpha" }, user))).status).toBe(400);
    expect(await db().billedCost.count({ where: { orgId: org.id } })).toBe(0);
  });

  it.each([
    ["json", JSON.stringify({ ...OPENAI_2026_06_11, name: "bad\u0000" }), "name"],
    ["json", JSON.stringify(OPENAI_2026_06_11).replace('"high":7024', '"high":1e400'), "rows"],
    ["json", JSON.stringify(OPENAI_2026_06_11).replace('"high":7024', '"high":2000000'), "rows"],
    ["json", JSON.stringify({ ...OPENAI_2026_06_11, effectiveFrom: "0000-01-01T00:00:00Z" }), "effectiveFrom"],
  ])("pricing import (%s) of a hostile file is a 400", async (format, content) => {
    const { org } = await setup();
    const user = await admin(org.id);
    const before = await db().pricingSnapshot.count({ where: { orgId: org.id } });
    const f = await failure(importSnapshot(org.id, { format, content }, pricingActorOf(user)));
    expect(f.status).toBe(400);
    expect(await db().pricingSnapshot.count({ where: { orgId: org.id } })).toBe(before);
  });
});

describe("defect 3: the estimate worksheet", () => {
  it.each([
    [{ count: 100_000_000, inputImages: 1000, inputImageTokens: 10_000_000 }, "inputs.count"],
    [{ count: "1e400" }, "inputs.count"],
  ])("very large counts %j answer 400 on the field", async (inputs, path) => {
    const { org } = await setup();
    const user = await admin(org.id);
    const f = await failure((async () => saveEstimate(user, parseInput(saveEstimateSchema, { name: "n", feature: "f", inputs: { model: "gpt-image-2", ...inputs } })))());
    expect(f).toEqual({ status: 400, paths: [path] });
    expect(await db().estimate.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe("defect 10: idempotency compares the team as stored", () => {
  const csv = (ids: string[]) =>
    `id,timestamp,feature,workflow,model,images,size,quality\n${ids.map((id) => `${id},2026-11-01T10:00:00Z,f,text_to_image,gpt-image-2,1,1024x1024,low`).join("\n")}\n`;

  it("a CSV re-uploaded with another default team is a conflict, not a silent duplicate", async () => {
    const { org, teams, key } = await setup();
    const post = (team: string, path = "/api/v1/usage/csv") =>
      call(path.endsWith("validate") ? CSV_VALIDATE : CSV_IMPORT, { path: `${path}?team=${team}`, key: key.key, rawBody: csv(["d1", "d2"]), headers: { "content-type": "text/csv" } });
    expect((await post("alpha")).json).toMatchObject({ inserted: 2 });
    expect((await post("alpha")).json).toMatchObject({ inserted: 0, duplicates: 2 });
    const again = await post("beta");
    expect(again.status).toBe(400);
    expect(again.json.invalidFields[0].message).toMatch(/already recorded with different content/);
    const check = await post("beta", "/api/v1/usage/csv/validate");
    expect(check.json).toMatchObject({ ok: false, alreadyStored: 0 });
    const rows = await db().usageEvent.findMany({ where: { orgId: org.id }, select: { teamId: true } });
    expect(rows.map((r) => r.teamId)).toEqual([teams.alpha.id, teams.alpha.id]);
  });

  it("a team key resending an event with its own slug is a duplicate, not a 409", async () => {
    const { org, key } = await setup("alpha");
    const e = wireEvent({ id: "own-1" });
    delete e.team;
    const first = await call(USAGE, { path: "/api/v1/usage", key: key.key, body: { events: [e] } });
    expect(first.json).toMatchObject({ inserted: 1 });
    const resend = await call(USAGE, { path: "/api/v1/usage", key: key.key, body: { events: [{ ...e, team: "alpha" }] } });
    expect(resend.status).toBe(200);
    expect(resend.json).toMatchObject({ inserted: 0, duplicates: 1 });
    expect(await stored(org.id)).toBe(1);
  });
});

describe("defect 11: CSV chunk line numbers", () => {
  const header = "id,timestamp,team,feature,workflow,model,images,size,quality";
  const good = (id: string) => `${id},2026-11-01T10:00:00Z,alpha,f,text_to_image,gpt-image-2,1,1024x1024,low`;
  const bad = (id: string) => `${id},2026-11-01T10:00:00Z,alpha,f,text_to_image,gpt-image-2,lots,1024x1024,low`;
  it.each([
    // [query, chunk lines after the header, expected physical line of the bad row]
    ["", [good("l1"), bad("l2")], 3],
    ["", ["", bad("l3")], 3],
    ["?firstRow=5001", [bad("l4")], 2],
    ["?firstLine=5002&firstRow=5001", [bad("l5")], 5002],
    ["?firstLine=10&firstRow=7", [good("l6"), "", bad("l7")], 12],
  ])("query %j", async (query, lines, line) => {
    const { key } = await setup();
    const r = await call(CSV_IMPORT, { path: `/api/v1/usage/csv${query}`, key: key.key, rawBody: [header, ...lines].join("\n"), headers: { "content-type": "text/csv" } });
    expect(r.status).toBe(400);
    expect(r.json.rows.map((e: { line: number }) => e.line)).toEqual([line]);
  });
});
