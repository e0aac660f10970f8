/**
 * Metric values for a rule, computed from the hourly rollup for the rule's scope, window and period; plus the
 * context an alert message shows (spend so far, forecast, top features and models), computed only when needed.
 *
 * Windows for spike / retries / unpriced are the last N rollup hours including the current, partial one, so
 * a burst is seen as soon as it is ingested. Spend and forecast cover the calendar period in the org's zone.
 */
import { addDays, toEpochDay, type CalendarDate } from "@/lib/time/calendar";
import { toZonedDate, zonedDayStart } from "@/lib/time/tz";
import { forecastForPeriod } from "./forecast";
import type { Period } from "./periods";
import type { AlertScope } from "./rule-config";
import type { AlertRule, MetricValues } from "./types";
import type { Forecast } from "@/lib/spend/forecast";
import type { AlertExplanation } from "./explain";
import { dailyImages, sumImages, type ImageFilter } from "./explain-queries";
import { hoursBefore, lastHours } from "./windows";
import { reconciliationDays } from "@/lib/reconcile/alert-values";
import { attemptCounts, dailySpend, firstUsageHour, spikeSums, sumSpend, topContributors, type Client, type TopMeasure } from "./queries";

const FORECAST_WINDOW_DAYS = 7;

export interface MetricRequest {
  orgId: string;
  rule: AlertRule;
  scope: AlertScope;
  period: Period;
  now: Date;
  tz: string;
  /** Set for an image quota: the rule counts images (of this size/quality) instead of spend. */
  images?: ImageFilter | null;
}

export interface ComputedMetric {
  values: MetricValues;
  /** The instants the value covers (the period, or the last N hours). */
  window: { from: Date; to: Date };
  /** What "top features and models" rank by for this metric. */
  topMeasure: TopMeasure;
}

/**
 * What computeMetric's answer depends on: two rules with the same key get the same metric (e.g. many rules on one
 * budget), so one evaluation pass computes it once.
 */
export function metricKey(req: MetricRequest): string {
  const r = req.rule as { metric: string; windowHours?: number; lookbackHours?: number };
  const s = req.scope;
  return JSON.stringify([
    req.orgId, r.metric, s.teamId, s.feature, s.model, s.workflow, req.tz, req.period.start.getTime(),
    req.period.endExclusive.getTime(), req.now.getTime(), r.windowHours ?? null, r.lookbackHours ?? null,
  ]);
}

export async function computeMetric(client: Client, req: MetricRequest): Promise<ComputedMetric> {
  const { orgId, rule, scope, period, now } = req;
  const periodWindow = { from: period.start, to: period.endExclusive };
  switch (rule.metric) {
    case "spend": {
      const spentSoFar = await periodTotal(client, req);
      return { values: { metric: "spend", spentSoFar }, window: periodWindow, topMeasure: "cost" };
    }
    case "forecast": {
      const spentSoFar = await periodTotal(client, req);
      const { values } = await periodForecast(client, req, spentSoFar);
      return { values, window: periodWindow, topMeasure: "cost" };
    }
    case "spike": {
      const window = lastHours(now, rule.windowHours);
      const lookback = hoursBefore(window.from, rule.lookbackHours);
      const sums = await spikeSums(client, orgId, scope, lookback.from, window.from, window.to);
      return { values: { metric: "spike", ...sums }, window, topMeasure: "cost" };
    }
    case "retries": {
      const window = lastHours(now, rule.windowHours);
      const c = await attemptCounts(client, orgId, scope, window.from, window.to);
      return {
        values: { metric: "retries", attempts: c.attempts, acceptedOutputs: c.acceptedOutputs, retries: c.retries, failedOrRejected: c.failedOrRejected },
        window,
        topMeasure: "retries",
      };
    }
    case "unpriced": {
      const window = lastHours(now, rule.windowHours);
      const c = await attemptCounts(client, orgId, scope, window.from, window.to);
      return { values: { metric: "unpriced", unpricedCount: c.unpricedCount }, window, topMeasure: "unpriced" };
    }
    case "reconciliation": {
      const r = await reconciliationDays({ orgId, visibleTeamIds: scope.teamId ? [scope.teamId] : null }, rule.lookbackDays);
      return { values: { metric: "reconciliation", days: r.days }, window: r.window, topMeasure: "cost" };
    }
  }
}

