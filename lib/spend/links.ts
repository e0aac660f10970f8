/**
 * URLs between spend views and to their CSV exports. Pure, so components can build links without touching
 * the data layer. Drill-down links keep the range, zone and filters of the page they come from.
 */
import { paramOne, viewQueryString, type SearchParams, type SpendFilters, type ViewParams } from "./filters";

export const LIST_DIMS = ["team", "feature", "model", "workflow"] as const;
export type ListDim = (typeof LIST_DIMS)[number];
export type BreakdownDim = ListDim | "provider" | "outcome";

export const DIM_TITLES: Record<BreakdownDim, { one: string; many: string; path?: string }> = {
  team: { one: "Team", many: "Teams", path: "/teams" },
  feature: { one: "Feature", many: "Features", path: "/features" },
  model: { one: "Model", many: "Models", path: "/models" },
  workflow: { one: "Workflow", many: "Workflows", path: "/workflows" },
  provider: { one: "Provider", many: "Providers" },
  outcome: { one: "Outcome", many: "Outcomes" },
};

/** Query string that keeps the page's range, zone and filters (minus `drop`). */
export function linkQuery(view: Pick<ViewParams, "range" | "preset" | "tz" | "tzOverride" | "filters">, drop: Array<keyof SpendFilters> = [], extra: Record<string, string | undefined> = {}): string {
  const filters = { ...view.filters };
  for (const d of drop) filters[d] = [];
  return viewQueryString({ ...view, filters }, extra);
}

export function detailHref(dim: BreakdownDim, key: string, view: Pick<ViewParams, "range" | "preset" | "tz" | "tzOverride" | "filters">): string | undefined {
  const base = DIM_TITLES[dim].path;
  if (!base) return undefined;
  return `${base}/${encodeURIComponent(key)}${linkQuery(view, [dim as keyof SpendFilters])}`;
}

export const EXPORT_TABLES = [
  "teams",
  "features",
  "models",
  "workflows",
  "providers",
  "outcomes",
  "buckets",
  "mix",
  "whatif-quality",
  "whatif-model",
  "batch",
  "stages",
  "traces",
  "billed",
  "estimate",
  "estimate-comparison",
  "estimates",
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export const DIM_EXPORT: Record<BreakdownDim, ExportTable> = {
  team: "teams",
  feature: "features",
  model: "models",
  workflow: "workflows",
  provider: "providers",
  outcome: "outcomes",
};

/** Link to the CSV of a table with the page's current parameters (a prefixed sort becomes sort/dir). */
export function exportHref(table: ExportTable, sp: SearchParams, opts: { sortPrefix?: string; extra?: Record<string, string> } = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  }
  const prefix = opts.sortPrefix ?? "";
  const sort = paramOne(sp, `${prefix}sort`);
  const dir = paramOne(sp, `${prefix}dir`);
  p.delete("sort");
  p.delete("dir");
  if (sort) p.set("sort", sort);
  if (dir) p.set("dir", dir);
  for (const [k, v] of Object.entries(opts.extra ?? {})) p.set(k, v);
  const s = p.toString();
  return `/api/v1/export/${table}${s ? `?${s}` : ""}`;
}
