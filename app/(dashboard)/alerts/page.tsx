import type { Metadata } from "next";
import { Badge, Card, ProgressBar } from "@/components/tremor";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require";
import { canManageAlertsFor } from "@/lib/auth/permissions";
import { dec } from "@/lib/money/decimal";
import { listBudgetViews, type BudgetView } from "@/lib/alerts/service";
import { findOrgBrief } from "@/lib/alerts/queries";
import { PERIOD_LABELS, budgetAmount, scopeText } from "./_components/format";
import { quotaFilterLabel } from "@/lib/alerts/image-quota";
import { DeleteBudgetButton } from "./_components/delete-budget-button";

export const metadata: Metadata = { title: "Budgets" };

function tone(b: BudgetView): { color: "emerald" | "amber" | "red"; label: string } {
  const pct = dec(b.current.percent);
  if (pct.gte(100)) return { color: "red", label: "over budget" };
  if (pct.gte(80) || dec(b.current.forecast).gt(dec(b.amount))) return { color: "amber", label: dec(b.current.forecast).gt(dec(b.amount)) ? "forecast over" : "nearly spent" };
  return { color: "emerald", label: "on track" };
}

export default async function BudgetsPage() {
  const user = await requireUser();
  const [budgets, org] = await Promise.all([listBudgetViews(user), findOrgBrief(user.orgId)]);
  const canCreate = user.role === "admin" || (user.role === "member" && user.teamIds.length > 0);
  return (
    <section aria-labelledby="budgets-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="budgets-heading" className="text-lg font-semibold text-gray-900">Budgets</h2>
          <p className="text-sm text-gray-500">Current period in {org?.timeZone ?? "UTC"}. Hard budgets are enforced by <code>POST /api/v1/budget-check</code>.</p>
        </div>
        {canCreate ? (
          <Link href="/alerts/budgets/new" className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700">New budget</Link>
        ) : null}
      </div>
      {budgets.length === 0 ? (
        <Card><p className="text-sm text-gray-500">No budgets yet.{canCreate ? " Create one to get alerts before the invoice does." : ""}</p></Card>
      ) : (
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
          {budgets.map((b) => {
            const t = tone(b);
            const manage = canManageAlertsFor(user, b.scope.team?.id ?? null);
            const pct = Math.min(100, Number(b.current.percent));
            return (
              <li key={b.id}>
                <Card className="flex h-full flex-col gap-3" data-testid="budget-card">
                  <div>
                    <h3 className="font-semibold text-gray-900">{b.name}</h3>
                    <p className="text-sm text-gray-500">{scopeText(b.scope)}</p>
                    <div className="mt-2 flex flex-wrap gap-1">
                      <Badge color={t.color}>{t.label}</Badge>
                      {b.hard ? <Badge color="rose">hard limit</Badge> : null}
                      {b.unit === "images" ? <Badge color="violet">image quota{quotaFilterLabel(b) ? ` · ${quotaFilterLabel(b)}` : ""}</Badge> : null}
                    </div>
                  </div>
                  <div>
                    <div className="flex items-baseline justify-between text-sm">
                      <span className="font-semibold text-gray-900">{budgetAmount(b, b.current.spent)} <span className="font-normal text-gray-500">of {budgetAmount(b, b.amount)}</span></span>
                      <span className="text-gray-600">{b.current.percent}%</span>
                    </div>
                    <ProgressBar value={pct} color={t.color} className="mt-2" aria-label={`${b.name}: ${b.current.percent}% of the budget spent`} />
                  </div>
                  <dl className="grid grid-cols-3 gap-2 text-xs">
                    <div><dt className="text-gray-500">Period</dt><dd className="font-medium text-gray-800">{PERIOD_LABELS[b.period]} · {b.current.periodKey}</dd></div>
                    <div><dt className="text-gray-500">Remaining</dt><dd className="font-medium text-gray-800">{budgetAmount(b, b.current.remaining)}</dd></div>
                    <div><dt className="text-gray-500">Forecast</dt><dd className={`font-medium ${dec(b.current.forecast).gt(dec(b.amount)) ? "text-red-700" : "text-gray-800"}`}>{budgetAmount(b, b.current.forecast)}</dd></div>
                  </dl>
                  <div className="mt-auto flex flex-wrap items-center gap-3 border-t border-gray-100 pt-3 text-sm">
                    <Link href={`/alerts/rules?budget=${b.id}`} className="text-blue-700 hover:underline">{b.rules} rule{b.rules === 1 ? "" : "s"}</Link>
                    {manage ? (
                      <>
                        <Link href={`/alerts/rules/new?budget=${b.id}`} className="text-blue-700 hover:underline">Add rule</Link>
                        <Link href={`/alerts/budgets/${b.id}`} className="text-blue-700 hover:underline">Edit</Link>
                        <DeleteBudgetButton id={b.id} name={b.name} />
                      </>
                    ) : null}
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
