import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Workflows" };

export default function Page() {
  return (
    <>
      <PageHeader title="Workflows" />
      <Placeholder what="The Workflows view" />
    </>
  );
}
