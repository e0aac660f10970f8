import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Usage" };

export default function Page() {
  return (
    <>
      <PageHeader title="Usage" />
      <Placeholder what="The Usage view" />
    </>
  );
}
