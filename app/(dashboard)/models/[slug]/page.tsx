import type { Metadata } from "next";
import { DimensionDetailPage, decodeSegment } from "@/components/spend/dimension-pages";
import { MixSection } from "@/components/spend/mix-section";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { loadDimensions, loadFilterOptions, loadMix, loadPageView, pinView } from "@/lib/spend/views-service";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Model ${decodeSegment((await params).slug)}` };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const model = decodeSegment((await params).slug);
  const sp = await searchParams;
  const pv = pinView(await loadPageView(user, sp), "model", model);
  const [data, options, mix] = await Promise.all([
    loadDimensions(pv, ["feature", "team", "workflow", "provider", "outcome"], { prefixed: true }),
    loadFilterOptions(pv),
    loadMix(pv),
  ]);
  return (
    <DimensionDetailPage dim="model" itemKey={model} label={model} subtitle="Model id as the applications called it (aliases and dated variants are priced through the snapshot)." pv={pv} data={data} options={options}>
      <MixSection mix={mix} pathname={`/models/${encodeURIComponent(model)}`} sp={sp} extra={{ model }} />
    </DimensionDetailPage>
  );
}
