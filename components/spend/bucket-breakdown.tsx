import { COST_BUCKET_LABELS } from "@/lib/cost/types";
import { shownCostBuckets } from "@/lib/spend/breakdowns";
import { chartNumber, type Figures } from "@/lib/spend/figures";
import type { SearchParams } from "@/lib/spend/filters";
import type { TableModel } from "@/lib/spend/table-model";
import { UsdBarList } from "./charts";
import { SpendTable } from "./spend-table";

/** The six token buckets of whatever is on screen: bars to see the shape, a table for the exact figures. */
export function BucketBreakdown({ figures, table, pathname, sp, exportHref }: { figures: Figures; table: TableModel; pathname: string; sp: SearchParams; exportHref: string }) {
  const bars = shownCostBuckets(figures).map((b) => ({ name: COST_BUCKET_LABELS[b], value: chartNumber(figures.buckets[b]) })).sort((a, b) => b.value - a.value);
  return (
    <section aria-labelledby="buckets-heading" className="grid grid-cols-1 gap-4 lg:grid-cols-5" data-testid="bucket-breakdown">
      <h2 id="buckets-heading" className="sr-only">
        Cost by bucket
      </h2>
      <div className="min-w-0 rounded-lg border border-gray-200 bg-white p-4 shadow-sm lg:col-span-2">
        <p className="mb-3 text-sm font-medium text-gray-700">Where the money goes</p>
        <UsdBarList data={bars} label="Cost by bucket" />
      </div>
      <div className="min-w-0 lg:col-span-3">
        <SpendTable table={table} pathname={pathname} sp={sp} exportHref={exportHref} compact />
      </div>
    </section>
  );
}
