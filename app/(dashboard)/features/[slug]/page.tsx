import type { Metadata } from "next";
import { DimensionDetailPage, decodeSegment } from "@/components/spend/dimension-pages";
import { MixSection } from "@/components/spend/mix-section";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { listFeatureRows } from "@/lib/spend/queries";
import { loadDimensions, loadFilterOptions, loadMix, loadPageView, pinView } from "@/lib/spend/views-service";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Feature ${decodeSegment((await params).slug)}` };
}

export default async function FeaturePage({ params, searchParams }: Props) {
  const user = await requireUser();
  const name = decodeSegment((await params).slug);
  const sp = await searchParams;
  const pv = pinView(await loadPageView(user, sp), "feature", name);
  const [data, options, mix, features] = await Promise.all([
    loadDimensions(pv, ["model", "team", "workflow", "provider", "outcome"], { prefixed: true }),
    loadFilterOptions(pv),
    loadMix(pv),
    listFeatureRows(pv.ctx.orgId),
  ]);
  const feature = features.find((f) => f.name === name);
  const owner = feature?.teamId ? pv.ctx.teamById.get(feature.teamId) : undefined;
  const subtitle = [feature?.description, owner ? `Owned by ${owner.name}` : null, feature?.delayable ? "Delayable (Batch candidate)" : null].filter(Boolean).join(" · ");
  const path = `/features/${encodeURIComponent(name)}`;
  return (
    <DimensionDetailPage dim="feature" itemKey={name} label={name} subtitle={subtitle || undefined} pv={pv} data={data} options={options}>
      <MixSection mix={mix} pathname={path} sp={sp} extra={{ feature: name }} />
    </DimensionDetailPage>
  );
}
