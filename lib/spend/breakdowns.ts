/**
 * Per-dimension tables (teams, features, models, workflows ...) and the six-bucket breakdown, built from
 * aggregate rows. Pure: the service fetches rows, this module shapes them into table models.
 */
import { BUCKETS, COST_BUCKETS, COST_BUCKET_LABELS, type CostBucket } from "@/lib/cost/types";
import { dec } from "@/lib/money/decimal";
import { listDays, type CalendarDate } from "@/lib/time/calendar";
import {
  changePercent,
  chartNumber,
  costPerAcceptedOutput,
  costPerImage,
  retriesPerAccepted,
  sharePercent,
  zeroFigures,
  type Figures,
} from "./figures";
import type { SortSpec } from "./filters";
import { sortRows, type Column, type TableModel, type TableRow } from "./table-model";

/** One item of a dimension with its figures now, before, and per day. */
export interface DimensionItem {
  key: string;
  label: string;
  href?: string;
  current: Figures;
  previous: Figures;
  /** Cost per calendar day (decimal strings); missing days are zero. */
  daily: Map<CalendarDate, string>;
}

export const DIMENSION_COLUMNS: Column[] = [
  { key: "name", label: "Name", kind: "text", sortable: true },
  { key: "spend", label: "Spend", kind: "money", sortable: true },
  { key: "share", label: "Share", kind: "percent", sortable: true, hint: "Share of the total spend in the range" },
  { key: "change", label: "Change", kind: "change", sortable: true, hint: "Versus the previous period of the same length" },
  { key: "requests", label: "Requests", kind: "count", sortable: true },
  { key: "images", label: "Images", kind: "count", sortable: true, secondary: true },
  { key: "costPerImage", label: "Cost / image", kind: "money", sortable: true, secondary: true },
  { key: "costPerAccepted", label: "Cost / accepted", kind: "money", sortable: true, secondary: true, hint: "Spend divided by accepted outputs (the cost of a successful asset)" },
  { key: "retriesPerAccepted", label: "Retries / accepted", kind: "ratio", sortable: true, secondary: true },
  { key: "unpriced", label: "Unpriced", kind: "count", sortable: true, secondary: true, hint: "Events no snapshot could price (counted, not costed)" },
  { key: "warnings", label: "Warnings", kind: "count", sortable: true, wide: true, hint: "Events priced with a warning (e.g. a rate not listed)" },
];

export const DIMENSION_SORT_KEYS = DIMENSION_COLUMNS.filter((c) => c.sortable).map((c) => c.key);
export const DEFAULT_DIMENSION_SORT: SortSpec = { key: "spend", dir: "desc" };

function cellsOf(name: string, f: Figures, total: Figures, previous: Figures | null) {
  return {
    name,
    spend: f.cost,
    share: sharePercent(f.cost, total.cost),
    change: previous ? changePercent(f.cost, previous.cost) : null,
    requests: f.events,
    images: f.images,
    costPerImage: costPerImage(f),
    costPerAccepted: costPerAcceptedOutput(f),
    retriesPerAccepted: retriesPerAccepted(f),
    unpriced: f.unpricedEvents,
    warnings: f.warningEvents,
  };
}

export interface DimensionTableInput {
  id: string;
  title: string;
  description?: string;
  items: DimensionItem[];
  total: Figures;
  previousTotal: Figures;
  range: { from: CalendarDate; to: CalendarDate };
  sort: SortSpec;
  sortPrefix?: string;
  emptyText?: string;
}

/** The sortable per-dimension table with share, change, unit costs and a sparkline per row. */
export function dimensionTable(input: DimensionTableInput): TableModel {
  const days = listDays(input.range.from, input.range.to);
  const rows: TableRow[] = input.items.map((it) => ({
    key: it.key,
    href: it.href,
    cells: cellsOf(it.label, it.current, input.total, it.previous),
    spark: days.map((d) => chartNumber(it.daily.get(d) ?? "0")),
  }));
  return {
    id: input.id,
    title: input.title,
    description: input.description,
    columns: DIMENSION_COLUMNS,
    rows: sortRows(rows, DIMENSION_COLUMNS, input.sort),
    total: rows.length ? cellsOf("Total", input.total, input.total, input.previousTotal) : null,
    sort: input.sort,
    sortPrefix: input.sortPrefix ?? "",
    emptyText: input.emptyText ?? "No usage in this range.",
    sparkline: true,
  };
}

/** Builds items from aggregate rows: `current` per key, `daily` per (key, day), `previous` per key. */
export function dimensionItems(
  current: ReadonlyArray<{ key: string; figures: Figures }>,
  daily: ReadonlyArray<{ key: string; day: string; cost: string }>,
  previous: ReadonlyArray<{ key: string; figures: Figures }>,
  describe: (key: string) => { label: string; href?: string },
): DimensionItem[] {
  const prev = new Map(previous.map((p) => [p.key, p.figures]));
  const days = new Map<string, Map<CalendarDate, string>>();
  for (const d of daily) {
    let m = days.get(d.key);
    if (!m) days.set(d.key, (m = new Map()));
    m.set(d.day, d.cost);
  }
  return current.map((c) => ({
    key: c.key,
    ...describe(c.key),
    current: c.figures,
    previous: prev.get(c.key) ?? zeroFigures(),
    daily: days.get(c.key) ?? new Map(),
  }));
}

export const BUCKET_COLUMNS: Column[] = [
  { key: "bucket", label: "Bucket", kind: "text" },
  { key: "cost", label: "Cost", kind: "money" },
  { key: "share", label: "Share", kind: "percent" },
  { key: "tokens", label: "Tokens", kind: "count" },
];

/**
 * The cost buckets a slice shows: the six token buckets always, the seventh ("Per image": per-image and
 * per-megapixel prices) when it holds any cost, so token-only usage looks as before.
 */
export function shownCostBuckets(f: Figures): CostBucket[] {
  return COST_BUCKETS.filter((b) => b !== "perImage" || !dec(f.buckets.perImage).isZero());
}

/**
 * The six token buckets of a slice of usage (plus "Per image" when it holds cost). The bucket costs add up to the total cost exactly (each event's cost
 * is the sum of its bucket costs), which the total row shows.
 */
export function bucketTable(id: string, f: Figures, title = "Cost by bucket"): TableModel {
  const rows: TableRow[] = shownCostBuckets(f).map((b: CostBucket) => ({
    key: b,
    cells: {
      bucket: COST_BUCKET_LABELS[b],
      cost: f.buckets[b],
      share: sharePercent(f.buckets[b], f.cost),
      tokens: b === "perImage" ? null : f.tokens[b],
    },
  }));
  const tokens = BUCKETS.reduce((n, b) => n + f.tokens[b], 0);
  return {
    id,
    title,
    description: "Where the money goes: image output, inputs or text.",
    columns: BUCKET_COLUMNS,
    rows,
    total: { bucket: "Total", cost: f.cost, share: f.events ? sharePercent(f.cost, f.cost) : null, tokens },
    sort: null,
    sortPrefix: "",
    emptyText: "No usage in this range.",
  };
}
