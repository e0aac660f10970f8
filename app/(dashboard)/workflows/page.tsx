import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/tremor";
import { BucketBar } from "@/components/spend/bucket-bar";
import { DimensionListPage } from "@/components/spend/dimension-pages";
import { Pager } from "@/components/spend/pager";
import { SpendTable } from "@/components/spend/spend-table";
import { requireUser } from "@/lib/auth/require";
import { formatUsd } from "@/lib/money/decimal";
import { zeroFigures } from "@/lib/spend/figures";
import { WORKFLOW_LABELS, WORKFLOW_VALUES, type SearchParams } from "@/lib/spend/filters";
import { detailHref, exportHref } from "@/lib/spend/links";
import { formatCell } from "@/lib/spend/table-model";
import { STAGES_TOP_N } from "@/lib/spend/top-n";
import { loadDimensions, loadFilterOptions, loadPageView, loadStages, loadTraces, workflowFill } from "@/lib/spend/views-service";

export const metadata: Metadata = { title: "Workflows" };

const WORKFLOW_NOTES = {
  text_to_image: "Text input plus image output tokens.",
  image_edit: "Text input, image input (references, masks) and image output.",
  vision_analysis: "Image input plus model output tokens; no generated image.",
  analysis_then_generate: "Both: an analysis stage, then a generation stage.",
} as const;

export default async function WorkflowsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const pv = await loadPageView(user, sp);
  const [data, options, stages, traces] = await Promise.all([
    loadDimensions(pv, ["workflow"], { fill: workflowFill(pv, "workflow") }),
    loadFilterOptions(pv),
    loadStages(pv),
    loadTraces(pv),
  ]);
  const figures = data.sections[0].figures;
  const shown = pv.view.filters.workflow.length ? WORKFLOW_VALUES.filter((w) => pv.view.filters.workflow.includes(w)) : WORKFLOW_VALUES;
  const cards = (
    <section aria-labelledby="wf-cards" className="space-y-3">
      <h2 id="wf-cards" className="text-lg font-semibold text-gray-900">
        The four workflows
      </h2>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 [&>*]:min-w-0">
        {shown.map((w) => {
          const f = figures.get(w) ?? zeroFigures();
          return (
            <Card key={w} className="p-4" data-testid={`workflow-${w}`}>
              <div className="flex items-baseline justify-between gap-2">
                <h3 className="font-medium text-gray-900">
                  <Link href={detailHref("workflow", w, pv.view) ?? "#"} className="hover:text-blue-700 hover:underline">
                    {WORKFLOW_LABELS[w]}
                  </Link>
                </h3>
                <span className="num text-lg font-semibold text-gray-900" data-amount={f.cost}>
                  {formatUsd(f.cost)}
                </span>
              </div>
              <p className="mb-2 text-xs text-gray-500">
                {WORKFLOW_NOTES[w]} {formatCell("count", f.events)} requests · {formatCell("count", f.images)} images
              </p>
              <BucketBar figures={f} />
            </Card>
          );
        })}
      </div>
    </section>
  );
  return (
    <DimensionListPage dim="workflow" pv={pv} data={data} options={options} description="Text-to-image, image edit, vision analysis and analysis-then-generate are different budgets: each is shown on its own."
      lead={cards}
    >
      <SpendTable table={stages} pathname="/workflows" sp={sp} exportHref={exportHref("stages", sp)} topN={STAGES_TOP_N} />
      <div className="space-y-3" id="traces">
        <SpendTable table={traces.table} pathname="/workflows" sp={sp} exportHref={exportHref("traces", sp)} />
        <Pager pathname="/workflows" sp={sp} param="tpage" page={traces.page} pages={traces.pages} label="Trace pages" />
      </div>
    </DimensionListPage>
  );
}
