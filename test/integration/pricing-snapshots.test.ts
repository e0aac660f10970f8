import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/api/errors";
import { importJson } from "@/lib/pricing/formats/json";
import { snapshotDocument } from "@/lib/pricing/store";
import { OPENAI_2026_01_01, OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import {
  cloneSnapshot,
  createDraft,
  deleteDraft,
  diffSnapshotsById,
  exportSnapshot,
  getSnapshot,
  importSnapshot,
  listSnapshots,
  publishSnapshot,
  snapshotJson,
  updateDraft,
} from "@/lib/pricing/service";
import { createTestOrg } from "./helpers";
import { ADMIN } from "./pricing-helpers";

const LITELLM = readFileSync(path.resolve(import.meta.dirname, "../../lib/pricing/formats/fixtures/litellm-excerpt.json"), "utf8");

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

async function audit(orgId: string, entityId: string) {
  return db().auditLog.findMany({ where: { orgId, entityType: "pricing_snapshot", entityId }, orderBy: { createdAt: "asc" } });
}

describe("drafts: create, validate, edit, delete", () => {
  it("creates a draft with version numbers per provider and round-trips the JSON document", async () => {
    const { org } = await createTestOrg();
    const a = await createDraft(org.id, snapshotDocument(OPENAI_2026_01_01), ADMIN);
    const b = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
    const fk = await createDraft(org.id, { ...snapshotDocument(OPENAI_2026_06_11), provider: "flatkey" }, ADMIN);
    expect([a.summary.version, b.summary.version, fk.summary.version]).toEqual([1, 2, 1]);
    expect(b.summary).toMatchObject({ status: "draft", provider: "openai", rowCount: 5, inForce: false });
    const got = await getSnapshot(org.id, b.summary.id);
    expect(got.document).toEqual(snapshotDocument(OPENAI_2026_06_11));
    expect(snapshotJson(got)).toMatchObject({ id: b.summary.id, status: "draft", version: 2, name: OPENAI_2026_06_11.name });
    const list = await listSnapshots(org.id);
    expect(list.map((s) => `${s.provider} v${s.version}`)).toEqual(["flatkey v1", "openai v2", "openai v1"]);
    expect((await audit(org.id, b.summary.id)).map((x) => x.action)).toEqual(["pricing_snapshot.create"]);
  });

  it("reports invalid fields with their paths and stores nothing", async () => {
    const { org } = await createTestOrg();
    const doc = snapshotDocument(OPENAI_2026_06_11);
    const bad = { ...doc, rows: [{ ...doc.rows[0], rates: { ...doc.rows[0].rates, textInput: "-5", imageOutput: "abc" } }, doc.rows[0]] };
    const err = await caught(createDraft(org.id, bad, ADMIN));
    expect(err.status).toBe(400);
    const paths = (err.extra.invalidFields ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["rows[0].rates.textInput", "rows[0].rates.imageOutput"]));
    // 12 decimals pass the schema but the column keeps 9: refused, never rounded silently
    const precise = { ...doc, rows: [{ ...doc.rows[0], rates: { ...doc.rows[0].rates, textInput: "5.0000000001" } }] };
    const err2 = await caught(createDraft(org.id, precise, ADMIN));
    expect(err2.extra.invalidFields).toEqual([expect.objectContaining({ path: "rows[0].rates.textInput" })]);
    expect(await db().pricingSnapshot.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("edits a draft (meta and rows) with before/after audit, refuses unknown fields, deletes drafts", async () => {
    const { org } = await createTestOrg();
    const d = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
    const rows = d.document.rows.map((r) => (r.model === "gpt-image-2" ? { ...r, rates: { ...r.rates, imageOutput: "28.5" } } : r));
    const edited = await updateDraft(org.id, d.summary.id, { name: "Corrected", rows }, ADMIN);
    expect(edited.summary.name).toBe("Corrected");
    expect(edited.data.rows.find((r) => r.model === "gpt-image-2")?.rates.imageOutput).toBe("28.5");
    const entries = await audit(org.id, d.summary.id);
    expect(entries.map((x) => x.action)).toEqual(["pricing_snapshot.create", "pricing_snapshot.update"]);
    const upd = entries[1] as unknown as { before: { name: string; rows: { rates: { imageOutput: string } }[] }; after: { name: string; rows: { rates: { imageOutput: string } }[] } };
    expect([upd.before.name, upd.after.name]).toEqual([OPENAI_2026_06_11.name, "Corrected"]);
    expect([upd.before.rows[0].rates.imageOutput, upd.after.rows[0].rates.imageOutput]).toEqual(["30", "28.5"]);

    const err = await caught(updateDraft(org.id, d.summary.id, { nmae: "typo" }, ADMIN));
    expect(err.status).toBe(400);
    expect(err.extra.invalidFields?.[0].path).toBe("nmae");
    const err2 = await caught(updateDraft(org.id, d.summary.id, { rows: [{ ...rows[0], rates: { ...rows[0].rates, textInput: "x" } }] }, ADMIN));
    expect(err2.extra.invalidFields?.[0].path).toBe("rows[0].rates.textInput");

    await deleteDraft(org.id, d.summary.id, ADMIN);
    expect(await db().pricingSnapshot.count({ where: { orgId: org.id } })).toBe(0);
    expect((await audit(org.id, d.summary.id)).map((x) => x.action)).toContain("pricing_snapshot.delete");
  });
});

describe("publish, immutability, clone", () => {
  it("a published snapshot cannot be edited or deleted (409); clone -> edit -> publish is audited", async () => {
    const { org } = await createTestOrg();
    const d = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
    const pub = await publishSnapshot(org.id, d.summary.id, ADMIN);
    expect(pub.snapshot.summary).toMatchObject({ status: "published", inForce: true });
    expect(pub.repriceJob).toBeNull();
    for (const attempt of [
      () => updateDraft(org.id, d.summary.id, { name: "x" }, ADMIN),
      () => deleteDraft(org.id, d.summary.id, ADMIN),
      () => publishSnapshot(org.id, d.summary.id, ADMIN),
    ]) {
      expect((await caught(attempt())).status).toBe(409);
    }
    const stored = await db().pricingSnapshot.findUniqueOrThrow({ where: { id: d.summary.id } });
    expect(stored.name).toBe(OPENAI_2026_06_11.name);

    const clone = await cloneSnapshot(org.id, d.summary.id, ADMIN, { effectiveFrom: "2026-07-01T00:00:00Z" });
    expect(clone.summary).toMatchObject({ status: "draft", version: 2, clonedFromId: d.summary.id });
    expect(clone.document.rows).toEqual(d.document.rows);
    const rows = clone.document.rows.map((r) => (r.model === "gpt-image-1.5" ? { ...r, rates: { ...r.rates, imageOutput: "30" } } : r));
    await updateDraft(org.id, clone.summary.id, { rows }, ADMIN);
    const diff = await diffSnapshotsById(org.id, d.summary.id, clone.summary.id);
    expect(diff.diff.changed).toEqual([
      expect.objectContaining({ model: "gpt-image-1.5", rates: [{ bucket: "imageOutput", from: "32", to: "30", deltaUsd: "-2", deltaPct: "-6.25" }] }),
    ]);
    await publishSnapshot(org.id, clone.summary.id, ADMIN);
    expect((await audit(org.id, clone.summary.id)).map((x) => x.action)).toEqual([
      "pricing_snapshot.clone",
      "pricing_snapshot.update",
      "pricing_snapshot.publish",
    ]);
    const list = await listSnapshots(org.id, new Date("2026-07-02T00:00:00Z"));
    expect(list.find((s) => s.inForce)?.id).toBe(clone.summary.id);
    expect(await db().pricingRow.count({ where: { snapshotId: d.summary.id } })).toBe(5);
  });

  it("refuses to publish an empty snapshot", async () => {
    const { org } = await createTestOrg();
    const d = await createDraft(org.id, { ...snapshotDocument(OPENAI_2026_06_11), rows: [] }, ADMIN);
    expect((await caught(publishSnapshot(org.id, d.summary.id, ADMIN))).status).toBe(409);
  });
});

describe("import and export", () => {
  it("previews a JSON import as a diff against the published snapshot before saving anything", async () => {
    const { org } = await createTestOrg();
    const d = await createDraft(org.id, snapshotDocument(OPENAI_2026_01_01), ADMIN);
    await publishSnapshot(org.id, d.summary.id, ADMIN);
    const content = JSON.stringify(snapshotDocument(OPENAI_2026_06_11), null, 2);
    const preview = await importSnapshot(org.id, { format: "json", content, dryRun: true }, ADMIN);
    expect(preview.dryRun).toBe(true);
    expect(preview.created).toBeNull();
    expect(preview.against?.id).toBe(d.summary.id);
    expect(preview.diff.added.map((r) => r.model)).toEqual(["gpt-image-2"]);
    expect(preview.diff.changed.map((c) => [c.model, c.rates.map((r) => `${r.bucket} ${r.from}->${r.to} ${r.deltaPct}%`)])).toEqual([
      ["gpt-image-1.5", ["imageOutput 40->32 -20.00%"]],
    ]);
    expect(await db().pricingSnapshot.count({ where: { orgId: org.id } })).toBe(1);

    const saved = await importSnapshot(org.id, { format: "json", content, publish: true }, ADMIN);
    expect(saved.created).toMatchObject({ status: "published", version: 2, rowCount: 5 });
    expect((await audit(org.id, saved.created!.id)).map((x) => x.action)).toEqual(["pricing_snapshot.import", "pricing_snapshot.publish"]);
  });

  it("reports bad rows by line, imports nothing, and imports the rest with skipInvalid", async () => {
    const { org } = await createTestOrg();
    const csv = [
      "# provider: openai",
      "# effectiveFrom: 2026-06-11T00:00:00Z",
      "model,aliases,text_input,cached_text_input,text_output,image_input,cached_image_input,image_output,image_output_tokens",
      "gpt-image-2,openai/gpt-image-2,5,1.25,,8,2,30,1024x1024:low=196;medium=1756;high=7024",
      "gpt-image-1-mini,,2,0.20,not listed,2.50,0.25,-8,",
      "gpt-image-1.5,,5,1.25,10,8,2,32,1024x1024:low=272;medium=1056;high=4160",
    ].join("\n");
    const err = await caught(importSnapshot(org.id, { format: "csv", content: csv }, ADMIN));
    expect(err.status).toBe(400);
    expect(err.extra.errors).toEqual([expect.objectContaining({ line: 5, model: "gpt-image-1-mini", path: "image_output" })]);
    expect(err.extra.invalidFields?.[0].message).toMatch(/^line 5 \(gpt-image-1-mini\): must not be negative/);
    expect(await db().pricingSnapshot.count({ where: { orgId: org.id } })).toBe(0);

    const ok = await importSnapshot(org.id, { format: "csv", content: csv, skipInvalid: true }, ADMIN);
    expect(ok.created?.rowCount).toBe(2);
    expect(ok.skipped).toEqual([expect.objectContaining({ line: 5, model: "gpt-image-1-mini" })]);
    const stored = await getSnapshot(org.id, ok.created!.id);
    expect(stored.summary.effectiveFrom).toBe("2026-06-11T00:00:00.000Z");
    expect(stored.data.rows[0].imageOutputTokens).toEqual({ "1024x1024": { low: 196, medium: 1756, high: 7024 } });
  });

  it("names the line of a bad row in a JSON file", async () => {
    const { org } = await createTestOrg();
    const doc = snapshotDocument(OPENAI_2026_06_11);
    doc.rows[2].rates.textInput = "two";
    const content = JSON.stringify(doc, null, 2);
    const err = await caught(importSnapshot(org.id, { format: "json", content }, ADMIN));
    const line = content.split("\n").findIndex((l) => l.includes('"model": "gpt-image-1-mini"'));
    expect(err.extra.errors).toEqual([expect.objectContaining({ row: 2, path: "rows[2].rates.textInput", line })]);
  });

  it("imports the real LiteLLM price map excerpt with exact per-1M rates", async () => {
    const { org } = await createTestOrg();
    const r = await importSnapshot(org.id, { format: "litellm", content: LITELLM, effectiveFrom: "2026-06-11" }, ADMIN);
    const snap = await getSnapshot(org.id, r.created!.id);
    const rates = Object.fromEntries(snap.data.rows.map((row) => [row.model, row.rates]));
    // The file has no cache_read_input_image_token_cost: cached image input is imported as not listed.
    expect(rates["gpt-image-1"]).toEqual({ textInput: "5", cachedTextInput: "1.25", textOutput: null, imageInput: "10", cachedImageInput: null, imageOutput: "40" });
    expect(rates["gpt-image-1-mini"]).toEqual({ textInput: "2", cachedTextInput: "0.2", textOutput: null, imageInput: "2.5", cachedImageInput: null, imageOutput: "8" });
    expect(rates["gpt-image-1.5"]).toEqual({ textInput: "5", cachedTextInput: "1.25", textOutput: "10", imageInput: "8", cachedImageInput: null, imageOutput: "32" });
    expect(rates["gpt-image-2"]).toMatchObject({ textInput: "5", cachedTextInput: "1.25", imageInput: "8", imageOutput: "30" });
    expect(snap.data.rows.every((row) => row.aliases.includes(`openai/${row.model}`))).toBe(true);
    expect(r.warnings.some((w) => /output-tokens-per-image/.test(w.message))).toBe(true);
    // Per-image / per-pixel rows are imported as unit prices (#11 item 2), not skipped.
    const units = Object.fromEntries(snap.data.rows.map((row) => [row.model, row.imagePrices]));
    expect(units["dall-e-3"]).toEqual({ "1024x1024": { hd: "0.07999586304" } });
    expect(units["gpt-image-1.5"]).toEqual({ "1024x1024": { low: "0.009", medium: "0.034", high: "0.133" } });
    expect(r.skipped).toEqual([]);
  });

  it("exports JSON and CSV that re-import to the same snapshot", async () => {
    const { org } = await createTestOrg();
    const d = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
    const json = await exportSnapshot(org.id, d.summary.id, "json");
    expect(json.filename).toBe("openai-v1.json");
    const back = importJson(json.body);
    expect(back.ok && snapshotDocument(back.snapshot)).toEqual(snapshotDocument(OPENAI_2026_06_11));
    const csv = await exportSnapshot(org.id, d.summary.id, "csv");
    expect(csv.body.startsWith("# name: OpenAI standard rates 2026-06-11\n# provider: openai\n")).toBe(true);
    const re = await importSnapshot(org.id, { format: "csv", content: csv.body, dryRun: true }, ADMIN);
    expect(re.document).toEqual(snapshotDocument(OPENAI_2026_06_11));
  });
});
