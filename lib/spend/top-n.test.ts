import { describe, expect, it } from "vitest";
import { dec } from "@/lib/money/decimal";
import type { Column, TableRow } from "./table-model";
import { DIMENSION_TOP_N, OTHER_ROW_KEY, foldTopN, type TopNSpec } from "./top-n";

const COLS: Column[] = [
  { key: "name", label: "Name", kind: "text" },
  { key: "spend", label: "Spend", kind: "money" },
  { key: "share", label: "Share", kind: "percent" },
  { key: "requests", label: "Requests", kind: "count" },
  { key: "costPerImage", label: "Cost / image", kind: "money" },
];
const SPEC: TopNSpec = { rankKey: "spend", sumKeys: ["spend", "requests"] };

const row = (name: string, spend: string | null, requests: number): TableRow => ({
  key: name,
  href: `/features/${name}`,
  cells: { name, spend, share: "1.0", requests, costPerImage: "0.04" },
});

describe("foldTopN", () => {
  // rows are in the table's own order (here by name); the top 2 by spend are b and d
  const rows = [row("a", "0.100000000001", 3), row("b", "7.5", 1), row("c", "0.2", 10), row("d", "5.000000000000000000001", 2), row("e", null, 4)];

  it.each([
    // n, kept keys in input order, Other label, Other spend (exact), Other requests
    [2, ["b", "d"], "Other (3 more)", "0.300000000001", 17],
    [3, ["b", "c", "d"], "Other (2 more)", "0.100000000001", 7],
    [4, ["a", "b", "c", "d"], "Other (1 more)", "0.000000000", 4],
  ])("keeps the top %i by spend in the table's order and sums the rest exactly", (n, kept, label, otherSpend, otherRequests) => {
    const f = foldTopN(rows, COLS, SPEC, n);
    expect(f.rows.slice(0, -1).map((r) => r.key)).toEqual(kept);
    const other = f.rows[f.rows.length - 1];
    expect(other.key).toBe(OTHER_ROW_KEY);
    expect(other.href).toBeUndefined();
    expect(other.cells).toEqual({ name: label, spend: otherSpend, share: null, requests: otherRequests, costPerImage: null });
    expect(f.hidden).toBe(rows.length - n);
  });

  it.each([[5], [6]])("leaves a table of at most %i rows unchanged", (n) => {
    expect(foldTopN(rows, COLS, SPEC, n)).toEqual({ rows, hidden: 0 });
  });

  it("shown rows plus Other sum exactly to all rows for every additive column (500 rows, top 50)", () => {
    const many = Array.from({ length: 500 }, (_, i) => row(`f${i}`, `${(i * 7919) % 1000}.${String(i).padStart(12, "0")}`, i));
    const f = foldTopN(many, COLS, DIMENSION_TOP_N);
    expect(f.rows).toHaveLength(51);
    expect(f.rows[50].cells.name).toBe("Other (450 more)");
    const sum = (rs: TableRow[]) => rs.reduce((a, r) => a.plus(dec(String(r.cells.spend ?? 0))), dec(0));
    expect(sum(f.rows).eq(sum(many))).toBe(true);
    expect(f.rows.reduce((a, r) => a + Number(r.cells.requests), 0)).toBe((499 * 500) / 2);
    // every shown row outranks every folded one
    const minShown = f.rows.slice(0, 50).reduce((m, r) => (dec(String(r.cells.spend)).lt(m) ? dec(String(r.cells.spend)) : m), dec(1e9));
    const folded = many.filter((r) => !f.rows.some((s) => s.key === r.key));
    expect(folded.every((r) => dec(String(r.cells.spend)).lte(minShown))).toBe(true);
  });
});
