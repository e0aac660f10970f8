/**
 * Builds the explanation of a firing (explain.ts) from storage. Called only when a rule fired, outside the claim
 * transaction, so evaluation passes that fire nothing never pay for it.
 */
import { loadReconciliation } from "@/lib/reconcile/service";
import { addDays } from "@/lib/time/calendar";
import { toZonedDate, zonedDayStart } from "@/lib/time/tz";
import { openDimensions, periodComparison, rankContributors, reconciliationNotes, windowComparison, type AlertExplanation, type ExplainMeasure } from "./explain";
import { contributorTotals } from "./explain-queries";
import { filteredViewUrl, type ScopeLabels } from "./mail-templates";
import type { ComputedMetric, MessageContext, MetricRequest } from "./metrics";
import { previousPeriod } from "./periods";

/** What a firing's contributors are ranked by: images for an image quota, else what the metric counts. */
export function explainMeasure(req: MetricRequest, computed: ComputedMetric): ExplainMeasure {
  return req.images ? "images" : computed.topMeasure;
}

export async function explainFiring(
  client: Parameters<typeof contributorTotals>[0],
  req: MetricRequest,
  computed: ComputedMetric,
  context: Pick<MessageContext, "forecast">,
  labels: ScopeLabels,
  appUrl: string,
  firings: readonly { periodKey: string }[] = [],
): Promise<AlertExplanation> {
  if (req.rule.metric === "reconciliation") return explainReconciliation(req, computed, firings, appUrl);
  const periodMetric = req.rule.metric === "spend" || req.rule.metric === "forecast";
  const windows = periodMetric ? periodComparison(req.period, previousPeriod(req.period), req.now) : windowComparison(computed.window);
  const measure = explainMeasure(req, computed);
  const dims = openDimensions(req.scope);
  const rows = await contributorTotals(client, req.orgId, req.scope, dims, measure, windows, req.images ?? null);
  const from = periodMetric ? req.period.startDate : toZonedDate(windows.current.from, req.tz);
  const to = periodMetric ? req.period.endDate : toZonedDate(new Date(windows.current.to.getTime() - 1), req.tz);
  const f = context.forecast;
  return {
    measure,
    window: { from: windows.current.from.toISOString(), to: windows.current.to.toISOString() },
    previousWindow: { from: windows.previous.from.toISOString(), to: windows.previous.to.toISOString() },
    groups: rankContributors(rows, dims, measure),
    forecast: f ? { projected: f.projected, runRatePerDay: f.runRatePerDay, method: f.method } : null,
    link: filteredViewUrl(appUrl, labels, from, to, req.images),
  };
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A reconciliation firing is about billed days, not a spend window: the days' variance per OpenAI project group
 * with its sources (lib/reconcile), and the reconciliation page filtered to those days. The days are the firings'
 * (a "Send test" that crossed nothing explains the last billed day).
 */
async function explainReconciliation(req: MetricRequest, computed: ComputedMetric, firings: readonly { periodKey: string }[], appUrl: string): Promise<AlertExplanation> {
  const billedDays = computed.values.metric === "reconciliation" ? computed.values.days.map((d) => d.date) : [];
  const fired = firings.map((f) => f.periodKey).filter((k) => DATE_RE.test(k) && billedDays.includes(k));
  const days = (fired.length ? fired : billedDays.slice().sort().slice(-1)).slice().sort();
  const base = `${appUrl.replace(/\/+$/, "")}/reconciliation`;
  if (days.length === 0) {
    const now = req.now.toISOString();
    return { measure: "cost", window: { from: now, to: now }, previousWindow: { from: now, to: now }, groups: [], forecast: null, link: base, notes: ["The team / feature / model table does not apply to billed costs, and no billed day is imported yet."], reconciliation: [] };
  }
  const from = days[0];
  const to = days[days.length - 1];
  const r = await loadReconciliation({ orgId: req.orgId, visibleTeamIds: req.scope.teamId ? [req.scope.teamId] : null }, { from, to });
  const rows = r.rows
    .filter((row) => days.includes(row.date))
    .map((row) => ({ date: row.date, projects: row.projects, team: row.teamName ?? row.team, billed: row.billed, tracked: row.tracked, variance: row.variance, variancePercent: row.variancePercent, unexplained: row.unexplained, sources: row.sources }));
  const w = windowComparison({ from: zonedDayStart(from, "UTC"), to: zonedDayStart(addDays(to, 1), "UTC") });
  return {
    measure: "cost",
    window: { from: w.current.from.toISOString(), to: w.current.to.toISOString() },
    previousWindow: { from: w.previous.from.toISOString(), to: w.previous.to.toISOString() },
    groups: [],
    forecast: null,
    link: `${base}?${new URLSearchParams({ from, to }).toString()}`,
    notes: reconciliationNotes(rows),
    reconciliation: rows,
  };
}
