import type { Metadata } from "next";
import { PageHeader, Placeholder } from "@/components/page-header";

export const metadata: Metadata = { title: "Models" };

export default function Page() {
  return (
    <>
      <PageHeader title="Models" />
      <Placeholder what="The Models view" />
    </>
  );
}
