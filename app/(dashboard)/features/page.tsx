import type { Metadata } from "next";
import { DimensionListPage } from "@/components/spend/dimension-pages";
import { SpendTable } from "@/components/spend/spend-table";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { exportHref } from "@/lib/spend/links";
import { BATCH_TOP_N } from "@/lib/spend/top-n";
import { loadBatchOpportunity, loadDimensions, loadFilterOptions, loadPageView } from "@/lib/spend/views-service";

export const metadata: Metadata = { title: "Features" };

export default async function FeaturesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const pv = await loadPageView(user, sp);
  const [data, options, batch] = await Promise.all([loadDimensions(pv, ["feature"]), loadFilterOptions(pv), loadBatchOpportunity(pv)]);
  return (
    <DimensionListPage dim="feature" pv={pv} data={data} options={options} description="Which product features spend the money, what one accepted output costs, and how often they retry.">
      <section id="batch" aria-label="Batch opportunity">
        <SpendTable table={batch.table} pathname="/features" sp={sp} exportHref={exportHref("batch", sp)} topN={BATCH_TOP_N} />
        <p className="mt-2 text-xs text-gray-500">
          {batch.delayableCount} feature{batch.delayableCount === 1 ? " is" : "s are"} marked delayable (work that can wait for the Batch API). Savings use each provider&apos;s current snapshot batch multiplier.
        </p>
      </section>
    </DimensionListPage>
  );
}
