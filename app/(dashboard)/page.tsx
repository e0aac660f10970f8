import type { Metadata } from "next";
import Link from "next/link";
import { Card, ProgressBar } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { StackedDailyChart, UsdBarList } from "@/components/spend/charts";
import { BucketBreakdown } from "@/components/spend/bucket-breakdown";
import { KpiCard } from "@/components/spend/kpi";
import { SpendTable } from "@/components/spend/spend-table";
import { ViewControls, formatRange } from "@/components/spend/view-controls";
import { requireUser } from "@/lib/auth/require";
import { dec, formatUsd } from "@/lib/money/decimal";
import { budgetAmount } from "./alerts/_components/format";
import type { SearchParams } from "@/lib/spend/filters";
import { exportHref, linkQuery } from "@/lib/spend/links";
import { formatCell } from "@/lib/spend/table-model";
import { STACK_DIMS, loadFilterOptions, loadOverview, loadPageView, parseStackDim } from "@/lib/spend/views-service";

export const metadata: Metadata = { title: "Overview" };

const STACK_LABELS = { model: "Model", team: "Team", workflow: "Workflow", feature: "Feature" } as const;
const METHOD_LABELS = { trailing_mean: "7-day run-rate", period_to_date_mean: "month-to-date average", period_ended: "month ended" } as const;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const pv = await loadPageView(user, sp);
  const by = parseStackDim(sp);
  const [o, options] = await Promise.all([loadOverview(pv, by), loadFilterOptions(pv)]);
  const q = (extra: Record<string, string | undefined> = {}) => linkQuery(pv.view, [], extra);
  const byLink = (d: string) => {
    const p = new URLSearchParams(q().slice(1));
    if (d !== "model") p.set("by", d);
    const s = p.toString();
    return `/${s ? `?${s}` : ""}`;
  };

  return (
    <>
      <PageHeader title="Overview" description="Where the image API money goes, by team, feature, model and workflow." />
      <ViewControls pv={pv} options={options} />

      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4 [&>*]:min-w-0">
        <KpiCard
          label="Spend in range"
          amount={o.total.cost}
          previous={o.previousTotal.cost}
          testId="kpi-spend"
          note={`${formatCell("money", o.previousTotal.cost)} in ${formatRange(o.previousRange.from, o.previousRange.to)}`}
        />
        <KpiCard
          label="Month to date"
          amount={o.mtd.spent}
          testId="kpi-mtd"
          note={
            <>
              Forecast to {formatRange(o.mtd.monthEnd, o.mtd.monthEnd)}: <span className="num font-medium text-gray-700" data-amount={o.mtd.forecast.projected}>{formatUsd(o.mtd.forecast.projected)}</span> ({METHOD_LABELS[o.mtd.forecast.method]}, {formatUsd(o.mtd.forecast.runRatePerDay)}/day)
            </>
          }
        />
        <KpiCard
          label="Unpriced events"
          count={o.total.unpricedEvents}
          href={`/models${q({ sort: "unpriced", dir: "desc" })}`}
          testId="kpi-unpriced"
          note={o.total.unpricedEvents ? "Counted, not costed. See which models need a price." : "Every event in range was priced."}
        />
        <KpiCard
          label="Priced with warnings"
          count={o.total.warningEvents}
          href={`/models${q({ sort: "warnings", dir: "desc" })}`}
          testId="kpi-warnings"
          note="e.g. tokens in a bucket the rate card does not list"
        />
      </div>

      <div className="space-y-6">
        {o.budgets.length ? (
          <Card className="p-4 sm:p-6">
            <h2 className="text-base font-semibold text-gray-900">Budget burn</h2>
            <p className="mb-3 text-sm text-gray-500">Spend (or images, for an image quota) in each budget&apos;s current period ({pv.ctx.orgTimeZone}).</p>
            <ul className="space-y-3">
              {o.budgets.map((b) => {
                const pct = b.percent === null ? 0 : Math.min(100, Number(b.percent));
                const over = b.percent !== null && dec(b.percent).gte(100);
                return (
                  <li key={b.id} data-testid="budget-burn" data-budget={b.name} data-unit={b.unit} data-percent={b.percent ?? undefined}>
                    <div className="flex flex-wrap justify-between gap-x-3 text-sm">
                      <span className="font-medium text-gray-800">
                        {b.name} {b.unit === "images" ? <span className="ml-1 rounded bg-violet-50 px-1.5 py-0.5 text-xs text-violet-700">image quota</span> : null}
                        {b.hard ? <span className="ml-1 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-600">hard</span> : null}
                      </span>
                      <span className="num text-gray-600">
                        {budgetAmount(b, b.spent)} of {budgetAmount(b, b.amount)} {b.percent !== null ? `(${b.percent}%)` : ""}
                      </span>
                    </div>
                    <ProgressBar value={pct} color={over ? "rose" : pct >= 80 ? "amber" : "blue"} className="mt-1" aria-label={`${b.name}: ${b.percent ?? 0}% used`} />
                    <p className="mt-0.5 text-xs text-gray-500">
                      {b.scope} · {b.period}
                    </p>
                  </li>
                );
              })}
            </ul>
          </Card>
        ) : null}

        <Card className="p-4 sm:p-6">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-base font-semibold text-gray-900">Daily spend by {STACK_LABELS[by].toLowerCase()}</h2>
            <nav aria-label="Stack the chart by" className="flex rounded-md border border-gray-200 p-0.5 text-sm">
              {STACK_DIMS.map((d) => (
                <Link
                  key={d}
                  href={byLink(d)}
                  scroll={false}
                  aria-current={d === by ? "true" : undefined}
                  className={`rounded px-2.5 py-1 ${d === by ? "bg-blue-600 text-white" : "text-gray-600 hover:bg-gray-100"}`}
                >
                  {STACK_LABELS[d]}
                </Link>
              ))}
            </nav>
          </div>
          <StackedDailyChart data={o.stacked.data} categories={o.stacked.categories} label={`Daily spend stacked by ${STACK_LABELS[by].toLowerCase()}`} />
        </Card>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <Card className="p-4 sm:p-6">
            <div className="mb-3 flex items-baseline justify-between">
              <h2 className="text-base font-semibold text-gray-900">Top features</h2>
              <Link href={`/features${q()}`} className="text-sm text-blue-700 hover:underline">
                All features
              </Link>
            </div>
            {o.topFeatures.length ? <UsdBarList data={o.topFeatures} label="Top features by spend" /> : <p className="text-sm text-gray-500">No usage in this range.</p>}
          </Card>
          <Card className="p-4 sm:p-6">
            <div className="mb-3 flex items-baseline justify-between">
              <h2 className="text-base font-semibold text-gray-900">Top teams</h2>
              <Link href={`/teams${q()}`} className="text-sm text-blue-700 hover:underline">
                All teams
              </Link>
            </div>
            {o.topTeams.length ? <UsdBarList data={o.topTeams} label="Top teams by spend" /> : <p className="text-sm text-gray-500">No usage in this range.</p>}
          </Card>
        </div>

        <BucketBreakdown figures={o.total} table={o.buckets} pathname="/" sp={sp} exportHref={exportHref("buckets", sp)} />

        <Card className="border-l-4 border-l-emerald-500 p-4 sm:p-6">
          <h2 className="text-base font-semibold text-gray-900">Batch opportunity</h2>
          <p className="mt-1 text-sm text-gray-600">
            {dec(o.batch.realtimeSpend).isZero() ? (
              <>No real-time spend in features marked delayable in this range.</>
            ) : (
              <>
                <span className="num font-semibold text-gray-900">{formatUsd(o.batch.realtimeSpend)}</span> went to real-time calls in delayable features; Batch pricing would have saved{" "}
                <span className="num font-semibold text-emerald-700" data-amount={o.batch.savings}>{formatUsd(o.batch.savings)}</span>.
              </>
            )}{" "}
            <Link href={`/features${q()}#batch`} className="text-blue-700 hover:underline">
              See by feature
            </Link>
          </p>
        </Card>

        {o.billed ? <SpendTable table={o.billed} pathname="/" sp={sp} exportHref={exportHref("billed", sp)} /> : null}
      </div>
    </>
  );
}
