import Link from "next/link";
import { Card, Table, TableBody, TableCell, TableFoot, TableFooterCell, TableHead, TableHeaderCell, TableRow } from "@/components/tremor";
import { formatCell, type CellValue, type Column, type TableModel } from "@/lib/spend/table-model";
import type { SearchParams } from "@/lib/spend/filters";
import { Sparkline } from "./charts";
import { ExportLink } from "./export-link";

const NUMERIC = new Set(["money", "count", "percent", "change", "ratio"]);

function sortHref(pathname: string, sp: SearchParams, table: TableModel, col: Column): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  const current = table.sort;
  const dir = current?.key === col.key ? (current.dir === "desc" ? "asc" : "desc") : col.kind === "text" ? "asc" : "desc";
  p.set(`${table.sortPrefix}sort`, col.key);
  p.set(`${table.sortPrefix}dir`, dir);
  return `${pathname}?${p.toString()}`;
}

function changeClass(kind: Column["kind"], v: CellValue): string {
  if (kind !== "change" || v === null || v === "") return "";
  const n = Number(v);
  return n > 0 ? "text-rose-700" : n < 0 ? "text-emerald-700" : "";
}

/** Compact cells (Tremor's default p-4 makes wide tables scroll on a laptop). */
const PAD = "px-1.5 py-2 first:pl-3 last:pr-3";

function visibility(c: Column, sortedBy: string | undefined): string {
  if (c.key === sortedBy) return "";
  if (c.wide) return "hidden 2xl:table-cell";
  return c.secondary ? "hidden sm:table-cell" : "";
}

/**
 * A table model on screen: sortable headers (links that keep every other URL parameter), sparklines, a total
 * row and the CSV download of exactly these figures. Amount cells carry the exact value in data-amount.
 */
/** Cell classes; `sortedBy` keeps the sort column visible at every width. */
function classesFor(sortedBy: string | undefined) {
  return (c: Column, extra = ""): string =>
    [PAD, NUMERIC.has(c.kind) ? "text-right num" : "", visibility(c, sortedBy), extra].filter(Boolean).join(" ");
}

export function SpendTable({
  table,
  pathname,
  sp,
  exportHref,
  compact = false,
}: {
  table: TableModel;
  pathname: string;
  sp: SearchParams;
  exportHref?: string;
  compact?: boolean;
}) {
  const headingId = `table-${table.id}-title`;
  const cols = table.columns;
  const cellClass = classesFor(table.sort?.key);
  return (
    <Card className={compact ? "p-4" : "p-4 sm:p-6"} data-testid={`table-${table.id}`}>
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={headingId} className="text-base font-semibold text-gray-900">
            {table.title}
          </h2>
          {table.description ? <p className="mt-0.5 text-sm text-gray-500">{table.description}</p> : null}
        </div>
        {exportHref ? <ExportLink href={exportHref} label={`Download ${table.title} as CSV`} /> : null}
      </div>
      {table.rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-gray-500">{table.emptyText}</p>
      ) : (
        <div className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
          <Table className="mt-0" aria-labelledby={headingId}>
            <TableHead>
              <TableRow>
                {cols.map((c, i) => {
                  const sorted = table.sort?.key === c.key ? (table.sort.dir === "asc" ? "ascending" : "descending") : undefined;
                  return (
                    <TableHeaderCell
                      key={c.key}
                      scope="col"
                      aria-sort={table.sort && c.sortable ? (sorted ?? "none") : undefined}
                      title={c.hint}
                      className={cellClass(c, `whitespace-normal align-bottom text-xs leading-tight ${i === 0 ? "sticky left-0 z-[1] bg-white" : "min-w-[4rem]"}`)}
                    >
                      {table.sort && c.sortable ? (
                        <Link href={sortHref(pathname, sp, table, c)} className={`inline-flex items-end gap-0.5 underline decoration-gray-300 decoration-dotted underline-offset-4 hover:text-blue-700 ${NUMERIC.has(c.kind) ? "justify-end" : ""}`} scroll={false}>
                          {c.label}
                          {sorted ? (
                            <span aria-hidden="true" className="text-[10px] text-blue-700">
                              {sorted === "ascending" ? "▲" : "▼"}
                            </span>
                          ) : null}
                        </Link>
                      ) : (
                        c.label
                      )}
                    </TableHeaderCell>
                  );
                })}
                {table.sparkline ? (
                  <TableHeaderCell scope="col" className={`${PAD} hidden whitespace-nowrap align-bottom xl:table-cell`}>
                    Trend
                  </TableHeaderCell>
                ) : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {table.rows.map((r) => (
                <TableRow key={r.key} data-row={r.key}>
                  {cols.map((c, i) => {
                    const v = r.cells[c.key] ?? null;
                    const text = formatCell(c.kind, v);
                    if (i === 0) {
                      return (
                        <TableCell key={c.key} className={`${PAD} sticky left-0 z-[1] max-w-[11rem] truncate bg-white font-medium text-gray-900 sm:max-w-[11rem]`} title={text}>
                          {r.href ? (
                            <Link href={r.href} className="text-blue-700 hover:underline">
                              {text}
                            </Link>
                          ) : (
                            text
                          )}
                        </TableCell>
                      );
                    }
                    return (
                      <TableCell key={c.key} className={cellClass(c, [changeClass(c.kind, v), c.wrap ? "min-w-[12rem] whitespace-normal" : ""].filter(Boolean).join(" "))} data-col={c.key} data-amount={c.kind === "money" && v !== null ? String(v) : undefined}>
                        {text}
                      </TableCell>
                    );
                  })}
                  {table.sparkline ? (
                    <TableCell className={`${PAD} hidden !py-0 xl:table-cell`}>{r.spark ? <Sparkline values={r.spark} /> : null}</TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
            {table.total ? (
              <TableFoot>
                <TableRow>
                  {cols.map((c, i) => {
                    const v = table.total?.[c.key] ?? null;
                    return (
                      <TableFooterCell
                        key={c.key}
                        className={cellClass(c, `font-semibold text-gray-900 ${i === 0 ? "sticky left-0 z-[1] bg-white" : ""}`)}
                        data-col={c.key}
                        data-total={c.key}
                        data-amount={c.kind === "money" && v !== null ? String(v) : undefined}
                      >
                        {i === 0 ? String(v ?? "Total") : formatCell(c.kind, v)}
                      </TableFooterCell>
                    );
                  })}
                  {table.sparkline ? <TableFooterCell className={`${PAD} hidden xl:table-cell`} /> : null}
                </TableRow>
              </TableFoot>
            ) : null}
          </Table>
        </div>
      )}
    </Card>
  );
}
