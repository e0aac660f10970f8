import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { KpiCard } from "@/components/spend/kpi";
import { SpendTable } from "@/components/spend/spend-table";
import { AppError } from "@/lib/api/errors";
import { readScopeOf } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/require";
import type { SearchParams } from "@/lib/spend/filters";
import { loadReconciliation, ReconcileQuery, type Reconciliation } from "@/lib/reconcile/service";
import { reconciliationTable } from "@/lib/reconcile/table";

export const metadata: Metadata = { title: "Reconciliation" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const parsed = ReconcileQuery.safeParse({ from: one(sp.from), to: one(sp.to) });
  let r: Reconciliation | null = null;
  let error: string | null = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  if (parsed.success) {
    try {
      r = await loadReconciliation(readScopeOf(user), parsed.data);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      error = e.message;
    }
  }
  const table = r ? reconciliationTable(r) : null;
  const explainedRows = r ? r.rows.filter((x) => x.status !== "unexplained").length : 0;
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="What OpenAI billed (Costs API imports) against what Spendscope tracked, per UTC day and OpenAI project, and where the difference comes from."
      />
      <Card className="mb-6 p-4">
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Date range">
          <label className="flex flex-col gap-1">
            <span className="text-gray-600">From (UTC)</span>
            <input type="date" name="from" defaultValue={r?.from ?? one(sp.from)} className="rounded-md border border-gray-300 px-2 py-1.5" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-gray-600">To (UTC)</span>
            <input type="date" name="to" defaultValue={r?.to ?? one(sp.to)} className="rounded-md border border-gray-300 px-2 py-1.5" />
          </label>
          <button type="submit" className="rounded-md bg-blue-600 px-3 py-1.5 font-medium text-white hover:bg-blue-700">
            Show
          </button>
          {r?.lastBilledDate ? <span className="text-gray-500">Billed costs imported up to {r.lastBilledDate}.</span> : null}
        </form>
        {error ? (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </Card>
      {r && table ? (
        <>
          <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4 [&>*]:min-w-0">
            <KpiCard label="Billed" amount={r.total.billed} testId="kpi-billed" />
            <KpiCard label="Tracked" amount={r.total.tracked} testId="kpi-tracked" />
            <KpiCard
              label="Billed − tracked"
              amount={r.total.variance}
              testId="kpi-variance"
              note={r.total.variancePercent === null ? "nothing billed" : `${r.total.variancePercent} % of billed`}
            />
            <KpiCard label="Unexplained" amount={r.total.unexplained} testId="kpi-unexplained" note={`${explainedRows} of ${r.rows.length} rows matched or explained`} />
          </div>
          <SpendTable table={table} pathname="/reconciliation" sp={sp} exportHref={`/api/v1/reconciliation?format=csv&from=${r.from}&to=${r.to}`} />
          <p className="mt-4 text-sm text-gray-500">
            Map OpenAI projects to teams on the <Link href="/usage" className="text-blue-700 hover:underline">Usage</Link> page. A variance alert rule
            (metric &ldquo;reconciliation&rdquo;) mails when a day&apos;s variance passes a threshold.
          </p>
        </>
      ) : null}
    </>
  );
}
