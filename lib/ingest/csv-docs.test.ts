import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, parseUsageCsv } from "./csv-events";
import { CSV_COLUMN_DOCS, documentedColumnNames, sampleUsageCsv } from "./csv-docs";

describe("CSV column docs", () => {
  it("documents exactly the columns the parser reads, in its order", () => {
    expect(documentedColumnNames().sort()).toEqual(CSV_COLUMNS.map((c) => c.name).sort());
    expect(CSV_COLUMN_DOCS.map((d) => d.name)).toEqual(CSV_COLUMNS.map((c) => c.name));
    expect(CSV_COLUMN_DOCS.every((d) => d.description.length > 10)).toBe(true);
  });

  it("offers a sample file that parses without errors and covers every workflow", () => {
    const now = new Date("2026-11-25T12:34:00Z");
    const r = parseUsageCsv(sampleUsageCsv("creative-studio", now), now);
    expect(r.errors).toEqual([]);
    expect(r.events).toHaveLength(7);
    expect(new Set(r.events.map((e) => e.workflow)).size).toBe(4);
    expect(r.events.every((e) => e.team === "creative-studio" && e.timestamp < now)).toBe(true);
  });
});
