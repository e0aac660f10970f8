import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { importCsvChunk, validateCsvUpload } from "@/lib/ingest/csv-upload";
import { sampleUsageCsv } from "@/lib/ingest/csv-docs";
import { POST as CSV_IMPORT } from "@/app/api/v1/usage/csv/route";
import { POST as CSV_VALIDATE } from "@/app/api/v1/usage/csv/validate/route";
import { createTestKey, createTestOrg, createTestUser } from "./helpers";
import { call, publishSnapshot, rollupTotals } from "./ingest-fixtures";

const HEADER = "id,timestamp,team,feature,workflow,model,text_input_tokens,image_output_tokens,images,size,quality,outcome";
const row = (id: string, over: Partial<Record<"team" | "tokens" | "model" | "timestamp", string>> = {}) =>
  `${id},${over.timestamp ?? "2026-11-01T10:00:00Z"},${over.team ?? "alpha"},hero,text_to_image,${over.model ?? "gpt-image-2"},100,${over.tokens ?? "1756"},1,1024x1024,medium,accepted`;

async function member(orgId: string, teams: string[]): Promise<UserPrincipal> {
  const { user } = await createTestUser(orgId, "member", teams);
  const memberships = await db().membership.findMany({ where: { userId: user.id } });
  return { kind: "user", userId: user.id, orgId, email: user.email, name: user.name, role: "member", teamIds: memberships.map((m) => m.teamId) };
}

describe("CSV upload", () => {
  it("validates the whole file first, reports bad rows by line, stores nothing; the fixed file imports", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    const user = await member(org.id, ["alpha"]);
    const ctx = { orgId: org.id, principal: user };
    const bad = [HEADER, row("r-1"), row("r-2", { tokens: "lots" }), "", row("r-3", { team: "beta" }), row("r-4", { team: "nope" })].join("\n");

    const v = await validateCsvUpload(bad, ctx);
    expect(v.ok).toBe(false);
    expect(v.rowCount).toBe(4);
    expect(v.validRows).toBe(1);
    expect(v.errors.map((e) => [e.line, e.row, e.id, e.column])).toEqual([
      [3, 2, "r-2", "image_output_tokens"],
      [5, 3, "r-3", "team"],
      [6, 4, "r-4", "team"],
    ]);
    expect(v.errors[1].message).toMatch(/may not upload usage for team "beta"/);
    expect(v.errors[2].message).toBe('unknown team "nope"');
    expect(v.errorReport).toContain("line,row,id,field,message,id,timestamp");
    expect(v.errorReport?.split("\r\n").filter(Boolean)).toHaveLength(4);
    expect(await db().usageEvent.count({ where: { orgId: org.id } })).toBe(0);

    // Importing the bad file is refused whole.
    const err = await importCsvChunk(bad, ctx).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.extra.rows).toHaveLength(3);
    expect(await db().usageEvent.count({ where: { orgId: org.id } })).toBe(0);

    const fixed = [HEADER, row("r-1"), row("r-2"), row("r-3"), row("r-4")].join("\n");
    expect((await validateCsvUpload(fixed, ctx)).ok).toBe(true);
    const r = await importCsvChunk(fixed, ctx);
    expect(r).toEqual({ received: 4, inserted: 4, duplicates: 0, unpriced: 0, cost: "0.212720000" });
    const stored = await db().usageEvent.findMany({ where: { orgId: org.id }, select: { source: true } });
    expect(stored.every((s) => s.source === "csv")).toBe(true);

    // Re-sending a chunk (e.g. after a dropped connection) is a no-op.
    expect(await importCsvChunk(fixed, ctx)).toMatchObject({ inserted: 0, duplicates: 4 });
    expect(await rollupTotals(org.id)).toMatchObject({ events: "4", cost: "0.212720000000" });
    // The validation pass now reports those rows as already stored, not as errors.
    expect(await validateCsvUpload(fixed, ctx)).toMatchObject({ ok: true, alreadyStored: 4 });
  });

  it("uses the default team for rows without one, and reports stored ids with other content", async () => {
    const { org, teams } = await createTestOrg();
    await publishSnapshot(org.id);
    const user = await member(org.id, ["beta"]);
    const noTeam = ["id,timestamp,feature,workflow,model,images,size,quality", "d-1,2026-11-01T10:00:00Z,f,text_to_image,gpt-image-2,1,1024x1024,low"].join("\n");
    const missing = await validateCsvUpload(noTeam, { orgId: org.id, principal: user });
    expect(missing.errors[0]).toMatchObject({ row: 1, path: "team" });
    await importCsvChunk(noTeam, { orgId: org.id, principal: user, defaultTeam: "beta" });
    const e = await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id } });
    expect(e.teamId).toBe(teams.beta.id);
    expect(e.estimated).toBe(true);

    const changed = noTeam.replace(",low", ",high");
    const v = await validateCsvUpload(changed, { orgId: org.id, principal: user, defaultTeam: "beta" });
    expect(v.errors).toEqual([expect.objectContaining({ row: 1, column: "id", message: expect.stringMatching(/already recorded with different content/) })]);
  });

  it("keeps error positions relative to the original file when importing a chunk", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    const admin = { kind: "user" as const, userId: "00000000-0000-0000-0000-000000000000", orgId: org.id, email: "a@x", name: "A", role: "admin" as const, teamIds: [] };
    const chunk = [HEADER, row("c-5001"), row("c-5002", { team: "zzz" })].join("\n");
    const err = await importCsvChunk(chunk, { orgId: org.id, principal: admin, firstLine: 5002, firstRow: 5001 }).catch((e) => e);
    expect(err.extra.rows).toEqual([expect.objectContaining({ line: 5003, row: 5002, id: "c-5002" })]);
    expect(err.extra.errorReport).toContain("5003,5002,c-5002,team");
  });

  it("works over HTTP with an ingest key, and the sample file is valid", async () => {
    const { org } = await createTestOrg();
    await publishSnapshot(org.id);
    const key = await createTestKey(org.id, { team: "alpha", scopes: ["ingest"] });
    const sample = sampleUsageCsv("alpha", new Date());
    const v = await call(CSV_VALIDATE, { path: "/api/v1/usage/csv/validate", key: key.key, rawBody: sample, headers: { "content-type": "text/csv" } });
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ ok: true, rowCount: 7, errors: [] });
    const r = await call(CSV_IMPORT, { path: "/api/v1/usage/csv", key: key.key, rawBody: sample, headers: { "content-type": "text/csv" } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ received: 7, inserted: 7 });
    const readOnly = await createTestKey(org.id, { scopes: ["read"] });
    expect((await call(CSV_VALIDATE, { path: "/api/v1/usage/csv/validate", key: readOnly.key, rawBody: sample })).status).toBe(403);
  });
});
