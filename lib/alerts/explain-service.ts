/**
 * Builds the explanation of a firing (explain.ts) from storage. Called only when a rule fired, outside the claim
 * transaction, so evaluation passes that fire nothing never pay for it.
 */
import { toZonedDate } from "@/lib/time/tz";
import { openDimensions, periodComparison, rankContributors, windowComparison, type AlertExplanation, type ExplainMeasure } from "./explain";
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
): Promise<AlertExplanation> {
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
