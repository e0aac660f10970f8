/**
 * A table as data: typed columns, rows of exact cell values and a total row. Pages render it (formatting for
 * display) and the CSV export writes the same cells at full precision, so both always show the same figures.
 */
import { Decimal, dec, formatUsd } from "@/lib/money/decimal";
import type { SortSpec } from "./filters";

/**
 * money: decimal string (USD, exact); count: integer; percent: decimal string in percent; change: percent
 * change (decimal string, null = no previous spend); ratio: plain decimal string; text/date: strings.
 */
export type ColumnKind = "text" | "date" | "money" | "count" | "percent" | "change" | "ratio";

export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
  sortable?: boolean;
  /** Hidden below the sm breakpoint (phones); still exported. */
  secondary?: boolean;
  /** Shown only on wide screens (2xl) unless the table is sorted by it; still exported. */
  wide?: boolean;
  /** Short explanation shown as the header's title. */
  hint?: string;
  /** Long text that wraps instead of widening the table. */
  wrap?: boolean;
}

export type CellValue = string | number | null;

export interface TableRow {
  key: string;
  /** Where the first cell links to (detail page). */
  href?: string;
  cells: Record<string, CellValue>;
  /** Daily spend for the sparkline (display numbers, not exported). */
  spark?: number[];
}

export interface TableModel {
  id: string;
  title: string;
  description?: string;
  columns: Column[];
  rows: TableRow[];
  total: Record<string, CellValue> | null;
  /** Present when the table is sortable; the URL params are `${sortPrefix}sort` and `${sortPrefix}dir`. */
  sort: SortSpec | null;
  sortPrefix: string;
  /** Shown instead of the body when there are no rows. */
  emptyText: string;
  /** Whether rows carry sparklines (adds a Trend column on screen). */
  sparkline?: boolean;
}

function isNumericKind(kind: ColumnKind): boolean {
  return kind === "money" || kind === "percent" || kind === "change" || kind === "ratio" || kind === "count";
}

/** Compares two cells of one column; nulls sort last whatever the direction. */
export function compareCells(kind: ColumnKind, a: CellValue, b: CellValue, dir: "asc" | "desc"): number {
  if (a === null || a === "") return b === null || b === "" ? 0 : 1;
  if (b === null || b === "") return -1;
  let c: number;
  if (isNumericKind(kind)) c = dec(String(a)).comparedTo(dec(String(b)));
  else c = String(a).localeCompare(String(b), "en", { numeric: true, sensitivity: "base" });
  return dir === "asc" ? c : -c;
}

/** Sorts rows by the spec (stable; ties keep their order). Unknown keys leave the order as it is. */
export function sortRows(rows: readonly TableRow[], columns: readonly Column[], sort: SortSpec | null): TableRow[] {
  const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (!sort || !col) return [...rows];
  return rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => compareCells(col.kind, x.r.cells[col.key] ?? null, y.r.cells[col.key] ?? null, sort.dir) || x.i - y.i)
    .map((x) => x.r);
}

const countFormat = new Intl.NumberFormat("en-US");

/** Display text of a cell (the CSV writes the raw value instead). */
export function formatCell(kind: ColumnKind, v: CellValue): string {
  if (v === null || v === "") return kind === "change" ? "new" : "—";
  switch (kind) {
    case "money":
      return formatUsd(String(v));
    case "count":
      return countFormat.format(Number(v));
    case "percent":
      return `${dec(String(v)).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN).toFixed(1)}%`;
    case "change": {
      const d = dec(String(v)).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN);
      return `${d.isPositive() && !d.isZero() ? "+" : ""}${d.toFixed(1)}%`;
    }
    case "ratio":
      return dec(String(v)).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
    default:
      return String(v);
  }
}

/** Header text in the CSV: money columns say their unit. */
export function csvHeader(c: Column): string {
  if (c.kind === "money") return `${c.label} (USD)`;
  if (c.kind === "percent" || c.kind === "change") return `${c.label} (%)`;
  return c.label;
}
