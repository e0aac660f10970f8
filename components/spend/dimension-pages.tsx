import Link from "next/link";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { chartNumber, costPerAcceptedOutput, type Figures } from "@/lib/spend/figures";
import type { SpendFilters } from "@/lib/spend/filters";
import { DIM_EXPORT, DIM_TITLES, exportHref, linkQuery, type ListDim } from "@/lib/spend/links";
import type { DimensionData, FilterOptions, PageView } from "@/lib/spend/views-service";
import { formatCell } from "@/lib/spend/table-model";
import { DIMENSION_TOP_N } from "@/lib/spend/top-n";
import { BucketBreakdown } from "./bucket-breakdown";
import { TrendChart } from "./charts";
import { KpiCard } from "./kpi";
import { SpendTable } from "./spend-table";
import { ViewControls } from "./view-controls";
import type { FilterKeyName } from "./filter-bar";

export function KpiRow({ total, previousTotal, unpricedHref }: { total: Figures; previousTotal: Figures; unpricedHref?: string }) {
  const perAccepted = costPerAcceptedOutput(total);
  return (
    <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4 [&>*]:min-w-0">
      <KpiCard label="Spend" amount={total.cost} previous={previousTotal.cost} testId="kpi-spend" note={`Previous period ${formatCell("money", previousTotal.cost)}`} />
      <KpiCard label="Requests" count={total.events} note={`${formatCell("count", total.images)} images generated`} />
      <KpiCard label="Cost per accepted output" amount={perAccepted ?? undefined} count={perAccepted ? undefined : 0} note={`${formatCell("count", total.acceptedOutputs)} accepted · ${formatCell("count", total.retries)} retries`} />
      <KpiCard
        label="Unpriced events"
        count={total.unpricedEvents}
        href={total.unpricedEvents ? unpricedHref : undefined}
        note={total.unpricedEvents ? "Counted, not costed: price their model" : `${formatCell("count", total.warningEvents)} priced with warnings`}
      />
    </div>
  );
}

function TrendCard({ data, title }: { data: DimensionData["trend"]; title: string }) {
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="mb-2 text-base font-semibold text-gray-900">{title}</h2>
      <TrendChart data={data.map((d) => ({ date: d.date, Spend: chartNumber(d.cost) }))} label={title} />
    </Card>
  );
}

/** A list page: the dimension's sortable table, with totals, the trend and the bucket breakdown. */
export function DimensionListPage({
  dim,
  pv,
  data,
  options,
  description,
  lead,
  children,
}: {
  dim: ListDim;
  pv: PageView;
  data: DimensionData;
  options: FilterOptions;
  description: string;
  /** Shown before the table (e.g. the workflow cards). */
  lead?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const path = DIM_TITLES[dim].path as string;
  const section = data.sections[0];
  return (
    <>
      <PageHeader title={DIM_TITLES[dim].many} description={description} />
      <ViewControls pv={pv} options={options} />
      <KpiRow total={data.total} previousTotal={data.previousTotal} unpricedHref={`/models${linkQuery(pv.view)}${linkQuery(pv.view) ? "&" : "?"}sort=unpriced&dir=desc`} />
      <div className="space-y-6">
        {lead}
        <SpendTable table={section.table} pathname={path} sp={pv.sp} exportHref={exportHref(DIM_EXPORT[dim], pv.sp)} topN={DIMENSION_TOP_N} />
        <TrendCard data={data.trend} title="Daily spend" />
        <BucketBreakdown figures={data.total} table={data.buckets} pathname={path} sp={pv.sp} exportHref={exportHref("buckets", pv.sp)} />
        {children}
      </div>
    </>
  );
}

/** A detail page: one team/feature/model/workflow with its trend, buckets and breakdowns by the other dimensions. */
export function DimensionDetailPage({
  dim,
  itemKey,
  label,
  subtitle,
  pv,
  data,
  options,
  children,
}: {
  dim: ListDim;
  itemKey: string;
  label: string;
  subtitle?: React.ReactNode;
  pv: PageView;
  data: DimensionData;
  options: FilterOptions;
  children?: React.ReactNode;
}) {
  const base = DIM_TITLES[dim].path as string;
  const path = `${base}/${encodeURIComponent(itemKey)}`;
  const pinned = { [dim]: itemKey } as Record<string, string>;
  const back = `${base}${linkQuery(pv.view, [dim as keyof SpendFilters])}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={back} className="text-blue-700 hover:underline">
          {DIM_TITLES[dim].many}
        </Link>
        <span aria-hidden="true" className="mx-1 text-gray-400">
          /
        </span>
        <span aria-current="page" className="text-gray-600">
          {label}
        </span>
      </nav>
      <PageHeader title={label} description={subtitle} />
      <ViewControls pv={pv} options={options} hidden={[dim as FilterKeyName]} />
      <KpiRow total={data.total} previousTotal={data.previousTotal} />
      <div className="space-y-6">
        <TrendCard data={data.trend} title={`Daily spend: ${label}`} />
        <BucketBreakdown figures={data.total} table={data.buckets} pathname={path} sp={pv.sp} exportHref={exportHref("buckets", pv.sp, { extra: pinned })} />
        {data.sections.map((s) => (
          <SpendTable
            key={s.dim}
            table={s.table}
            pathname={path}
            sp={pv.sp}
            exportHref={exportHref(DIM_EXPORT[s.dim], pv.sp, { sortPrefix: s.table.sortPrefix, extra: pinned })}
            topN={DIMENSION_TOP_N}
          />
        ))}
        {children}
      </div>
    </>
  );
}

export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
