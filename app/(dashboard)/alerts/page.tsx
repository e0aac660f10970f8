import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Alerts" };

export default function Page() {
  return (
    <>
      <PageHeader title="Alerts" />
      <Placeholder what="The Alerts view" />
    </>
  );
}
