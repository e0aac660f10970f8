/**
 * Data for the spend pages (and their CSV exports, which call the same functions so a download always holds
 * the figures the page shows). Each function runs a few multi-set aggregates and shapes them with the pure
 * modules (breakdowns, mix, batch-opportunity, stages).
 */
import type { Principal } from "@/lib/auth/permissions";
import { QUALITIES, type Quality } from "@/lib/cost/types";
import { dec, toAmountString } from "@/lib/money/decimal";
import { loadPublishedSnapshots } from "@/lib/pricing/published";
import { selectSnapshot } from "@/lib/pricing/resolve";
import { addDays, firstOfMonth, lastOfMonth, listDays } from "@/lib/time/calendar";
import { previousPeriod, type DateRange } from "@/lib/time/ranges";
import { dayRangeToInstants, todayIn } from "@/lib/time/tz";
import { periodFor } from "@/lib/alerts/periods";
import { budgetSpentPercent } from "@/lib/alerts/budget-decision";
import { sumImages } from "@/lib/alerts/explain-queries";
import { quotaFilterLabel } from "@/lib/alerts/image-quota";
import { db } from "@/lib/db/client";
import { forecastPeriodEnd, type Forecast } from "@/lib/spend/forecast";
import { batchOpportunity } from "./batch-opportunity";
import { bucketTable, DEFAULT_DIMENSION_SORT, dimensionItems, dimensionTable, DIMENSION_SORT_KEYS } from "./breakdowns";
import { aggregate, aggFiltersFor, loadSpendContext, rowsOf, totalOf, type SpendContext, type SpendQuery, type SpendRow } from "./costs-service";
import { chartNumber, zeroFigures, type Figures } from "./figures";
import {
  parsePage,
  emptyFilters,
  parseSort,
  parseViewParams,
  paramOne,
  WORKFLOW_LABELS,
  WORKFLOW_VALUES,
  type SearchParams,
  type SortSpec,
  type SpendFilters,
  type ViewParams,
} from "./filters";
import { mixTable, rateSourceAt, whatIfModel, whatIfQuality, type MixInput } from "./mix";
import {
  billedCostByDate,
  distinctRollupValues,
  hasBilledCosts,
  listBudgetRows,
  listFeatureRows,
  listNamesAsCalled,
  listTraceStages,
  type AggDim,
  type NameAsCalledRow,
} from "./queries";
import { stageTable, traceTable } from "./stages";
import { DIM_TITLES, detailHref, linkQuery, type BreakdownDim } from "./links";
export { DIM_TITLES, LIST_DIMS, detailHref, linkQuery, type BreakdownDim, type ListDim } from "./links";
import type { Column, TableModel, TableRow } from "./table-model";

export interface PageView {
  ctx: SpendContext;
  view: ViewParams;
  query: SpendQuery;
  previous: SpendQuery;
  now: Date;
  sp: SearchParams;
}

export async function loadPageView(principal: Principal, sp: SearchParams, now: Date = new Date()): Promise<PageView> {
  const ctx = await loadSpendContext(principal);
  const view = parseViewParams(sp, ctx.orgTimeZone, now);
  const query: SpendQuery = { range: view.range, tz: view.tz, filters: view.filters };
  return { ctx, view, query, previous: { ...query, range: previousPeriod(view.range) }, now, sp };
}

/** The view with one dimension pinned (detail pages): the pinned value replaces any URL filter on it. */
export function pinView(pv: PageView, dim: keyof SpendFilters, value: string): PageView {
  const filters = { ...pv.view.filters, [dim]: [value] } as SpendFilters;
  const query = { ...pv.query, filters };
  return { ...pv, view: { ...pv.view, filters }, query, previous: { ...pv.previous, filters } };
}

export function labelOf(ctx: SpendContext, dim: BreakdownDim | AggDim, key: string): string {
  if (dim === "team") return ctx.teamBySlug.get(key)?.name ?? [...ctx.teamById.values()].find((t) => t.slug === key)?.name ?? key;
  if (dim === "workflow") return WORKFLOW_LABELS[key as keyof typeof WORKFLOW_LABELS] ?? key;
  if (dim === "stage") return key || "(none)";
  return key || "(none)";
}

