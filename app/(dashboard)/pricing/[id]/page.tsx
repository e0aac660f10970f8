import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { PerImageTable } from "@/components/pricing/per-image-table";
import { ImpactPending, ImpactSection, impactSummary } from "@/components/pricing/impact-table";
import { RatesTable } from "@/components/pricing/rates-table";
import { UnitPricesTable } from "@/components/pricing/unit-prices-table";
import { hasUnitPrices } from "@/lib/cost/image-prices";
import { RepriceProgress } from "@/components/pricing/reprice-progress";
import { SnapshotActions } from "@/components/pricing/snapshot-actions";
import { StatusBadge } from "@/components/pricing/status-badge";
import { requireUser } from "@/lib/auth/require";
import { canEditPricing, readScopeOf } from "@/lib/auth/permissions";
import { snapshotImpact } from "@/lib/pricing/impact-service";
import { formatInstant } from "@/lib/pricing/display";
import { loadSnapshotOr404 } from "@/lib/pricing/page-data";
import { currentPublishedSnapshot, listRepriceJobs } from "@/lib/pricing/service";

export const metadata: Metadata = { title: "Pricing snapshot" };

export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const detail = await loadSnapshotOr404(user.orgId, id, notFound);
  const { summary: s, data } = detail;
  const [jobs, current] = await Promise.all([listRepriceJobs(user.orgId, { snapshotId: id, limit: 5 }), currentPublishedSnapshot(user.orgId, s.provider)]);
  // A draft previews what publishing would change; a published snapshot with a reprice job shows what it changed.
  // It reads every event the card governs, so it streams in after the page (not awaited here); the publish
  // confirmation waits for the same promise.
  const impact = s.status === "draft" || jobs.length ? snapshotImpact(readScopeOf(user), id) : null;
  // Compare with the card in force; for the card in force itself, with the one it was cloned from.
  const compareWith = current && current.summary.id !== s.id ? current.summary.id : s.clonedFromId;
  const withTables = data.rows.filter((r) => Object.keys(r.imageOutputTokens).length > 0);
  const withUnitPrices = data.rows.filter(hasUnitPrices);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/pricing" className="text-blue-700 hover:underline">
          Pricing
        </Link>
        <span className="text-gray-400"> / </span>
        <span className="text-gray-600">
          {s.provider} v{s.version}
        </span>
      </nav>
      <PageHeader
        title={s.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={s.status} inForce={s.inForce} />
            <span>
              {s.provider} · v{s.version} · effective {formatInstant(s.effectiveFrom)}
            </span>
          </span>
        }
        actions={canEditPricing(user) ? <SnapshotActions snapshot={s} impactSummary={impact && s.status === "draft" ? impact.then(impactSummary, () => null) : null} /> : null}
      />
      <div className="space-y-6">
        {jobs.length ? (
          <Card>
            <h2 className="mb-3 text-base font-semibold text-gray-900">Repricing</h2>
            <div className="space-y-4">
              {jobs.map((j) => (
                <RepriceProgress key={j.id} job={j} />
              ))}
            </div>
          </Card>
        ) : null}

        {impact ? (
          <Suspense fallback={<ImpactPending />}>
            <StreamedImpact impact={impact} />
          </Suspense>
        ) : null}

        <Card>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <div>
              <dt className="text-gray-500">Provider</dt>
              <dd className="font-medium text-gray-900">{s.provider}</dd>
            </div>
            <div>
              <dt className="text-gray-500">Effective from</dt>
              <dd className="font-medium tabular-nums text-gray-900">{formatInstant(s.effectiveFrom)}</dd>
            </div>
            <div>
              <dt className="text-gray-500">Batch API</dt>
              <dd className="font-medium text-gray-900">rates × {data.batchMultiplier}</dd>
            </div>
            <div>
              <dt className="text-gray-500">{s.publishedAt ? "Published" : "Last edited"}</dt>
              <dd className="font-medium tabular-nums text-gray-900">{formatInstant(s.publishedAt ?? s.updatedAt)}</dd>
            </div>
            {data.source ? (
              <div className="sm:col-span-2 lg:col-span-4">
                <dt className="text-gray-500">Source</dt>
                <dd className="break-all text-gray-900 sm:break-words">{data.source}</dd>
              </div>
            ) : null}
            {data.notes ? (
              <div className="sm:col-span-2 lg:col-span-4">
                <dt className="text-gray-500">Notes</dt>
                <dd className="whitespace-pre-line text-gray-900">{data.notes}</dd>
              </div>
            ) : null}
          </dl>
          <div className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
            {compareWith ? (
              <Link href={`/pricing/diff?a=${compareWith}&b=${s.id}`} className="text-blue-700 hover:underline">
                {current && current.summary.id !== s.id ? `Compare with the card in force (v${current.summary.version})` : "Compare with the snapshot it was cloned from"}
              </Link>
            ) : null}
            <a href={`/api/v1/pricing/snapshots/${s.id}/export?format=json`} className="text-blue-700 hover:underline">
              Download JSON
            </a>
            <a href={`/api/v1/pricing/snapshots/${s.id}/export?format=csv`} className="text-blue-700 hover:underline">
              Download CSV
            </a>
          </div>
        </Card>

        <Card className="p-0">
          <div className="px-6 pt-5">
            <h2 className="text-base font-semibold text-gray-900">Rates</h2>
            <p className="mt-1 text-sm text-gray-500">
              USD per 1M tokens. &ldquo;Not listed&rdquo; means the rate card has no price for that bucket: tokens there are flagged on the event, never priced at $0.
            </p>
          </div>
          <div className="px-2 pb-4 sm:px-4">
            <RatesTable rows={data.rows} />
          </div>
        </Card>

        {withTables.length ? (
          <Card>
            <h2 className="text-base font-semibold text-gray-900">Image output per generated image</h2>
            <p className="mt-1 text-sm text-gray-500">
              Output tokens per image and what they cost at this card&apos;s image output rate (standard API; Batch API costs × {data.batchMultiplier}). Prompt and
              input-image tokens come on top.
            </p>
            <div className="mt-4 grid gap-6 2xl:grid-cols-2">
              {withTables.map((r) => (
                <PerImageTable key={r.model} row={r} batchMultiplier={data.batchMultiplier} />
              ))}
            </div>
          </Card>
        ) : null}

        {withUnitPrices.length ? (
          <Card>
            <h2 className="text-base font-semibold text-gray-900">Per-image and per-megapixel prices</h2>
            <p className="mt-1 text-sm text-gray-500">
              Events that report only an image count are priced exactly from these: the size and quality entry first (then any quality, any size), else the
              per-megapixel price; neither means unpriced, never a guess. Batch API × {data.batchMultiplier}.
            </p>
            <div className="mt-4 grid gap-6 lg:grid-cols-2">
              {withUnitPrices.map((r) => (
                <UnitPricesTable key={r.model} row={r} />
              ))}
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}

async function StreamedImpact({ impact }: { impact: ReturnType<typeof snapshotImpact> }) {
  return <ImpactSection impact={await impact} />;
}
