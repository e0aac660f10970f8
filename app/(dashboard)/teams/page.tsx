import type { Metadata } from "next";
import { DimensionListPage } from "@/components/spend/dimension-pages";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { loadDimensions, loadFilterOptions, loadPageView } from "@/lib/spend/views-service";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const pv = await loadPageView(user, sp);
  const [data, options] = await Promise.all([loadDimensions(pv, ["team"]), loadFilterOptions(pv)]);
  return <DimensionListPage dim="team" pv={pv} data={data} options={options} description="Spend per team, with unit costs and the change against the previous period." />;
}
