import type { Metadata } from "next";
import { DimensionListPage } from "@/components/spend/dimension-pages";
import { MixSection } from "@/components/spend/mix-section";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { loadDimensions, loadFilterOptions, loadMix, loadPageView } from "@/lib/spend/views-service";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const pv = await loadPageView(user, sp);
  const [data, options, mix] = await Promise.all([loadDimensions(pv, ["model"]), loadFilterOptions(pv), loadMix(pv)]);
  return (
    <DimensionListPage dim="model" pv={pv} data={data} options={options} description="Spend per canonical model: aliases, dated variants and vendor prefixes fold into the model they are priced as. Unpriced events point at models no snapshot prices yet.">
      <MixSection mix={mix} pathname="/models" sp={sp} />
    </DimensionListPage>
  );
}
