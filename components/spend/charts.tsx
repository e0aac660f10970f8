"use client";

/**
 * Chart wrappers around Tremor (client components: Tremor charts need the browser, and value formatters are
 * functions, which cannot cross from server components). Amounts arrive as display numbers; the exact
 * figures are always in the table next to a chart.
 */
import { AreaChart, BarChart, BarList, SparkAreaChart } from "@tremor/react";
import { formatUsd } from "@/lib/money/decimal";

const usd = (v: number) => formatUsd(String(v));
const usdAxis = (v: number) => (Math.abs(v) >= 1000 ? `$${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}k` : formatUsd(String(v)));

export const CHART_COLORS = ["blue", "emerald", "amber", "violet", "rose", "cyan", "lime", "slate"];

/** Daily spend stacked by a dimension. */
export function StackedDailyChart({ data, categories, label }: { data: Array<Record<string, string | number>>; categories: string[]; label: string }) {
  return (
    <div role="img" aria-label={label}>
      <BarChart
        className="h-72"
        data={data}
        index="date"
        categories={categories}
        colors={CHART_COLORS.slice(0, categories.length)}
        stack
        valueFormatter={usdAxis}
        yAxisWidth={64}
        showAnimation={false}
        noDataText="No usage in this range"
      />
    </div>
  );
}

/** Daily spend over the range. */
export function TrendChart({ data, label }: { data: Array<{ date: string; Spend: number }>; label: string }) {
  return (
    <div role="img" aria-label={label}>
      <AreaChart
        className="h-56"
        data={data}
        index="date"
        categories={["Spend"]}
        colors={["blue"]}
        valueFormatter={usdAxis}
        yAxisWidth={64}
        showLegend={false}
        showAnimation={false}
        noDataText="No usage in this range"
      />
    </div>
  );
}

/** A row's daily spend as a tiny area chart (decorative: the numbers are in the row). */
export function Sparkline({ values }: { values: number[] }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div aria-hidden="true">
      <SparkAreaChart data={data} index="i" categories={["v"]} colors={["blue"]} className="h-8 w-16" />
    </div>
  );
}

/** Horizontal bars with USD values (top features, teams, buckets). */
export function UsdBarList({ data, label }: { data: Array<{ name: string; value: number; href?: string }>; label: string }) {
  return (
    <div aria-label={label} role="group">
      <BarList data={data} valueFormatter={usd} className="text-sm" />
    </div>
  );
}
