import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { CompareForm } from "@/components/pricing/compare-form";
import { DiffView } from "@/components/pricing/diff-view";
import { StatusBadge } from "@/components/pricing/status-badge";
import { requireUser } from "@/lib/auth/require";
import { formatInstant } from "@/lib/pricing/display";
import { isSnapshotId } from "@/lib/pricing/page-data";
import { diffSnapshotsById, listSnapshots } from "@/lib/pricing/service";
import type { SnapshotDetail } from "@/lib/pricing/views";

export const metadata: Metadata = { title: "Compare pricing snapshots" };

function Side({ title, d }: { title: string; d: SnapshotDetail }) {
  const s = d.summary;
  return (
    <Card>
      <p className="text-xs font-medium uppercase tracking-wide text-gray-500">{title}</p>
      <h2 className="mt-1 text-base font-semibold text-gray-900">
        <Link href={`/pricing/${s.id}`} className="hover:underline">
          {s.name}
        </Link>
      </h2>
      <div className="mt-1">
        <StatusBadge status={s.status} inForce={s.inForce} />
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
        <dt className="text-gray-500">Provider</dt>
        <dd className="text-gray-900">
          {s.provider} v{s.version}
        </dd>
        <dt className="text-gray-500">Effective from</dt>
        <dd className="tabular-nums text-gray-900">{formatInstant(s.effectiveFrom)}</dd>
        <dt className="text-gray-500">Rows</dt>
        <dd className="tabular-nums text-gray-900">{s.rowCount}</dd>
        <dt className="text-gray-500">Batch multiplier</dt>
        <dd className="tabular-nums text-gray-900">{d.data.batchMultiplier}</dd>
      </dl>
    </Card>
  );
}

export default async function DiffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const a = typeof sp.a === "string" ? sp.a : undefined;
  const b = typeof sp.b === "string" ? sp.b : undefined;
  const snapshots = await listSnapshots(user.orgId);
  const ids = new Set(snapshots.map((s) => s.id));
  const valid = isSnapshotId(a) && isSnapshotId(b) && ids.has(a) && ids.has(b);
  const view = valid ? await diffSnapshotsById(user.orgId, a, b) : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/pricing" className="text-blue-700 hover:underline">
          Pricing
        </Link>
        <span className="text-gray-400"> / </span>
        <span className="text-gray-600">Compare</span>
      </nav>
      <PageHeader title="Compare pricing snapshots" description="Rows added and removed, and every rate that changes, in USD per 1M tokens and in percent." />
      <div className="space-y-6">
        <Card>
          <CompareForm snapshots={snapshots} a={a} b={b} />
          {(a || b) && !valid ? (
            <p role="alert" className="mt-3 text-sm text-red-700">
              Pick two snapshots of this organization to compare.
            </p>
          ) : null}
        </Card>
        {view ? (
          <>
            <div className="grid gap-4 md:grid-cols-2">
              <Side title="Before" d={view.a} />
              <Side title="After" d={view.b} />
            </div>
            <Card>
              <DiffView diff={view.diff} beforeLabel={`v${view.a.summary.version}`} afterLabel={`v${view.b.summary.version}`} />
            </Card>
          </>
        ) : null}
      </div>
    </>
  );
}
