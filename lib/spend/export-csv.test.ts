import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { csvField, csvFileName, tableToCsv } from "./export-csv";
import { compareCells, formatCell, sortRows, type TableModel } from "./table-model";

const table: TableModel = {
  id: "features",
  title: "Features",
  columns: [
    { key: "name", label: "Name", kind: "text" },
    { key: "spend", label: "Spend", kind: "money" },
    { key: "share", label: "Share", kind: "percent" },
    { key: "requests", label: "Requests", kind: "count" },
  ],
  rows: [
    { key: "a", cells: { name: 'hero, "v2"', spend: "0.053180000001", share: "75.0000", requests: 3 } },
    { key: "b", cells: { name: "=cmd()", spend: "0.017726666667", share: null, requests: 1 } },
  ],
  total: { name: "Total", spend: "0.070906666668", share: "100.0000", requests: 4 },
  sort: null,
  sortPrefix: "",
  emptyText: "",
};

describe("tableToCsv", () => {
  it("writes every row and the total at full precision, quoted where needed", () => {
    const csv = tableToCsv(table);
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual(["Name", "Spend (USD)", "Share (%)", "Requests"]);
    expect(rows[1]).toEqual(['hero, "v2"', "0.053180000001", "75.0000", "3"]);
    expect(rows[2]).toEqual(["'=cmd()", "0.017726666667", "", "1"]);
    expect(rows[3]).toEqual(["Total", "0.070906666668", "100.0000", "4"]);
    expect(csv.endsWith("\r\n")).toBe(true);
  });
  it.each([
    ["plain", true, "plain"],
    ["-1.5", false, "-1.5"],
    ["-x", true, "'-x"],
    ["a\nb", true, '"a\nb"'],
    [null, true, ""],
  ])("csvField(%j)", (v, text, expected) => {
    expect(csvField(v, text)).toBe(expected);
  });
  it("makes safe file names", () => {
    expect(csvFileName("by model/../x", "2026-11-01", "2026-11-30")).toBe("by-model-..-x-2026-11-01-2026-11-30.csv");
  });
});

describe("table model", () => {
  it("sorts money exactly and keeps nulls last in both directions", () => {
    const rows = [
      { key: "x", cells: { v: "0.10" } },
      { key: "y", cells: { v: null } },
      { key: "z", cells: { v: "0.9" } },
      { key: "w", cells: { v: "10" } },
    ];
    const cols = [{ key: "v", label: "V", kind: "money" as const }];
    expect(sortRows(rows, cols, { key: "v", dir: "desc" }).map((r) => r.key)).toEqual(["w", "z", "x", "y"]);
    expect(sortRows(rows, cols, { key: "v", dir: "asc" }).map((r) => r.key)).toEqual(["x", "z", "w", "y"]);
    expect(compareCells("text", "b10", "b9", "asc")).toBeGreaterThan(0);
  });
  it.each([
    ["money", "1234.5", "$1,234.50"],
    ["money", "0.0531", "$0.053"],
    ["count", 1234567, "1,234,567"],
    ["percent", "33.3333", "33.3%"],
    ["change", "12.26", "+12.3%"],
    ["change", "12.25", "+12.2%"],
    ["change", "-3", "-3.0%"],
    ["change", null, "new"],
    ["ratio", "0.256", "0.26"],
    ["money", null, "—"],
  ] as const)("formatCell(%s, %j)", (kind, v, expected) => {
    expect(formatCell(kind, v)).toBe(expected);
  });
});
