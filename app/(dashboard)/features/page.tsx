import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Features" };

export default function Page() {
  return (
    <>
      <PageHeader title="Features" />
      <Placeholder what="The Features view" />
    </>
  );
}