// ---------------------------------------------------------------------------------------------------------------
// Dimension tables (list pages and detail breakdowns)
// ---------------------------------------------------------------------------------------------------------------

export interface DimensionSection {
  dim: BreakdownDim;
  table: TableModel;
  /** The rows' figures by key (cards, charts). */
  figures: Map<string, Figures>;
}

export interface DimensionData {
  total: Figures;
  previousTotal: Figures;
  /** Cost per day over the range (decimal strings), for the trend chart. */
  trend: Array<{ date: string; cost: string }>;
  buckets: TableModel;
  sections: DimensionSection[];
  source: "rollup" | "raw";
}

export function sortFor(sp: SearchParams, prefix = ""): SortSpec {
  return parseSort(sp, DIMENSION_SORT_KEYS, DEFAULT_DIMENSION_SORT, prefix);
}

/**
 * Totals, trend, bucket breakdown and one sortable table per dimension in `dims`, from two aggregates (the
 * range with every grouping set at once, and the previous period for the change column).
 */
export async function loadDimensions(pv: PageView, dims: BreakdownDim[], opts: { prefixed?: boolean; fill?: Partial<Record<BreakdownDim, string[]>> } = {}): Promise<DimensionData> {
  const sets: AggDim[][] = [[], ["day"]];
  for (const d of dims) sets.push([d], [d, "day"]);
  const prevSets: AggDim[][] = [[], ...dims.map((d) => [d] as AggDim[])];
  // The per-day series (trend, sparklines) are read for cost only.
  const costOnly = sets.flatMap((s, i) => (s.includes("day") ? [i] : []));
  const [cur, prev] = await Promise.all([aggregate(pv.ctx, pv.query, sets, { costOnly }), aggregate(pv.ctx, pv.previous, prevSets)]);
  const total = totalOf(cur.rows, 0);
  const previousTotal = totalOf(prev.rows, 0);
  const trendMap = new Map(rowsOf(cur.rows, 1).map((r) => [r.keys.day as string, r.figures.cost]));
  const trend = listDays(pv.view.range.from, pv.view.range.to).map((date) => ({ date, cost: trendMap.get(date) ?? "0" }));

  const sections = dims.map((dim, i) => {
    const current = rowsOf(cur.rows, 2 + i * 2).map((r) => ({ key: r.keys[dim] ?? "", figures: r.figures }));
    for (const k of opts.fill?.[dim] ?? []) if (!current.some((c) => c.key === k)) current.push({ key: k, figures: zeroFigures() });
    const daily = rowsOf(cur.rows, 3 + i * 2).map((r) => ({ key: r.keys[dim] ?? "", day: r.keys.day ?? "", cost: r.figures.cost }));
    const previous = rowsOf(prev.rows, 1 + i).map((r) => ({ key: r.keys[dim] ?? "", figures: r.figures }));
    const items = dimensionItems(current, daily, previous, (key) => ({ label: labelOf(pv.ctx, dim, key), href: detailHref(dim, key, pv.view) }));
    const prefix = opts.prefixed ? `${dim}_` : "";
    const table = dimensionTable({
      id: DIM_TITLES[dim].many.toLowerCase(),
      title: opts.prefixed ? `By ${DIM_TITLES[dim].one.toLowerCase()}` : DIM_TITLES[dim].many,
      items,
      total,
      previousTotal,
      range: pv.view.range,
      sort: sortFor(pv.sp, prefix),
      sortPrefix: prefix,
    });
    return { dim, table, figures: new Map(items.map((it) => [it.key, it.current])) };
  });
  return { total, previousTotal, trend, buckets: bucketTable("buckets", total), sections, source: cur.source };
}

