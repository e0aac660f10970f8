import { describe, expect, it } from "vitest";
import { matchRow, selectSnapshot, type SnapshotCandidate } from "@/lib/pricing/resolve";
import { stripDatedSuffix } from "@/lib/pricing/match-model";
import { FLATKEY_2026_06_11, OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";

const d = (iso: string) => new Date(iso);
const SNAPS: SnapshotCandidate[] = [
  { id: "jan", provider: "openai", effectiveFrom: d("2026-01-01T00:00:00Z"), status: "published", publishedAt: d("2025-12-20T00:00:00Z") },
  { id: "jun", provider: "openai", effectiveFrom: d("2026-06-11T00:00:00Z"), status: "published", publishedAt: d("2026-06-10T00:00:00Z") },
  { id: "jun-fix", provider: "openai", effectiveFrom: d("2026-06-11T00:00:00Z"), status: "published", publishedAt: d("2026-06-12T00:00:00Z") },
  { id: "jul-draft", provider: "openai", effectiveFrom: d("2026-07-01T00:00:00Z"), status: "draft" },
  { id: "aug-archived", provider: "openai", effectiveFrom: d("2026-08-01T00:00:00Z"), status: "archived" },
  { id: "fk", provider: "flatkey", effectiveFrom: d("2026-03-01T00:00:00Z"), status: "published", publishedAt: d("2026-03-01T00:00:00Z") },
];

describe("selectSnapshot", () => {
  const cases: Array<[string, string, string, string | null]> = [
    ["before any snapshot", "openai", "2025-12-31T23:59:59.999Z", null],
    ["exactly at effectiveFrom", "openai", "2026-01-01T00:00:00Z", "jan"],
    ["just before the next one", "openai", "2026-06-10T23:59:59.999Z", "jan"],
    ["exactly at the next one; later publishedAt wins the tie", "openai", "2026-06-11T00:00:00Z", "jun-fix"],
    ["drafts are ignored", "openai", "2026-07-15T00:00:00Z", "jun-fix"],
    ["non-published statuses are ignored", "openai", "2026-09-01T00:00:00Z", "jun-fix"],
    ["provider separation", "flatkey", "2026-06-20T00:00:00Z", "fk"],
    ["flatkey before its first snapshot", "flatkey", "2026-02-01T00:00:00Z", null],
    ["provider is case-insensitive", " OpenAI ", "2026-02-01T00:00:00Z", "jan"],
    ["unknown provider", "google", "2026-06-20T00:00:00Z", null],
  ];
  it.each(cases)("%s", (_label, provider, at, expected) => {
    expect(selectSnapshot(SNAPS, provider, d(at))?.id ?? null).toBe(expected);
  });

  it("ties without publishedAt fall back to version, then id", () => {
    const from = d("2026-01-01T00:00:00Z");
    const tie: SnapshotCandidate[] = [
      { id: "b", provider: "openai", effectiveFrom: from, status: "published", version: 2 },
      { id: "a", provider: "openai", effectiveFrom: from, status: "published", version: 3 },
      { id: "c", provider: "openai", effectiveFrom: from, status: "published" },
    ];
    expect(selectSnapshot(tie, "openai", from)?.id).toBe("a");
    expect(selectSnapshot(tie.slice(0, 1).concat({ ...tie[0], id: "z" }), "openai", from)?.id).toBe("z");
  });

  it("order of the input does not matter", () => {
    expect(selectSnapshot([...SNAPS].reverse(), "openai", d("2026-06-11T00:00:00Z"))?.id).toBe("jun-fix");
  });
});

describe("matchRow", () => {
  const rows = OPENAI_2026_06_11.rows;
  const cases: Array<[string, string | null, string | null]> = [
    ["gpt-image-2", "gpt-image-2", "exact"],
    ["  GPT-Image-1.5 ", "gpt-image-1.5", "exact"],
    ["openai/gpt-image-2", "gpt-image-2", "alias"],
    ["OpenAI/GPT-Image-1-Mini", "gpt-image-1-mini", "alias"],
    ["gpt-image-1.5-2025-12-16", "gpt-image-1.5", "dated_variant"],
    ["openai/gpt-image-1-mini-2025-10-06", "gpt-image-1-mini", "dated_variant"],
    ["gpt-4.1-mini-2025-04-14", "gpt-4.1-mini", "dated_variant"],
    ["gpt-image-1", "gpt-image-1", "exact"],
    // never a looser prefix match
    ["gpt-image", null, null],
    ["gpt-image-1-turbo", null, null],
    ["gpt-image-2-preview", null, null],
    ["gpt-image-1.5-2025-13-01", null, null], // month 13 is not a date
    ["gpt-image-1.5-20251216", null, null],
    ["", null, null],
  ];
  it.each(cases)("%j -> %s (%s)", (model, expectedRow, matchedBy) => {
    const m = matchRow(rows, model);
    expect(m?.row.model ?? null).toBe(expectedRow);
    expect(m?.matchedBy ?? null).toBe(matchedBy);
  });

  it("gpt-image-1 matches neither gpt-image-1.5 nor gpt-image-1-mini, in either direction", () => {
    const only1 = rows.filter((r) => r.model === "gpt-image-1");
    expect(matchRow(only1, "gpt-image-1.5")).toBeNull();
    expect(matchRow(only1, "gpt-image-1-mini")).toBeNull();
    const without1 = rows.filter((r) => r.model !== "gpt-image-1");
    expect(matchRow(without1, "gpt-image-1")).toBeNull();
  });

  it("an exact model id beats another row's alias", () => {
    const a = { ...rows[0], model: "x", aliases: ["y"] };
    const b = { ...rows[1], model: "y", aliases: [] };
    expect(matchRow([a, b], "y")?.row.model).toBe("y");
  });

  it("flatkey rows match both the routed and the bare id", () => {
    expect(matchRow(FLATKEY_2026_06_11.rows, "openai/gpt-image-2")).toMatchObject({ row: { model: "openai/gpt-image-2" }, matchedBy: "exact" });
    expect(matchRow(FLATKEY_2026_06_11.rows, "gpt-image-2")).toMatchObject({ row: { model: "openai/gpt-image-2" }, matchedBy: "alias" });
    expect(matchRow(FLATKEY_2026_06_11.rows, "gpt-image-2-2026-05-01")?.matchedBy).toBe("dated_variant");
  });

  it.each([
    ["gpt-image-1.5-2025-12-16", "gpt-image-1.5"],
    ["gpt-image-1.5", null],
    ["x-2025-02-30", "x"], // shape check only; calendar validity is not needed to strip a suffix
  ])("stripDatedSuffix(%j) = %j", (input, expected) => expect(stripDatedSuffix(input)).toBe(expected));
});
