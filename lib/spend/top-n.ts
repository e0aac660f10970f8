/**
 * Top-N folding of a big table: the N rows with the highest rank value (e.g. spend) stay, in the table's own
 * order, and every other row is folded into one exact "Other (n more)" row.
 *
 * Invariant: for every key in `sumKeys`, the shown rows plus the Other row sum exactly (decimal arithmetic) to the
 * same value as all the input rows; non-additive cells (ratios, per-unit costs, shares) of the Other row are null.
 * A table with at most N rows is returned unchanged (no Other row). Only the screen folds: the CSV export writes
 * the full model.
 */
import { Decimal, ZERO, dec, toAmountString } from "@/lib/money/decimal";
import type { CellValue, Column, TableModel, TableRow } from "./table-model";

export const TOP_N = 50;
export const OTHER_ROW_KEY = "__other";

export interface TopNSpec {
  /** The money/count column that ranks rows (highest kept). */
  rankKey: string;
  /** Columns whose cells add up (money totals, counts); the Other row carries their exact sums. */
  sumKeys: readonly string[];
}

/** Dimension tables (teams, features, models, workflows and the detail pages' breakdowns). */
export const DIMENSION_TOP_N: TopNSpec = { rankKey: "spend", sumKeys: ["spend", "requests", "images", "unpriced", "warnings"] };
/** Batch opportunity per feature. */
export const BATCH_TOP_N: TopNSpec = { rankKey: "realtimeSpend", sumKeys: ["realtimeSpend", "realtimeRequests", "batchSpend", "savings"] };
/** Analysis versus generation per feature. */
export const STAGES_TOP_N: TopNSpec = { rankKey: "spend", sumKeys: ["analysisSpend", "generationSpend", "analysisRequests", "generationRequests", "spend"] };

function num(v: CellValue): Decimal {
  return v === null || v === "" ? ZERO : dec(String(v));
}

export interface Folded {
  rows: TableRow[];
  /** Rows folded into the Other row (0 when nothing was folded). */
  hidden: number;
}

/** The shown rows (top N by rank, in input order) plus the Other row; see the invariant above. */
export function foldTopN(rows: readonly TableRow[], columns: readonly Column[], spec: TopNSpec, n = TOP_N): Folded {
  if (rows.length <= n) return { rows: [...rows], hidden: 0 };
  const keep = new Set(
    rows
      .map((r, i) => ({ v: num(r.cells[spec.rankKey] ?? null), i }))
      .sort((a, b) => b.v.comparedTo(a.v) || a.i - b.i)
      .slice(0, n)
      .map((x) => x.i),
  );
  const shown = rows.filter((_, i) => keep.has(i));
  const rest = rows.filter((_, i) => !keep.has(i));
  const cells: Record<string, CellValue> = {};
  columns.forEach((c, i) => {
    if (i === 0) cells[c.key] = `Other (${rest.length} more)`;
    else if (spec.sumKeys.includes(c.key)) {
      const sum = rest.reduce((acc, r) => acc.plus(num(r.cells[c.key] ?? null)), ZERO);
      cells[c.key] = c.kind === "count" ? sum.toNumber() : toAmountString(sum);
    } else cells[c.key] = null;
  });
  return { rows: [...shown, { key: OTHER_ROW_KEY, cells }], hidden: rest.length };
}

/** The URL parameter that shows every row of a table (`${sortPrefix}all=1`). */
export function showAllParam(table: Pick<TableModel, "sortPrefix">): string {
  return `${table.sortPrefix}all`;
}
