import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { DraftEditor } from "@/components/pricing/draft-editor";
import { SnapshotActions } from "@/components/pricing/snapshot-actions";
import { requireUserWhere } from "@/lib/auth/require";
import { canEditPricing } from "@/lib/auth/permissions";
import { loadSnapshotOr404 } from "@/lib/pricing/page-data";

export const metadata: Metadata = { title: "Edit pricing draft" };

export default async function EditSnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUserWhere(canEditPricing);
  const { summary: s, document } = await loadSnapshotOr404(user.orgId, id, notFound);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/pricing" className="text-blue-700 hover:underline">
          Pricing
        </Link>
        <span className="text-gray-400"> / </span>
        <Link href={`/pricing/${s.id}`} className="text-blue-700 hover:underline">
          {s.provider} v{s.version}
        </Link>
        <span className="text-gray-400"> / </span>
        <span className="text-gray-600">Edit</span>
      </nav>
      <PageHeader title={`Edit ${s.name}`} description="Changes apply only when the draft is published. Save, then compare and publish from the snapshot page." />
      {s.status === "draft" ? (
        <DraftEditor id={s.id} document={document} version={s.version} />
      ) : (
        <Card>
          <p className="text-sm text-gray-700">This snapshot is published and cannot be changed. Clone it into a draft to change prices.</p>
          <div className="mt-4">
            <SnapshotActions snapshot={s} />
          </div>
        </Card>
      )}
    </>
  );
}
