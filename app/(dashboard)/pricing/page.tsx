import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { CompareForm } from "@/components/pricing/compare-form";
import { RepriceProgress } from "@/components/pricing/reprice-progress";
import { SnapshotList } from "@/components/pricing/snapshot-list";
import { requireUser } from "@/lib/auth/require";
import { canEditPricing } from "@/lib/auth/permissions";
import { listRepriceJobs, listSnapshots } from "@/lib/pricing/service";

export const metadata: Metadata = { title: "Pricing" };

const RECENT_JOB_MS = 24 * 60 * 60 * 1000;

export default async function PricingPage() {
  const user = await requireUser();
  const [snapshots, jobs] = await Promise.all([listSnapshots(user.orgId), listRepriceJobs(user.orgId, { limit: 5 })]);
  const admin = canEditPricing(user);
  const now = Date.now();
  const visibleJobs = jobs.filter((j) => j.status === "queued" || j.status === "running" || now - Date.parse(j.createdAt) < RECENT_JOB_MS);
  // Default comparison: a provider's card in force against its newest other snapshot (OpenAI first).
  const providers = [...new Set(snapshots.map((s) => s.provider))].sort((x, y) => (x === "openai" ? -1 : y === "openai" ? 1 : 0));
  const provider = providers.find((p) => snapshots.filter((s) => s.provider === p).length >= 2);
  const ofProvider = snapshots.filter((s) => s.provider === provider);
  const after = ofProvider.find((s) => s.inForce) ?? ofProvider[0] ?? snapshots[0];
  const before = ofProvider.find((s) => s.id !== after?.id) ?? snapshots.find((s) => s.id !== after?.id);
  return (
    <>
      <PageHeader
        title="Pricing"
        description="Rate cards that price every event. An event is priced by the latest published snapshot of its provider whose effective date is at or before the event; published snapshots never change."
        actions={
          admin ? (
            <Link href="/pricing/import" className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700">
              Import rate card
            </Link>
          ) : null
        }
      />
      <div className="space-y-6">
        {visibleJobs.length ? (
          <Card>
            <h2 className="mb-3 text-base font-semibold text-gray-900">Repricing</h2>
            <div className="space-y-4">
              {visibleJobs.map((j) => (
                <RepriceProgress key={j.id} job={j} />
              ))}
            </div>
          </Card>
        ) : null}
        <section aria-labelledby="snapshots-heading">
          <h2 id="snapshots-heading" className="sr-only">
            Snapshots
          </h2>
          <SnapshotList snapshots={snapshots} />
          {admin ? (
            <p className="mt-2 text-xs text-gray-500">To change prices, open a published snapshot and clone it into a draft; edit, compare and publish the draft.</p>
          ) : (
            <p className="mt-2 text-xs text-gray-500">Only admins can change pricing.</p>
          )}
        </section>
        {snapshots.length >= 2 ? (
          <Card>
            <h2 className="mb-3 text-base font-semibold text-gray-900">Compare two snapshots</h2>
            <CompareForm snapshots={snapshots} a={before?.id} b={after?.id} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