/**
 * Forecast for the rule's period: the last 7 complete local days as the run-rate when the organization has
 * data for all of them (days since its first usage count as zero when empty), else the period-to-date mean.
 */
export async function periodForecast(client: Client, req: Pick<MetricRequest, "orgId" | "scope" | "period" | "now" | "tz" | "images">, spentSoFar: string) {
  const today = toZonedDate(req.now, req.tz);
  const windowFrom = addDays(today, -FORECAST_WINDOW_DAYS);
  const [rows, first] = await Promise.all([
    req.images
      ? dailyImages(client, req.orgId, req.scope, req.images, zonedDayStart(windowFrom, req.tz), zonedDayStart(today, req.tz), req.tz)
      : dailySpend(client, req.orgId, req.scope, zonedDayStart(windowFrom, req.tz), zonedDayStart(today, req.tz), req.tz),
    firstUsageHour(client, req.orgId),
  ]);
  const byDate = new Map(rows.map((r) => [r.date, r.cost]));
  const firstDay = first ? toEpochDay(toZonedDate(first, req.tz)) : Number.POSITIVE_INFINITY;
  const days: { date: CalendarDate; cost: string }[] = [];
  for (let i = FORECAST_WINDOW_DAYS; i >= 1; i--) {
    const d = addDays(today, -i);
    if (toEpochDay(d) >= firstDay) days.push({ date: d, cost: byDate.get(d) ?? "0" });
  }
  return forecastForPeriod({ period: req.period, spentSoFar, dailySpend: days, now: req.now, windowDays: FORECAST_WINDOW_DAYS });
}

/** Spend (or, for an image quota, images) of the rule's scope in its current period. */
function periodTotal(client: Client, req: MetricRequest): Promise<string> {
  const { orgId, scope, period } = req;
  return req.images ? sumImages(client, orgId, scope, req.images, period.start, period.endExclusive) : sumSpend(client, orgId, scope, period.start, period.endExclusive);
}

export interface MessageContext {
  spentSoFar: string | null;
  forecast: Forecast | null;
  top: { unit: "usd" | "count"; label: string; features: { name: string; value: string }[]; models: { name: string; value: string }[] };
  /** Only for a firing (explain-service.ts). */
  explanation?: AlertExplanation | null;
}

const TOP_LABELS: Record<TopMeasure, string> = { cost: "spend", retries: "retries and failed attempts", unpriced: "unpriced events" };

/**
 * What a message shows besides the firing: period spend and forecast for spend-like rules (and any rule with a
 * budget), and the top contributors in the metric's window.
 */
export async function messageContext(client: Client, req: MetricRequest, computed: ComputedMetric, hasBudget: boolean): Promise<MessageContext> {
  const spendLike = req.rule.metric === "spend" || req.rule.metric === "forecast" || hasBudget;
  let spentSoFar: string | null = null;
  let forecast: Forecast | null = null;
  if (spendLike) {
    spentSoFar =
      computed.values.metric === "spend"
        ? computed.values.spentSoFar
        : computed.values.metric === "forecast" && computed.values.spentSoFar !== undefined
          ? computed.values.spentSoFar
          : await periodTotal(client, req);
    forecast = (await periodForecast(client, req, spentSoFar)).forecast;
  }
  const top = await topContributors(client, req.orgId, req.scope, computed.window.from, computed.window.to, computed.topMeasure);
  return { spentSoFar, forecast, top: { unit: computed.topMeasure === "cost" ? "usd" : "count", label: TOP_LABELS[computed.topMeasure], ...top } };
}
