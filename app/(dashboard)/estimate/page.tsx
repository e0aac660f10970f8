import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Estimate" };

export default function Page() {
  return (
    <>
      <PageHeader title="Estimate" />
      <Placeholder what="The Estimate view" />
    </>
  );
}