/** The workflows table always lists the four workflows (zero rows included) unless a workflow filter narrows it. */
export function workflowFill(pv: PageView, dim: BreakdownDim): Partial<Record<BreakdownDim, string[]>> | undefined {
  return dim === "workflow" && pv.view.filters.workflow.length === 0 ? { workflow: [...WORKFLOW_VALUES] } : undefined;
}

/** One dimension's table with the page's filters and `sort`/`dir` params (list pages and every CSV export of one). */
export async function loadDimensionTable(pv: PageView, dim: BreakdownDim): Promise<TableModel> {
  return (await loadDimensions(pv, [dim], { fill: workflowFill(pv, dim) })).sections[0].table;
}

// ---------------------------------------------------------------------------------------------------------------
// Filter options
// ---------------------------------------------------------------------------------------------------------------

export interface FilterOptions {
  team: Array<{ value: string; label: string }>;
  feature: Array<{ value: string; label: string }>;
  model: Array<{ value: string; label: string }>;
  provider: Array<{ value: string; label: string }>;
  workflow: Array<{ value: string; label: string }>;
  outcome: Array<{ value: string; label: string }>;
  size: Array<{ value: string; label: string }>;
  quality: Array<{ value: string; label: string }>;
}

export async function loadFilterOptions(pv: PageView): Promise<FilterOptions> {
  const { endExclusive } = dayRangeToInstants(pv.view.range.from, pv.view.range.to, pv.view.tz);
  // Widen to the previous period so a filter that empties the current range can still be chosen and cleared.
  const prevStart = dayRangeToInstants(pv.previous.range.from, pv.previous.range.to, pv.view.tz).start;
  const [features, models, providers, sizes, qualities] = await Promise.all([
    listFeatureRows(pv.ctx.orgId),
    distinctRollupValues(pv.ctx.orgId, "model", prevStart, endExclusive),
    distinctRollupValues(pv.ctx.orgId, "provider", prevStart, endExclusive),
    distinctRollupValues(pv.ctx.orgId, "size", prevStart, endExclusive),
    distinctRollupValues(pv.ctx.orgId, "quality", prevStart, endExclusive),
  ]);
  const withSelected = (values: string[], selected: string[]) => [...new Set([...values, ...selected])].sort();
  const opt = (v: string) => ({ value: v, label: v });
  return {
    team: pv.ctx.teams.map((t) => ({ value: t.slug, label: t.name })),
    feature: withSelected(features.map((f) => f.name), pv.view.filters.feature).map(opt),
    model: withSelected(models, pv.view.filters.model).map(opt),
    provider: withSelected(providers, pv.view.filters.provider).map(opt),
    workflow: WORKFLOW_VALUES.map((w) => ({ value: w, label: WORKFLOW_LABELS[w] })),
    outcome: ["accepted", "rejected", "failed", "unknown"].map(opt),
    size: withSelected(sizes.filter((s) => s !== ""), pv.view.filters.size).map(opt),
    quality: withSelected(qualities.filter((q) => q !== ""), pv.view.filters.quality).map(opt),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Overview
// ---------------------------------------------------------------------------------------------------------------

export const STACK_DIMS = ["model", "team", "workflow", "feature"] as const;
export type StackDim = (typeof STACK_DIMS)[number];
const STACK_LIMIT = 7;

export interface StackedSeries {
  by: StackDim;
  categories: string[];
  /** One entry per day: { date, [category]: number } (display numbers). */
  data: Array<Record<string, string | number>>;
}

export interface BudgetBurn {
  id: string;
  name: string;
  scope: string;
  period: string;
  /** Dollars, or images for an image quota (amount and spent count images then). */
  unit: "usd" | "images";
  amount: string;
  spent: string;
  /** budgetSpentPercent: the Alerts page's figure. */
  percent: string | null;
  hard: boolean;
}

export interface Overview {
  total: Figures;
  previousTotal: Figures;
  previousRange: DateRange;
  mtd: { from: string; to: string; spent: string; forecast: Forecast; monthEnd: string };
  stacked: StackedSeries;
  topFeatures: Array<{ name: string; value: number; amount: string; href?: string }>;
  topTeams: Array<{ name: string; value: number; amount: string; href?: string }>;
  buckets: TableModel;
  budgets: BudgetBurn[];
  billed: TableModel | null;
  batch: { savings: string; realtimeSpend: string };
  source: "rollup" | "raw";
}

export function parseStackDim(sp: SearchParams): StackDim {
  const by = paramOne(sp, "by");
  return (STACK_DIMS as readonly string[]).includes(by ?? "") ? (by as StackDim) : "model";
}

function stackedSeries(ctx: SpendContext, by: StackDim, rows: SpendRow[], days: string[]): StackedSeries {
  const totals = new Map<string, ReturnType<typeof dec>>();
  for (const r of rows) {
    const k = r.keys[by] ?? "";
    totals.set(k, (totals.get(k) ?? dec(0)).plus(dec(r.figures.cost)));
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].comparedTo(a[1]) || a[0].localeCompare(b[0])).map(([k]) => k);
  const shown = ranked.slice(0, STACK_LIMIT);
  const label = (k: string) => (shown.includes(k) ? labelOf(ctx, by, k) : "Other");
  const categories = shown.map((k) => labelOf(ctx, by, k));
  if (ranked.length > STACK_LIMIT) categories.push("Other");
  const perDay = new Map<string, Map<string, ReturnType<typeof dec>>>();
  for (const r of rows) {
    const day = r.keys.day ?? "";
    let m = perDay.get(day);
    if (!m) perDay.set(day, (m = new Map()));
    const c = label(r.keys[by] ?? "");
    m.set(c, (m.get(c) ?? dec(0)).plus(dec(r.figures.cost)));
  }
  const data = days.map((date) => {
    const entry: Record<string, string | number> = { date };
    for (const c of categories) entry[c] = chartNumber(toAmountString(perDay.get(date)?.get(c) ?? dec(0)) as string);
    return entry;
  });
  return { by, categories, data };
}

function top(ctx: SpendContext, view: ViewParams, dim: "feature" | "team", rows: SpendRow[], n = 5) {
  return [...rows]
    .sort((a, b) => dec(b.figures.cost).comparedTo(dec(a.figures.cost)))
    .slice(0, n)
    .map((r) => {
      const key = r.keys[dim] ?? "";
      return { name: labelOf(ctx, dim, key), value: chartNumber(r.figures.cost), amount: r.figures.cost, href: detailHref(dim, key, view) };
    });
}

async function budgetBurn(pv: PageView): Promise<BudgetBurn[]> {
  const budgets = (await listBudgetRows(pv.ctx.orgId)).slice(0, 12);
  const out: BudgetBurn[] = [];
  await Promise.all(
    budgets.map(async (b, i) => {
      const period = periodFor(b.period, pv.now, pv.ctx.orgTimeZone);
      if (b.teamId && pv.ctx.visibleTeamIds && !pv.ctx.visibleTeamIds.includes(b.teamId)) return;
      const q: SpendQuery = { range: { from: period.startDate, to: period.endDate }, tz: pv.ctx.orgTimeZone, filters: emptyFilters() };
      const extra = {
        teamIds: b.teamId ? [b.teamId] : aggFiltersFor(pv.ctx, q.filters).teamIds,
        features: b.feature ? [b.feature] : [],
        models: b.model ? [b.model] : [],
        workflows: b.workflow ? [b.workflow] : [],
      };
      let spent: string;
      if (b.unit === "images") {
        // Images of the quota's own scope (and size / quality), as the Alerts page counts them. An organization-wide
        // quota counts every team's images, so a team-scoped reader does not see it here.
        if (!b.teamId && pv.ctx.visibleTeamIds) return;
        const scope = { teamId: b.teamId, feature: b.feature, model: b.model, workflow: b.workflow };
        spent = await sumImages(db(), pv.ctx.orgId, scope, { size: b.imageSize, quality: b.imageQuality }, period.start, period.endExclusive);
      } else {
        const r = await aggregate(pv.ctx, q, [[]], { extra });
        spent = totalOf(r.rows, 0).cost;
      }
      const quota = b.unit === "images" ? quotaFilterLabel(b) : "";
      const scope = [
        b.teamId ? `team ${pv.ctx.teamById.get(b.teamId)?.slug ?? "?"}` : null,
        b.feature ? `feature ${b.feature}` : null,
        b.model ? `model ${b.model}` : null,
        b.workflow ? `workflow ${WORKFLOW_LABELS[b.workflow]}` : null,
        quota ? `images ${quota}` : null,
      ].filter(Boolean);
      const amount = b.unit === "images" ? b.amount.toFixed(0) : (toAmountString(b.amount.toString()) as string);
      out[i] = {
        id: b.id,
        name: b.name,
        scope: scope.length ? scope.join(", ") : "whole organization",
        period: `${b.period} ${period.key}`,
        unit: b.unit,
        amount,
        spent,
        percent: budgetSpentPercent(spent, amount),
        hard: b.hard,
      };
    }),
  );
  return out.filter(Boolean);
}

export const BILLED_COLUMNS: Column[] = [
  { key: "date", label: "Date (UTC)", kind: "date" },
  { key: "tracked", label: "Tracked (OpenAI)", kind: "money" },
  { key: "billed", label: "Billed", kind: "money" },
  { key: "difference", label: "Billed − tracked", kind: "money" },
];

/** Billed (imported OpenAI costs, UTC days) next to tracked spend on provider "openai" for the same UTC days. */
export async function loadBilledVsTracked(pv: PageView): Promise<TableModel | null> {
  if (!(await hasBilledCosts(pv.ctx))) return null;
  const range = pv.view.range;
  const [billed, tracked] = await Promise.all([
    billedCostByDate(pv.ctx, range.from, range.to),
    aggregate(pv.ctx, { range, tz: "UTC", filters: { ...pv.view.filters, provider: ["openai"] } }, [["day"], []], { costOnly: [0] }),
  ]);
  const t = new Map(rowsOf(tracked.rows, 0).map((r) => [r.keys.day as string, r.figures.cost]));
  const b = new Map(billed.map((x) => [x.date, x.amount]));
  let tTotal = dec(0);
  let bTotal = dec(0);
  const rows: TableRow[] = [];
  for (const date of listDays(range.from, range.to)) {
    if (!t.has(date) && !b.has(date)) continue;
    const tracked = dec(t.get(date) ?? "0");
    const bill = dec(b.get(date) ?? "0");
    tTotal = tTotal.plus(tracked);
    bTotal = bTotal.plus(bill);
    rows.push({
      key: date,
      cells: { date, tracked: toAmountString(tracked), billed: b.has(date) ? toAmountString(bill) : null, difference: b.has(date) ? toAmountString(bill.minus(tracked)) : null },
    });
  }
  return {
    id: "billed",
    title: "Billed versus tracked",
    description: "OpenAI's imported daily costs against the spend Spendscope tracked for provider openai (UTC days, as OpenAI bills). Team, feature and model filters apply to tracked spend only.",
    columns: BILLED_COLUMNS,
    rows,
    total: rows.length ? { date: "Total", tracked: toAmountString(tTotal), billed: toAmountString(bTotal), difference: toAmountString(bTotal.minus(tTotal)) } : null,
    sort: null,
    sortPrefix: "",
    emptyText: "No billed or tracked OpenAI spend in this range.",
  };
}

export async function loadOverview(pv: PageView, by: StackDim): Promise<Overview> {
  const today = todayIn(pv.view.tz, pv.now);
  const monthStart = firstOfMonth(today);
  const monthEnd = lastOfMonth(today);
  const trailingStart = addDays(today, -7);
  const mtdQuery: SpendQuery = { ...pv.query, range: { from: trailingStart < monthStart ? trailingStart : monthStart, to: today } };
  const snapshotsP = loadPublishedSnapshots(pv.ctx.orgId);
  const featuresP = listFeatureRows(pv.ctx.orgId);
  const [cur, prev, mtd, budgets, billed, snapshots, features] = await Promise.all([
    aggregate(pv.ctx, pv.query, [[], [by, "day"], ["feature"], ["team"], ["feature", "provider", "batch"]], { costOnly: [1, 4] }),
    aggregate(pv.ctx, pv.previous, [[]]),
    aggregate(pv.ctx, mtdQuery, [["day"]], { costOnly: [0] }),
    budgetBurn(pv),
    loadBilledVsTracked(pv),
    snapshotsP,
    featuresP,
  ]);
  const total = totalOf(cur.rows, 0);
  const daily = rowsOf(mtd.rows, 0).map((r) => ({ date: r.keys.day as string, cost: r.figures.cost }));
  const present = new Set(daily.map((d) => d.date));
  for (const d of listDays(mtdQuery.range.from, today)) if (!present.has(d)) daily.push({ date: d, cost: "0" });
  const spent = daily.filter((d) => d.date >= monthStart).reduce((acc, d) => acc.plus(dec(d.cost)), dec(0));
  const spentStr = toAmountString(spent) as string;
  const forecast = forecastPeriodEnd({ spentSoFar: spentStr, dailySpend: daily, periodStart: monthStart, periodEnd: monthEnd, now: pv.now, tz: pv.view.tz });
  const delayable = new Set(features.filter((f) => f.delayable).map((f) => f.name));
  const batch = batchOpportunity(
    "batch",
    rowsOf(cur.rows, 4).map((r) => ({ feature: r.keys.feature ?? "", provider: r.keys.provider ?? "", batch: r.keys.batch === "true", figures: r.figures })),
    delayable,
    (p) => selectSnapshot(snapshots, p, pv.now)?.batchMultiplier ?? null,
  );
  return {
    total,
    previousTotal: totalOf(prev.rows, 0),
    previousRange: pv.previous.range,
    mtd: { from: monthStart, to: today, spent: spentStr, forecast, monthEnd },
    stacked: stackedSeries(pv.ctx, by, rowsOf(cur.rows, 1), listDays(pv.view.range.from, pv.view.range.to)),
    topFeatures: top(pv.ctx, pv.view, "feature", rowsOf(cur.rows, 2)),
    topTeams: top(pv.ctx, pv.view, "team", rowsOf(cur.rows, 3)),
    buckets: bucketTable("buckets", total),
    budgets,
    billed,
    batch: { savings: batch.savings, realtimeSpend: batch.realtimeSpend },
    source: cur.source,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Mix, what-if, batch opportunity
// ---------------------------------------------------------------------------------------------------------------

export interface MixData {
  mix: TableModel;
  quality: TableModel;
  model: TableModel;
  targetQuality: Quality;
  targetModel: string;
  modelChoices: string[];
}

export function parseWhatIf(sp: SearchParams): { quality: Quality; model: string | null } {
  const q = paramOne(sp, "wq");
  const m = paramOne(sp, "wm");
  return { quality: (QUALITIES as readonly string[]).includes(q ?? "") ? (q as Quality) : "low", model: m ?? null };
}

export async function loadMix(pv: PageView): Promise<MixData> {
  const [agg, snapshots] = await Promise.all([
    aggregate(pv.ctx, pv.query, [["model", "provider", "quality", "size", "batch"]]),
    loadPublishedSnapshots(pv.ctx.orgId),
  ]);
  const inputs: MixInput[] = agg.rows.map((r) => ({
    model: r.keys.model ?? "",
    provider: r.keys.provider ?? "",
    quality: r.keys.quality ?? "",
    size: r.keys.size ?? "",
    batch: r.keys.batch === "true",
    figures: r.figures,
  }));
  const rates = rateSourceAt(snapshots, pv.now);
  const providers = [...new Set(inputs.map((i) => i.provider).concat(["openai"]))];
  const modelChoices = [...new Set(providers.flatMap((p) => rates.modelsFor(p)))].sort();
  const wi = parseWhatIf(pv.sp);
  // Default target: the cheapest-sounding image row ("-mini"), the guide's draft model.
  const targetModel =
    wi.model && modelChoices.includes(wi.model)
      ? wi.model
      : (modelChoices.find((m) => m.includes("image") && m.includes("mini")) ?? modelChoices.find((m) => m.includes("image")) ?? modelChoices[0] ?? "");
  return {
    mix: mixTable("mix", inputs),
    quality: whatIfQuality("whatif-quality", inputs, rates, wi.quality),
    model: whatIfModel("whatif-model", inputs, rates, targetModel),
    targetQuality: wi.quality,
    targetModel,
    modelChoices,
  };
}

export async function loadBatchOpportunity(pv: PageView): Promise<{ table: TableModel; savings: string; realtimeSpend: string; delayableCount: number }> {
  const [agg, snapshots, features] = await Promise.all([
    // batchOpportunity reads cost and events only.
    aggregate(pv.ctx, pv.query, [["feature", "provider", "batch"]], { costOnly: [0] }),
    loadPublishedSnapshots(pv.ctx.orgId),
    listFeatureRows(pv.ctx.orgId),
  ]);
  const delayable = new Set(features.filter((f) => f.delayable).map((f) => f.name));
  const r = batchOpportunity(
    "batch",
    agg.rows.map((x) => ({ feature: x.keys.feature ?? "", provider: x.keys.provider ?? "", batch: x.keys.batch === "true", figures: x.figures })),
    delayable,
    (p) => selectSnapshot(snapshots, p, pv.now)?.batchMultiplier ?? null,
  );
  for (const row of r.table.rows) row.href = `/features/${encodeURIComponent(row.key)}${linkQuery(pv.view, ["feature"])}`;
  return { ...r, delayableCount: delayable.size };
}

// ---------------------------------------------------------------------------------------------------------------
// Workflows: stages and traces
// ---------------------------------------------------------------------------------------------------------------

export async function loadStages(pv: PageView): Promise<TableModel> {
  // stageTable reads cost and events only.
  const agg = await aggregate(pv.ctx, pv.query, [["feature", "stage"]], { extra: { workflows: ["analysis_then_generate"] }, costOnly: [0] });
  return stageTable(
    "stages",
    agg.rows.map((r) => ({ feature: r.keys.feature ?? "", stage: r.keys.stage ?? "", figures: r.figures })),
    (f) => `/features/${encodeURIComponent(f)}${linkQuery(pv.view, ["feature"])}`,
  );
}

export const TRACE_PAGE_SIZE = 25;

export async function loadTraces(pv: PageView): Promise<{ table: TableModel; page: number; pages: number }> {
  const page = parsePage(pv.sp, "tpage");
  const { start, endExclusive } = dayRangeToInstants(pv.view.range.from, pv.view.range.to, pv.view.tz);
  const filters = aggFiltersFor(pv.ctx, pv.view.filters);
  const { rows, total } = await listTraceStages(pv.ctx.orgId, start, endExclusive, filters, { offset: (page - 1) * TRACE_PAGE_SIZE, limit: TRACE_PAGE_SIZE });
  const traces = rows.map((r) => ({ ...r, team: pv.ctx.teamById.get(r.teamId)?.slug ?? r.teamId }));
  return {
    table: traceTable("traces", traces, pv.view.tz, { page, pageSize: TRACE_PAGE_SIZE, total }),
    page,
    pages: Math.max(1, Math.ceil(total / TRACE_PAGE_SIZE)),
  };
}

/** The names as called behind the page's model(s) (the model drill-down), amounts as decimal strings. */
export async function loadNamesAsCalled(pv: PageView): Promise<NameAsCalledRow[]> {
  const { start, endExclusive } = dayRangeToInstants(pv.view.range.from, pv.view.range.to, pv.view.tz);
  const rows = await listNamesAsCalled(pv.ctx.orgId, start, endExclusive, aggFiltersFor(pv.ctx, pv.view.filters));
  return rows.map((r) => ({ ...r, cost: toAmountString(r.cost) as string }));
}
