import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { KpiCard } from "@/components/spend/kpi";
import { SpendTable } from "@/components/spend/spend-table";
import { ViewControls } from "@/components/spend/view-controls";
import { requireUser } from "@/lib/auth/require";
import { AppError } from "@/lib/api/errors";
import { compareEstimate } from "@/lib/spend/estimates-service";
import type { SearchParams } from "@/lib/spend/filters";
import { exportHref, linkQuery } from "@/lib/spend/links";
import { loadFilterOptions, loadPageView, pinView } from "@/lib/spend/views-service";

export const metadata: Metadata = { title: "Estimate versus actual" };

export default async function EstimateDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { id } = await params;
  const sp = await searchParams;
  const pv = await loadPageView(user, sp);
  const r = await compareEstimate(pv, id).catch((e: unknown) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const pinned = pinView(pv, "feature", r.estimate.feature);
  const options = await loadFilterOptions(pinned);
  const e = r.estimate;
  const setup = [e.inputs.model, e.inputs.quality, e.inputs.size, e.inputs.batch ? "Batch" : null].filter(Boolean).join(" · ");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/estimate" className="text-blue-700 hover:underline">
          Estimate
        </Link>
        <span aria-hidden="true" className="mx-1 text-gray-400">
          /
        </span>
        <span aria-current="page" className="text-gray-600">
          {e.name}
        </span>
      </nav>
      <PageHeader
        title={e.name}
        description={
          <>
            {setup} · {e.count.toLocaleString("en-US")} requests, saved {e.createdAt.slice(0, 10)} for feature{" "}
            <Link href={`/features/${encodeURIComponent(e.feature)}${linkQuery(pv.view, ["feature"])}`} className="text-blue-700 hover:underline">
              {e.feature}
            </Link>
            . Choose the window of the measured test batch below.
          </>
        }
      />
      <ViewControls pv={pinned} options={options} hidden={["feature"]} />
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4 [&>*]:min-w-0">
        <KpiCard label="Expected per request" amount={e.perImageCost} decimals={5} />
        <KpiCard label="Actual per request" decimals={5} amount={r.comparison.rows[0].cells.actual === null ? undefined : String(r.comparison.rows[0].cells.actual)} count={r.actual.events ? undefined : 0} note={`${r.actual.events.toLocaleString("en-US")} requests in the window`} />
        <KpiCard label="Expected at actual volume" amount={String(r.comparison.rows[2].cells.expected)} />
        <KpiCard label="Actual spend" amount={r.actual.cost} testId="kpi-spend" />
      </div>
      <div className="space-y-6">
        <SpendTable table={r.comparison} pathname={`/estimate/${id}`} sp={sp} exportHref={exportHref("estimate-comparison", sp, { extra: { id } })} />
        {r.breakdown ? <SpendTable table={r.breakdown} pathname={`/estimate/${id}`} sp={sp} exportHref={exportHref("estimate", {}, { extra: { id } })} /> : null}
      </div>
    </>
  );
}
