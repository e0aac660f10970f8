import Link from "next/link";
import { Card } from "@/components/tremor";
import { formatCell, type CellValue, type Column, type TableModel } from "@/lib/spend/table-model";
import type { SearchParams } from "@/lib/spend/filters";
import { OTHER_ROW_KEY, TOP_N, foldTopN, showAllParam, type TopNSpec } from "@/lib/spend/top-n";
import { Sparkline } from "./charts";
import { ExportLink } from "./export-link";

const NUMERIC = new Set(["money", "count", "percent", "change", "ratio"]);

function paramsOf(sp: SearchParams): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  return p;
}

/** The same page with every row of this table shown (`on`) or only the top N (`!on`). */
function showAllHref(pathname: string, sp: SearchParams, table: TableModel, on: boolean): string {
  const p = paramsOf(sp);
  if (on) p.set(showAllParam(table), "1");
  else p.delete(showAllParam(table));
  const q = p.toString();
  return q ? `${pathname}?${q}` : pathname;
}

function sortHref(pathname: string, sp: SearchParams, table: TableModel, col: Column): string {
  const p = paramsOf(sp);
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

/*
 * Plain server-rendered table elements with Tremor's table classes (its Table* components are client components:
 * every cell of a 500-row table landed in the RSC payload as a client element). Alignment and white-space are
 * left to the cell classes so nothing conflicts.
 */
const TABLE = "w-full text-tremor-default text-tremor-content mt-0";
const THEAD = "text-left text-tremor-content";
const TH = "top-0 font-semibold text-tremor-content-strong";
const TBODY = "align-top divide-y divide-tremor-border";
const TD = "align-middle";
const TFOOT = "text-left font-medium border-t-[1px] text-tremor-content border-tremor-border";
const TFOOT_CELL = "top-0 text-tremor-content font-medium";

function align(c: Column): string {
  return NUMERIC.has(c.kind) ? "" : "text-left";
}

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

function nowrap(extra: string): string {
  return extra.includes("whitespace-") ? "" : "whitespace-nowrap";
}

export function SpendTable({
  table,
  pathname,
  sp,
  exportHref,
  compact = false,
  topN,
}: {
  table: TableModel;
  pathname: string;
  sp: SearchParams;
  exportHref?: string;
  compact?: boolean;
  /** Fold the rows beyond the top N into an exact "Other" row unless the URL asks for every row. */
  topN?: TopNSpec;
}) {
  const headingId = `table-${table.id}-title`;
  const cols = table.columns;
  const cellClass = classesFor(table.sort?.key);
  const showAll = sp[showAllParam(table)] !== undefined;
  const folded = topN && !showAll ? foldTopN(table.rows, cols, topN) : { rows: table.rows, hidden: 0 };
  const foldable = topN !== undefined && table.rows.length > TOP_N;
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
          <table className={TABLE} aria-labelledby={headingId}>
            <thead className={THEAD}>
              <tr>
                {cols.map((c, i) => {
                  const sorted = table.sort?.key === c.key ? (table.sort.dir === "asc" ? "ascending" : "descending") : undefined;
                  return (
                    <th
                      key={c.key}
                      scope="col"
                      aria-sort={table.sort && c.sortable ? (sorted ?? "none") : undefined}
                      title={c.hint}
                      className={`${TH} ${align(c)} ${cellClass(c, `whitespace-normal align-bottom text-xs leading-tight ${i === 0 ? "sticky left-0 z-[1] bg-white" : "min-w-[4rem]"}`)}`}
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
                    </th>
                  );
                })}
                {table.sparkline ? (
                  <th scope="col" className={`${TH} text-left ${PAD} hidden whitespace-nowrap align-bottom xl:table-cell`}>
                    Trend
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className={TBODY}>
              {folded.rows.map((r) => {
                const other = r.key === OTHER_ROW_KEY;
                return (
                  <tr key={r.key} data-row={r.key} className={other ? "bg-gray-50 italic" : undefined}>
                    {cols.map((c, i) => {
                      const v = r.cells[c.key] ?? null;
                      const text = formatCell(c.kind, v);
                      if (i === 0) {
                        return (
                          <td key={c.key} className={`${TD} text-left ${PAD} sticky left-0 z-[1] max-w-[11rem] truncate font-medium text-gray-900 sm:max-w-[11rem] ${other ? "bg-gray-50" : "bg-white"}`} title={text}>
                            {r.href ? (
                              <Link href={r.href} className="text-blue-700 hover:underline">
                                {text}
                              </Link>
                            ) : (
                              text
                            )}
                          </td>
                        );
                      }
                      const extra = [changeClass(c.kind, v), c.wrap ? "min-w-[12rem] whitespace-normal" : ""].filter(Boolean).join(" ");
                      return (
                        <td key={c.key} className={`${TD} ${nowrap(extra)} ${align(c)} ${cellClass(c, extra)}`} data-col={c.key} data-amount={c.kind === "money" && v !== null ? String(v) : undefined}>
                          {other && v === null ? "" : text}
                        </td>
                      );
                    })}
                    {table.sparkline ? (
                      <td className={`${TD} whitespace-nowrap ${PAD} hidden !py-0 xl:table-cell`}>{r.spark ? <Sparkline values={r.spark} /> : null}</td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
            {table.total ? (
              <tfoot className={TFOOT}>
                <tr>
                  {cols.map((c, i) => {
                    const v = table.total?.[c.key] ?? null;
                    return (
                      <th
                        key={c.key}
                        className={`${TFOOT_CELL} whitespace-nowrap ${align(c)} ${cellClass(c, `font-semibold text-gray-900 ${i === 0 ? "sticky left-0 z-[1] bg-white" : ""}`)}`}
                        data-col={c.key}
                        data-total={c.key}
                        data-amount={c.kind === "money" && v !== null ? String(v) : undefined}
                      >
                        {i === 0 ? String(v ?? "Total") : formatCell(c.kind, v)}
                      </th>
                    );
                  })}
                  {table.sparkline ? <th className={`${TFOOT_CELL} ${PAD} hidden xl:table-cell`} /> : null}
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      )}
      {foldable ? (
        <p className="mt-2 text-xs text-gray-500">
          {showAll ? `Showing all ${table.rows.length} rows. ` : `Showing the top ${TOP_N} of ${table.rows.length} by spend; the rest are summed in "Other". `}
          <Link href={showAllHref(pathname, sp, table, !showAll)} scroll={false} className="text-blue-700 hover:underline" data-testid={`table-${table.id}-show-all`}>
            {showAll ? `Show top ${TOP_N}` : "Show all"}
          </Link>
          {exportHref ? ". The CSV download always has every row." : "."}
        </p>
      ) : null}
    </Card>
  );
}
