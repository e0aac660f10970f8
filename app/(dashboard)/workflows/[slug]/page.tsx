import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DimensionDetailPage, decodeSegment } from "@/components/spend/dimension-pages";
import { Pager } from "@/components/spend/pager";
import { SpendTable } from "@/components/spend/spend-table";
import { requireUser } from "@/lib/auth/require";
import { WORKFLOW_LABELS, WORKFLOW_VALUES, type SearchParams, type WorkflowValue } from "@/lib/spend/filters";
import { exportHref } from "@/lib/spend/links";
import { STAGES_TOP_N } from "@/lib/spend/top-n";
import { loadDimensions, loadFilterOptions, loadPageView, loadStages, loadTraces, pinView } from "@/lib/spend/views-service";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const w = decodeSegment((await params).slug) as WorkflowValue;
  return { title: WORKFLOW_LABELS[w] ?? "Workflow" };
}

export default async function WorkflowPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const w = decodeSegment((await params).slug);
  if (!(WORKFLOW_VALUES as readonly string[]).includes(w)) notFound();
  const sp = await searchParams;
  const pv = pinView(await loadPageView(user, sp), "workflow", w);
  const staged = w === "analysis_then_generate";
  const [data, options, stages, traces] = await Promise.all([
    loadDimensions(pv, ["feature", "model", "team", "provider", "outcome"], { prefixed: true }),
    loadFilterOptions(pv),
    staged ? loadStages(pv) : null,
    staged ? loadTraces(pv) : null,
  ]);
  const path = `/workflows/${w}`;
  return (
    <DimensionDetailPage dim="workflow" itemKey={w} label={WORKFLOW_LABELS[w as WorkflowValue]} pv={pv} data={data} options={options}>
      {stages ? <SpendTable table={stages} pathname={path} sp={sp} exportHref={exportHref("stages", sp, { extra: { workflow: w } })} topN={STAGES_TOP_N} /> : null}
      {traces ? (
        <div className="space-y-3">
          <SpendTable table={traces.table} pathname={path} sp={sp} exportHref={exportHref("traces", sp, { extra: { workflow: w } })} />
          <Pager pathname={path} sp={sp} param="tpage" page={traces.page} pages={traces.pages} label="Trace pages" />
        </div>
      ) : null}
    </DimensionDetailPage>
  );
}
