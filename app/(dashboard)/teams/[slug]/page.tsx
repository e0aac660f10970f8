import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DimensionDetailPage, decodeSegment } from "@/components/spend/dimension-pages";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { loadDimensions, loadFilterOptions, loadPageView, pinView } from "@/lib/spend/views-service";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Team ${decodeSegment((await params).slug)}` };
}

export default async function TeamPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const slug = decodeSegment((await params).slug);
  const sp = await searchParams;
  const base = await loadPageView(user, sp);
  const team = base.ctx.teams.find((t) => t.slug === slug);
  if (!team) notFound();
  const pv = pinView(base, "team", slug);
  const [data, options] = await Promise.all([loadDimensions(pv, ["feature", "model", "workflow", "provider", "outcome"], { prefixed: true }), loadFilterOptions(pv)]);
  return <DimensionDetailPage dim="team" itemKey={slug} label={team.name} subtitle={<>Team <code>{slug}</code></>} pv={pv} data={data} options={options} />;
}
