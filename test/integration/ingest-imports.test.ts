import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { importOpenAICosts, importOpenAIImagesUsage, listProjectMappingViews, setProjectMapping } from "@/lib/ingest/imports";
import { createTestOrg, createTestUser } from "./helpers";
import { publishSnapshot, rollupTotals } from "./ingest-fixtures";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

async function admin(orgId: string): Promise<UserPrincipal> {
  const { user } = await createTestUser(orgId, "admin");
  return { kind: "user", userId: user.id, orgId, email: user.email, name: user.name, role: "admin", teamIds: [] };
}

describe("OpenAI Costs API import", () => {
  it("stores billed cost per day, project and line item, exactly, idempotently, audited", async () => {
    const { org, teams } = await createTestOrg();
    const who = await admin(org.id);
    const r = await importOpenAICosts(org.id, fixture("openai-costs-export.jsonl"), who);
    expect(r).toEqual({
      rows: 6,
      from: "2026-11-01",
      to: "2026-11-03",
      total: "31.510000000",
      currency: "USD",
      projects: ["", "proj_creative", "proj_support"],
      unmappedProjects: ["proj_creative", "proj_support"],
    });
    const rows = await db().billedCost.findMany({ where: { orgId: org.id }, orderBy: [{ date: "asc" }, { projectId: "asc" }, { lineItem: "asc" }] });
    expect(rows.map((x) => [x.date.toISOString().slice(0, 10), x.projectId, x.lineItem, x.amount.toFixed(2)])).toEqual([
      ["2026-11-01", "", "Image models", "1.50"],
      ["2026-11-01", "proj_creative", "Image models", "12.34"],
      ["2026-11-01", "proj_support", "gpt-4.1-mini, input", "0.06"],
      ["2026-11-02", "proj_creative", "Image models", "10.01"],
      ["2026-11-03", "proj_creative", "Image models", "7.50"],
      ["2026-11-03", "proj_support", "gpt-4.1-mini, input", "0.10"],
    ]);
    // Importing the same export again replaces, never adds.
    await importOpenAICosts(org.id, fixture("openai-costs-export.jsonl"), who);
    expect(await db().billedCost.count({ where: { orgId: org.id } })).toBe(6);
    expect(await db().auditLog.count({ where: { orgId: org.id, action: "billed_cost.import" } })).toBe(2);

    // Project -> team mapping settings.
    const views = await setProjectMapping(org.id, "proj_creative", "alpha", who);
    expect(views.find((v) => v.projectId === "proj_creative")).toMatchObject({ team: "alpha", billedTotal: "29.850000000", firstDate: "2026-11-01", lastDate: "2026-11-03" });
    expect((await db().openAIProjectMapping.findFirstOrThrow({ where: { orgId: org.id } })).teamId).toBe(teams.alpha.id);
    await setProjectMapping(org.id, "proj_creative", null, who);
    expect((await listProjectMappingViews(org.id)).find((v) => v.projectId === "proj_creative")?.team).toBeNull();
    expect(await db().auditLog.count({ where: { orgId: org.id, entityType: "openai_project_mapping" } })).toBe(2);
  });

  it("refuses a malformed export with every problem and stores nothing", async () => {
    const { org } = await createTestOrg();
    const err = await importOpenAICosts(org.id, '{"object":"page","data":[{"start_time":"x"}]}', await admin(org.id)).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.extra.invalidFields.length).toBeGreaterThan(0);
    expect(await db().billedCost.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe("OpenAI images usage import", () => {
  it("becomes estimated events priced from per-image tables at the chosen quality, teams from project mappings", async () => {
    const { org, teams } = await createTestOrg();
    await publishSnapshot(org.id);
    const who = await admin(org.id);
    await setProjectMapping(org.id, "proj_creative", "alpha", who);

    const unmapped = await importOpenAIImagesUsage(org.id, fixture("openai-images-usage-export.json"), { quality: "medium" }, who).catch((e) => e);
    expect(unmapped.status).toBe(400);
    expect(unmapped.message).toMatch(/proj_other/);

    const r = await importOpenAIImagesUsage(org.id, fixture("openai-images-usage-export.json"), { quality: "medium", defaultTeam: "beta" }, who);
    // 10 x 1056 x $40 + 4 x 1584 x $32 + 3 x 1756 x $30 + 20 x 2042 x $8 (per 1M); dall-e-3 is unpriced.
    expect(r).toEqual({ rows: 6, events: 5, inserted: 5, duplicates: 0, unpriced: 1, cost: "1.109912000", quality: "medium" });
    const events = await db().usageEvent.findMany({ where: { orgId: org.id }, orderBy: { id: "asc" } });
    expect(events.every((e) => e.source === "openai_import" && e.quality === "medium")).toBe(true);
    expect(events.filter((e) => e.estimated).map((e) => e.model).sort()).toEqual(["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"]);
    expect(events.find((e) => e.model === "gpt-image-2")?.teamId).toBe(teams.beta.id);
    expect(events.find((e) => e.model === "gpt-image-1.5")).toMatchObject({ teamId: teams.alpha.id, workflow: "image_edit", images: 4, estimatedImageOutputTokens: 6336 });
    expect(events.find((e) => e.model === "gpt-image-1")?.metadata).toMatchObject({ assumedQuality: "medium", requests: 10, importedFrom: "openai.usage.images" });

    // Re-importing the same export is idempotent.
    const again = await importOpenAIImagesUsage(org.id, fixture("openai-images-usage-export.json"), { quality: "medium", defaultTeam: "beta" }, who);
    expect(again).toMatchObject({ inserted: 0, duplicates: 5 });
    expect(await rollupTotals(org.id)).toMatchObject({ events: "5", cost: "1.109912000000", unpriced: "1" });
  });
});
