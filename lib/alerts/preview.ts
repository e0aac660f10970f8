/**
 * "Send test": what a rule would say right now. Thresholds already crossed are shown as evaluateRule reports
 * them (ignoring claims and mutes); otherwise one preview line states the current value against the lowest
 * threshold. Pure; a preview is never claimed.
 */
import { Decimal, dec, formatUsd, toAmountString, toStorage } from "@/lib/money/decimal";
import { evaluateRule } from "./evaluate";
import type { AlertFiring, EvaluateInput, RuleWithValues } from "./types";

type PreviewInput = RuleWithValues & Pick<EvaluateInput, "period" | "now">;

const amount = (d: Decimal) => toAmountString(toStorage(d)) as string;

export function previewFirings(input: PreviewInput): AlertFiring[] {
  const crossed = evaluateRule({ ...input, rule: { ...input.rule, enabled: true }, firedClaimKeys: [], mutedUntil: null } as EvaluateInput);
  if (crossed.length) return crossed;
  const { rule, values, period } = input;
  const base = { ruleId: rule.id, metric: rule.metric, periodKind: period.kind, periodKey: period.key, thresholdKey: "preview", claimKey: "preview" };
  if (rule.metric === "spend" && values.metric === "spend") {
    const lowest = [...rule.thresholds].sort((a, b) => dec(a).cmp(dec(b)))[0];
    const spent = dec(values.spentSoFar);
    if (rule.unit === "usd") {
      return [{ ...base, value: amount(spent), threshold: dec(lowest).toFixed(), thresholdUnit: "usd", thresholdAmountUsd: amount(dec(lowest)), message: `Spend is ${formatUsd(spent)} in ${period.kind} ${period.key}, below the ${formatUsd(lowest)} threshold.` }];
    }
    const budget = dec(rule.budget.amountUsd);
    const limit = budget.times(dec(lowest)).div(100);
    return [{
      ...base,
      value: amount(spent),
      threshold: dec(lowest).toFixed(),
      thresholdUnit: "percent_of_budget",
      thresholdAmountUsd: amount(limit),
      budgetAmount: amount(budget),
      budgetVersion: rule.budget.version,
      message: `Spend is ${formatUsd(spent)} in ${period.kind} ${period.key}: ${spent.times(100).div(budget).toDecimalPlaces(1).toFixed()}% of the ${formatUsd(budget)} budget, below ${dec(lowest).toFixed()}%.`,
    }];
  }
  if (rule.metric === "forecast" && values.metric === "forecast") {
    const pct = rule.percentOfBudget ?? "100";
    const budget = dec(rule.budget.amountUsd);
    return [{
      ...base,
      value: amount(dec(values.projected)),
      threshold: dec(pct).toFixed(),
      thresholdUnit: "percent_of_budget",
      thresholdAmountUsd: amount(budget.times(dec(pct)).div(100)),
      budgetAmount: amount(budget),
      budgetVersion: rule.budget.version,
      forecast: amount(dec(values.projected)),
      message: `Projected spend ${formatUsd(values.projected)} for ${period.kind} ${period.key} stays below ${dec(pct).toFixed()}% of the ${formatUsd(budget)} budget.`,
    }];
  }
  if (rule.metric === "spike" && values.metric === "spike") {
    const hourly = dec(values.windowSpend).div(rule.windowHours);
    const baseline = dec(values.lookbackSpend).div(rule.lookbackHours);
    return [{ ...base, value: amount(hourly), threshold: dec(rule.multiplier).toFixed(), thresholdUnit: "multiplier", thresholdAmountUsd: amount(baseline.times(dec(rule.multiplier))), message: `Spend is ${formatUsd(hourly)}/h over the last ${rule.windowHours}h against ${formatUsd(baseline)}/h before: no spike.` }];
  }
  if (rule.metric === "retries" && values.metric === "retries") {
    const measure = rule.measure === "retries_per_accepted_output"
      ? dec(values.retries).div(Math.max(values.acceptedOutputs, 1))
      : values.attempts === 0 ? dec(0) : dec(values.failedOrRejected).times(100).div(values.attempts);
    return [{ ...base, value: measure.toDecimalPlaces(6).toFixed(), threshold: dec(rule.threshold).toFixed(), thresholdUnit: rule.measure === "retries_per_accepted_output" ? "ratio" : "percent", message: `${values.attempts} attempts in the last ${rule.windowHours}h (${values.retries} retries, ${values.failedOrRejected} failed or rejected): below the threshold.` }];
  }
  if (rule.metric === "unpriced" && values.metric === "unpriced") {
    return [{ ...base, value: String(values.unpricedCount), threshold: String(rule.threshold ?? 0), thresholdUnit: "count", message: `${values.unpricedCount} unpriced events in the last ${rule.windowHours}h: not above the threshold.` }];
  }
  if (rule.metric === "reconciliation" && values.metric === "reconciliation") {
    // The last billed day in the lookback (its periodKey is that day, as a real firing's is).
    const last = [...values.days].sort((a, b) => (a.date < b.date ? -1 : 1)).at(-1);
    const threshold = dec(rule.thresholdPercent).toFixed();
    if (!last) return [{ ...base, value: "0", threshold, thresholdUnit: "percent", message: `No billed costs imported in the last ${rule.lookbackDays} billed days: nothing to reconcile yet.` }];
    const billed = dec(last.billed);
    const variance = billed.minus(dec(last.tracked));
    const pct = billed.isZero() ? dec(0) : variance.abs().times(100).div(billed);
    return [{ ...base, periodKey: last.date, value: pct.toDecimalPlaces(6).toFixed(), threshold, thresholdUnit: "percent", message: `On ${last.date} OpenAI billed ${formatUsd(billed)} and Spendscope tracked ${formatUsd(last.tracked)}: ${pct.toDecimalPlaces(1).toFixed(1)}% apart, not above ${threshold}%.` }];
  }
  throw new TypeError(`Rule ${rule.id} is a ${rule.metric} rule but got ${values.metric} values`);
}
