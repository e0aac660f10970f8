import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Teams" };

export default function Page() {
  return (
    <>
      <PageHeader title="Teams" />
      <Placeholder what="The Teams view" />
    </>
  );
}
