import type { Metadata } from "next";
import { Badge, Card } from "@/components/tremor";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require";
import { listFiringViews, type FiringView } from "@/lib/alerts/service";
import { findOrgBrief } from "@/lib/alerts/queries";
import type { AlertExplanation } from "@/lib/alerts/explain";
import { Explanation } from "../_components/explanation";
import { METRIC_LABELS, budgetAmount, formatInstant, formatUsd } from "../_components/format";

export const metadata: Metadata = { title: "Alert history" };

const PAGE_SIZE = 50;

interface Details {
  message?: string;
  thresholdUnit?: string;
  thresholdAmountUsd?: string | null;
  /** "images" for an image quota: value, budget and forecast count images. */
  quantityUnit?: "images" | null;
  scope?: { team?: { name: string } | null; feature?: string | null; model?: string | null; workflow?: string | null };
  top?: { unit: "usd" | "count"; label: string; features: { name: string; value: string }[]; models: { name: string; value: string }[] };
  spentSoFar?: string | null;
  link?: string;
  budget?: { name: string } | null;
  explanation?: AlertExplanation | null;
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

function qty(d: Details, v: string): string {
  return budgetAmount({ unit: d.quantityUnit === "images" ? "images" : "usd" }, v);
}

function valueText(f: FiringView, d: Details): string {
  switch (d.thresholdUnit) {
    case "usd":
    case "percent_of_budget": return qty(d, f.value);
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
          <ul className="divide-y divide-gray-100" aria-label="Alert firings, newest first">
            {items.map((f) => {
              const d = f.details as Details;
              const cell = (label: string, value: string, strong = false) => (
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-gray-500">{label}</dt>
                  <dd className={strong ? "font-semibold text-gray-900" : "text-gray-700"}>{value}</dd>
                </div>
              );
              return (
                <li key={f.id} className="p-4" data-testid="firing-row">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <Link href={`/alerts/history?rule=${f.rule.id}`} className="font-semibold text-gray-900 hover:underline">{f.rule.name}</Link>
                      <Badge color="blue">{METRIC_LABELS[f.rule.metric] ?? f.rule.metric}</Badge>
                    </div>
                    <time dateTime={f.firedAt} className="text-sm text-gray-500">{formatInstant(f.firedAt, tz)}</time>
                  </div>
                  <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-5">
                    {cell("Period", f.periodKey)}
                    {cell("Threshold", thresholdText(f, d))}
                    {cell("Value", valueText(f, d), true)}
                    {cell(d.quantityUnit ? "Quota" : "Budget", f.budgetAmount ? qty(d, f.budgetAmount) : "—")}
                    {cell("Forecast", f.forecast ? qty(d, f.forecast) : "—")}
                  </dl>
                  {d.explanation ? <Explanation e={d.explanation} /> : null}
                  <details className="mt-2 text-sm text-gray-600">
                    <summary className="cursor-pointer text-blue-700">Details</summary>
                    <div className="mt-2 space-y-1">
                      {d.message ? <p>{d.message}</p> : null}
                      {!d.explanation && d.top?.features.length ? <p>Top features by {d.top.label}: {d.top.features.map((t) => `${t.name} (${d.top?.unit === "usd" ? formatUsd(t.value) : t.value})`).join(", ")}</p> : null}
                      {!d.explanation && d.top?.models.length ? <p>Top models by {d.top.label}: {d.top.models.map((t) => `${t.name} (${d.top?.unit === "usd" ? formatUsd(t.value) : t.value})`).join(", ")}</p> : null}
                      {d.link ? <p><a href={d.link} className="text-blue-700 hover:underline">View the spend</a></p> : null}
                    </div>
                  </details>
                </li>
              );
            })}
          </ul>
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
