import type { Metadata } from "next";
import { Badge, Card } from "../_components/tremor";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require";
import { listFiringViews, type FiringView } from "@/lib/alerts/service";
import { findOrgBrief } from "@/lib/alerts/queries";
import { METRIC_LABELS, formatInstant, formatUsd } from "../_components/format";

export const metadata: Metadata = { title: "Alert history" };

const PAGE_SIZE = 50;

interface Details {
  message?: string;
  thresholdUnit?: string;
  thresholdAmountUsd?: string | null;
  scope?: { team?: { name: string } | null; feature?: string | null; model?: string | null; workflow?: string | null };
  top?: { unit: "usd" | "count"; label: string; features: { name: string; value: string }[]; models: { name: string; value: string }[] };
  spentSoFar?: string | null;
  link?: string;
  budget?: { name: string } | null;
}

function thresholdText(f: FiringView, d: Details): string {
  switch (d.thresholdUnit) {
    case "usd": return formatUsd(f.threshold);
    case "percent_of_budget": return `${f.threshold}% of budget`;
    case "multiplier": return `${f.threshold}× average`;
    case "percent": return `${f.threshold}%`;
    case "ratio": return `${f.threshold} per output`;
    case "count": return `> ${f.threshold}`;
    default: return f.threshold;
  }
}

function valueText(f: FiringView, d: Details): string {
  switch (d.thresholdUnit) {
    case "usd":
    case "percent_of_budget": return formatUsd(f.value);
    case "multiplier": return `${formatUsd(f.value)}/h`;
    case "percent": return `${Number(f.value).toFixed(1)}%`;
    case "ratio": return Number(f.value).toFixed(2);
    case "count": return String(Number(f.value));
    default: return f.value;
  }
}

export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const ruleId = typeof sp.rule === "string" && /^[0-9a-f-]{36}$/i.test(sp.rule) ? sp.rule : undefined;
  const page = Math.max(1, Math.min(10_000, Number(typeof sp.page === "string" ? sp.page : 1) || 1));
  const [{ items, total }, org] = await Promise.all([listFiringViews(user, { ruleId, page, pageSize: PAGE_SIZE }), findOrgBrief(user.orgId)]);
  const tz = org?.timeZone ?? "UTC";
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const qs = (p: number) => `/alerts/history?${new URLSearchParams({ ...(ruleId ? { rule: ruleId } : {}), page: String(p) })}`;
  return (
    <section aria-labelledby="history-heading">
      <div className="mb-4">
        <h2 id="history-heading" className="text-lg font-semibold text-gray-900">Firing history</h2>
        <p className="text-sm text-gray-500">
          {ruleId && items[0] ? <>Rule &ldquo;{items[0].rule.name}&rdquo; · <Link href="/alerts/history" className="text-blue-700 hover:underline">all rules</Link> · </> : null}
          Values as they were when the rule fired; times in {tz}. {total} firing{total === 1 ? "" : "s"}.
        </p>
      </div>
      {items.length === 0 ? (
        <Card><p className="text-sm text-gray-500">Nothing has fired yet.</p></Card>
      ) : (
        <Card className="p-0">
          <div className="overflow-x-auto">
            <table className="w-full min-w-[720px] text-left text-sm">
              <caption className="sr-only">Alert firings, newest first</caption>
              <thead className="border-b border-gray-200 text-xs uppercase tracking-wide text-gray-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Fired</th>
                  <th scope="col" className="px-4 py-2 font-medium">Rule</th>
                  <th scope="col" className="px-4 py-2 font-medium">Period</th>
                  <th scope="col" className="px-4 py-2 font-medium">Threshold</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">Value</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">Budget</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">Forecast</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {items.map((f) => {
                  const d = f.details as Details;
                  return (
                    <tr key={f.id} className="align-top" data-testid="firing-row">
                      <td className="whitespace-nowrap px-4 py-3 text-gray-700">{formatInstant(f.firedAt, tz)}</td>
                      <td className="px-4 py-3">
                        <Link href={`/alerts/history?rule=${f.rule.id}`} className="font-medium text-gray-900 hover:underline">{f.rule.name}</Link>
                        <Badge color="blue" className="ml-2">{METRIC_LABELS[f.rule.metric] ?? f.rule.metric}</Badge>
                        <details className="mt-1 text-xs text-gray-600">
                          <summary className="cursor-pointer text-blue-700">Details</summary>
                          <div className="mt-2 space-y-1">
                            {d.message ? <p>{d.message}</p> : null}
                            {d.top?.features.length ? <p>Top features: {d.top.features.map((t) => `${t.name} (${d.top?.unit === "usd" ? formatUsd(t.value) : t.value})`).join(", ")}</p> : null}
                            {d.top?.models.length ? <p>Top models: {d.top.models.map((t) => `${t.name} (${d.top?.unit === "usd" ? formatUsd(t.value) : t.value})`).join(", ")}</p> : null}
                            {d.link ? <p><a href={d.link} className="text-blue-700 hover:underline">View the spend</a></p> : null}
                          </div>
                        </details>
                      </td>
                      <td className="whitespace-nowrap px-4 py-3 text-gray-700">{f.periodKey}</td>
                      <td className="whitespace-nowrap px-4 py-3 text-gray-700">{thresholdText(f, d)}</td>
                      <td className="whitespace-nowrap px-4 py-3 text-right font-medium text-gray-900">{valueText(f, d)}</td>
                      <td className="whitespace-nowrap px-4 py-3 text-right text-gray-700">{f.budgetAmount ? formatUsd(f.budgetAmount) : "—"}</td>
                      <td className="whitespace-nowrap px-4 py-3 text-right text-gray-700">{f.forecast ? formatUsd(f.forecast) : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm">
          {page > 1 ? <Link href={qs(page - 1)} className="text-blue-700 hover:underline">Newer</Link> : null}
          <span className="text-gray-500">Page {page} of {pages}</span>
          {page < pages ? <Link href={qs(page + 1)} className="text-blue-700 hover:underline">Older</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
