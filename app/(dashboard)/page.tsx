import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" description="Where the image API money goes, by team, feature, model and workflow." />
      <Placeholder what="The spend overview" />
    </>
  );
}
