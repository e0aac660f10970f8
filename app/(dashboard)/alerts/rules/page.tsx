import type { Metadata } from "next";
import { Badge, Card } from "@/components/tremor";
import Link from "next/link";
import { requireUser } from "@/lib/auth/require";
import { listRuleViews } from "@/lib/alerts/service";
import { findOrgBrief } from "@/lib/alerts/queries";
import { METRIC_LABELS, formatInstant, scopeText } from "../_components/format";
import { RuleActions } from "../_components/rule-actions";

export const metadata: Metadata = { title: "Alert rules" };

export default async function RulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const budgetFilter = typeof sp.budget === "string" ? sp.budget : null;
  const [all, org] = await Promise.all([listRuleViews(user), findOrgBrief(user.orgId)]);
  const tz = org?.timeZone ?? "UTC";
  const rules = budgetFilter ? all.filter((r) => r.budget?.id === budgetFilter) : all;
  const now = Date.now();
  const canCreate = user.role === "admin" || (user.role === "member" && user.teamIds.length > 0);
  return (
    <section aria-labelledby="rules-heading">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="rules-heading" className="text-lg font-semibold text-gray-900">Alert rules</h2>
          <p className="text-sm text-gray-500">
            {budgetFilter && rules[0]?.budget ? <>Rules on the budget &ldquo;{rules[0].budget.name}&rdquo; · <Link href="/alerts/rules" className="text-blue-700 hover:underline">all rules</Link></> : "Evaluated every minute and right after usage arrives. Times in " + tz + "."}
          </p>
        </div>
        {canCreate ? (
          <Link href={budgetFilter ? `/alerts/rules/new?budget=${budgetFilter}` : "/alerts/rules/new"} className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700">New rule</Link>
        ) : null}
      </div>
      {rules.length === 0 ? (
        <Card><p className="text-sm text-gray-500">No alert rules{budgetFilter ? " on this budget" : ""} yet.</p></Card>
      ) : (
        <Card className="p-0">
          <ul className="divide-y divide-gray-100">
            {rules.map((r) => {
              const muted = r.mutedUntil !== null && new Date(r.mutedUntil).getTime() > now;
              return (
                <li key={r.id} className="flex flex-col gap-3 p-4 lg:flex-row lg:items-start lg:justify-between lg:gap-6" data-testid="rule-row">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <h3 className="font-semibold text-gray-900">{r.name}</h3>
                      <Badge color="blue">{METRIC_LABELS[r.metric] ?? r.metric}</Badge>
                      {!r.enabled ? <Badge color="gray">disabled</Badge> : null}
                      {muted ? <Badge color="amber">muted until {formatInstant(r.mutedUntil, tz)}</Badge> : null}
                    </div>
                    <p className="mt-1 text-sm text-gray-600">{r.description}</p>
                    <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(0,1fr)_minmax(0,1.5fr)_minmax(0,1fr)]">
                      <div className="min-w-0">
                        <dt className="text-xs font-medium uppercase tracking-wide text-gray-500">Scope</dt>
                        <dd className="text-gray-700">{scopeText(r.scope)}</dd>
                      </div>
                      <div className="min-w-0">
                        <dt className="text-xs font-medium uppercase tracking-wide text-gray-500">Recipients</dt>
                        {r.recipients.map((x) => (
                          <dd key={x} className="truncate text-gray-700" title={x}>{x}</dd>
                        ))}
                        {r.webhookUrl ? <dd className="truncate text-gray-500" title={r.webhookUrl}>webhook {r.webhookUrl}</dd> : null}
                        {r.webhookUrl ? <dd className="text-xs text-gray-500">{r.webhookFormat === "slack" ? "Slack payload" : "JSON payload"} · {r.webhookSigned ? "signed" : "unsigned: rotate the secret to sign"}</dd> : null}
                      </div>
                      <div className="min-w-0">
                        <dt className="text-xs font-medium uppercase tracking-wide text-gray-500">Last fired</dt>
                        <dd>
                          {r.lastFiredAt ? (
                            <Link href={`/alerts/history?rule=${r.id}`} className="text-blue-700 hover:underline">{formatInstant(r.lastFiredAt, tz)} · {r.firings} firing{r.firings === 1 ? "" : "s"}</Link>
                          ) : (
                            <span className="text-gray-500">never</span>
                          )}
                        </dd>
                      </div>
                    </dl>
                  </div>
                  {r.canManage ? <div className="lg:w-80 lg:flex-none"><RuleActions id={r.id} name={r.name} muted={muted} hasWebhook={r.webhookUrl !== null} /></div> : null}
                </li>
              );
            })}
          </ul>
        </Card>
      )}
    </section>
  );
}
