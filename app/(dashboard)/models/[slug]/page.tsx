import type { Metadata } from "next";
import { DimensionDetailPage, decodeSegment } from "@/components/spend/dimension-pages";
import { MixSection } from "@/components/spend/mix-section";
import { NamesAsCalled } from "@/components/spend/names-as-called";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { loadDimensions, loadFilterOptions, loadMix, loadNamesAsCalled, loadPageView, pinView } from "@/lib/spend/views-service";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Model ${decodeSegment((await params).slug)}` };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const model = decodeSegment((await params).slug);
  const sp = await searchParams;
  const pv = pinView(await loadPageView(user, sp), "model", model);
  const [data, options, mix, names] = await Promise.all([
    loadDimensions(pv, ["feature", "team", "workflow", "provider", "outcome"], { prefixed: true }),
    loadFilterOptions(pv),
    loadMix(pv),
    loadNamesAsCalled(pv),
  ]);
  return (
    <DimensionDetailPage dim="model" itemKey={model} label={model} subtitle="Canonical model: aliases, dated variants and vendor prefixes the applications sent count here (listed under Names as called)." pv={pv} data={data} options={options}>
      <NamesAsCalled rows={names} />
      <MixSection mix={mix} pathname={`/models/${encodeURIComponent(model)}`} sp={sp} extra={{ model }} />
    </DimensionDetailPage>
  );
}
