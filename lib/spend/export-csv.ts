/**
 * CSV of a table model: the same rows, columns and total the page shows, with amounts at full precision
 * (decimal strings, never rounded) and RFC 4180 quoting.
 */
import { csvHeader, type CellValue, type TableModel } from "./table-model";

/** Quotes a field when needed; text that a spreadsheet would run as a formula is prefixed with ' . */
export function csvField(v: CellValue, isText: boolean): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (isText && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly string[]): string {
  return fields.join(",");
}

/** The whole table as CSV (CRLF line ends, header first, the total row last when the table has one). */
export function tableToCsv(table: TableModel): string {
  const cols = table.columns;
  const lines = [csvLine(cols.map((c) => csvField(csvHeader(c), true)))];
  const row = (cells: Record<string, CellValue>) =>
    csvLine(cols.map((c) => csvField(cells[c.key] ?? null, c.kind === "text" || c.kind === "date")));
  for (const r of table.rows) lines.push(row(r.cells));
  if (table.total) lines.push(row(table.total));
  return lines.join("\r\n") + "\r\n";
}

/** A safe download file name: "<table>-<from>-<to>.csv". */
export function csvFileName(tableId: string, from: string, to: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${clean(tableId) || "table"}-${clean(from)}-${clean(to)}.csv`;
}
