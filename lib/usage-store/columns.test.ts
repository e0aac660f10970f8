import { describe, expect, it } from "vitest";
import { emptyTokens } from "@/lib/cost/types";
import type { NormalizedEvent } from "@/lib/ingest/event-schema";
import { prepareEvent } from "@/lib/ingest/prepare";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { EVENT_COLUMNS, recordsetKey, toRecordsetJson } from "./columns";
import { EVENT_DIMS, dimColumn, MEASURES } from "./measures";

const SNAP: LoadedSnapshot = { ...OPENAI_2026_06_11, id: "snap-1", version: 1, status: "published", publishedAt: new Date("2026-06-11T00:00:00Z") };

const ev = (over: Partial<NormalizedEvent> = {}): NormalizedEvent => ({
  id: "e1",
  timestamp: new Date("2026-11-01T10:00:00Z"),
  team: "alpha",
  feature: "f",
  workflow: "text_to_image",
  stage: null,
  traceId: null,
  model: "gpt-image-2",
  provider: "openai",
  tokens: { ...emptyTokens(), textInput: 100, imageOutput: 1756 },
  tokenSource: "usage",
  images: 1,
  size: "1024x1024",
  quality: "medium",
  inputImages: null,
  batch: false,
  attempt: 1,
  outcome: "accepted",
  metadata: null,
  ...over,
});

/** The batch JSON read back by column name (absent keys are NULL, as json_to_recordset reads them). */
const decode = (json: string): Array<Record<string, unknown>> =>
  (JSON.parse(json) as Array<Record<string, unknown>>).map((r) =>
    Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c.name, r[recordsetKey(i)] ?? null])),
  );

describe("toRecordsetJson", () => {
  it("makes one object per event keyed by column position, with '' for missing stage/size/quality, exact decimal strings and nulls left out", () => {
    const json = toRecordsetJson([
      prepareEvent(ev(), "team-a", "h1", [SNAP]),
      prepareEvent(ev({ id: "e2", model: "mystery", size: null, quality: null, metadata: { a: 1 } }), "team-b", "h2", [SNAP]),
    ]);
    const raw = JSON.parse(json) as Array<Record<string, unknown>>;
    for (const r of raw) for (const v of Object.values(r)) expect(v).not.toBeNull();
    expect(Object.keys(raw[0])).toContain(recordsetKey(EVENT_COLUMNS.findIndex((col) => col.name === "cost")));
    expect(Object.keys(raw[1])).not.toContain(recordsetKey(EVENT_COLUMNS.findIndex((col) => col.name === "cost")));
    const rows = decode(json);
    const c = Object.fromEntries(EVENT_COLUMNS.map((col) => [col.name, rows.map((r) => r[col.name])]));
    expect(c.id).toEqual(["e1", "e2"]);
    expect(c.team_id).toEqual(["team-a", "team-b"]);
    expect(c.cost).toEqual(["0.05318", null]);
    expect(c.image_output_cost).toEqual(["0.05268", null]);
    expect(c.stage).toEqual(["", ""]);
    expect(c.size).toEqual(["1024x1024", ""]);
    expect(c.metadata).toEqual([null, { a: 1 }]);
    expect(c.occurred_at[0]).toBe("2026-11-01T10:00:00.000Z");
    expect(String(c.unpriced_reason[1])).toMatch(/mystery/);
    expect(c.warnings[0]).toEqual([]);
  });

  it("stores the canonical model in model and the name as called in model_as_called", () => {
    const rows = decode(
      toRecordsetJson([
        prepareEvent(ev({ model: "OpenAI/GPT-Image-2" }), "team-a", "h1", [SNAP]),
        prepareEvent(ev({ id: "e2", model: "gpt-image-1.5-2026-05-01" }), "team-a", "h2", [SNAP]),
        prepareEvent(ev({ id: "e3", model: "Mystery-Model" }), "team-a", "h3", [SNAP]),
      ]),
    );
    expect(rows.map((r) => r.model)).toEqual(["gpt-image-2", "gpt-image-1.5", "Mystery-Model"]);
    expect(rows.map((r) => r.model_as_called)).toEqual(["OpenAI/GPT-Image-2", "gpt-image-1.5-2026-05-01", "Mystery-Model"]);
  });

  it("stores every dimension and every column a measure reads", () => {
    const names = new Set(EVENT_COLUMNS.map((c) => c.name));
    for (const d of EVENT_DIMS) expect(names.has(dimColumn(d))).toBe(true);
    for (const m of MEASURES) {
      const used = m.perEvent.match(/[a-z_]+/g)?.filter((w) => !["coalesce", "case", "when", "then", "else", "end", "jsonb", "bigint", "accepted"].includes(w.toLowerCase())) ?? [];
      for (const w of used) expect(names.has(w), `${m.key} reads ${w}`).toBe(true);
    }
  });
});
