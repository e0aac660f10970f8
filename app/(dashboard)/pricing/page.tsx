import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Pricing" };

export default function Page() {
  return (
    <>
      <PageHeader title="Pricing" />
      <Placeholder what="The Pricing view" />
    </>
  );
}
