/**
 * Pure alert evaluation: rule + current metric values + period + already-fired claims -> new firings.
 *
 * At-most-once design: every firing carries a deterministic `claimKey`
 *   alert|v1|<ruleId>|<periodKind>=<periodKey>|<thresholdKey>|budget=<amount>@v<version>
 * The caller inserts it under a unique constraint (INSERT ... ON CONFLICT DO NOTHING) and notifies only
 * when the insert won, so concurrent evaluators cannot double-send. Re-arming falls out of the key:
 *  - period rollover -> new periodKey;
 *  - budget change   -> budget amount and version are part of the key for budget-relative thresholds
 *    (percent-of-budget spend, forecast). The amount alone re-arms on "1000 -> 1500"; the version also
 *    re-arms "1000 -> 1500 -> 1000" within one period, which an amount-only key would miss;
 *  - threshold edit  -> the threshold value is part of thresholdKey.
 * Absolute-USD, spike, retries and unpriced thresholds do not depend on a budget, so their keys carry
 * "budget=none" and a budget edit does not re-arm them.
 * Several thresholds crossed at once (first evaluation at 105% of budget) all fire, ascending; a notifier
 * may collapse them into one message. A muted rule produces nothing; once the mute ends, thresholds
 * still crossed and never claimed fire then.
 */
import { Decimal, dec, formatUsd, toAmountString, toStorage } from "@/lib/money/decimal";
import { formatImages } from "./image-quota";
import type {
  AlertFiring,
  BudgetRef,
  EvaluateInput,
  ForecastRule,
  ForecastValues,
  PeriodRef,
  RetriesRule,
  RetriesValues,
  SpendRule,
  SpendValues,
  SpikeRule,
  SpikeValues,
  UnpricedRule,
  UnpricedValues,
  ReconciliationRule,
  ReconciliationValues,
} from "./types";
import type { PeriodKind } from "./periods";

const HUNDRED = dec(100);

export interface ClaimKeyParts {
  ruleId: string;
  periodKind: PeriodKind;
  periodKey: string;
  thresholdKey: string;
  budget?: BudgetRef;
}

/** Canonical decimal text, so "80", "80.0" and "80.00" give the same key. */
function canon(value: string): string {
  return dec(value).toFixed();
}

export function claimKey(p: ClaimKeyParts): string {
  const budget = p.budget ? `budget=${canon(p.budget.amountUsd)}@v${p.budget.version}` : "budget=none";
  return ["alert", "v1", encodeURIComponent(p.ruleId), `${p.periodKind}=${p.periodKey}`, p.thresholdKey, budget].join("|");
}

export function isMuted(mutedUntil: Date | null | undefined, now: Date): boolean {
  return mutedUntil != null && now.getTime() < mutedUntil.getTime();
}

function amount(d: Decimal): string {
  return toAmountString(toStorage(d)) as string;
}

function plain(d: Decimal, places = 2): string {
  return d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed();
}

function periodLabel(period: PeriodRef): string {
  return `${period.kind} ${period.key}`;
}

/** periodKey: a firing about another period than the current one (reconciliation: the billed day). */
type Draft = Omit<AlertFiring, "ruleId" | "metric" | "periodKind" | "periodKey" | "claimKey"> & { budget?: BudgetRef; periodKey?: string };

/** New firings for one rule: thresholds crossed now whose claim key is not in `firedClaimKeys`. */
export function evaluateRule(input: EvaluateInput): AlertFiring[] {
  const { rule, values, period, now } = input;
  if (rule.enabled === false || isMuted(input.mutedUntil, now)) return [];
  if (values.metric !== rule.metric) {
    throw new TypeError(`Rule ${rule.id} is a ${rule.metric} rule but got ${values.metric} values`);
  }
  if (period.kind !== rule.periodKind) {
    throw new RangeError(`Rule ${rule.id} runs per ${rule.periodKind} but got a ${period.kind} period`);
  }

  let drafts: Draft[];
  // values.metric === rule.metric was checked above; TS cannot narrow the pair through the nested tag.
  switch (rule.metric) {
    case "spend":
      drafts = evaluateSpend(rule, values as SpendValues, period);
      break;
    case "forecast":
      drafts = evaluateForecast(rule, values as ForecastValues, period);
      break;
    case "spike":
      drafts = evaluateSpike(rule, values as SpikeValues);
      break;
    case "retries":
      drafts = evaluateRetries(rule, values as RetriesValues);
      break;
    case "unpriced":
      drafts = evaluateUnpriced(rule, values as UnpricedValues);
      break;
    case "reconciliation":
      drafts = evaluateReconciliation(rule, values as ReconciliationValues);
      break;
  }

  const fired = new Set(input.firedClaimKeys);
  const out: AlertFiring[] = [];
  for (const { budget, periodKey = period.key, ...d } of drafts) {
    const key = claimKey({ ruleId: rule.id, periodKind: period.kind, periodKey, thresholdKey: d.thresholdKey, budget });
    if (fired.has(key)) continue;
    out.push({ ruleId: rule.id, metric: rule.metric, periodKind: period.kind, periodKey, claimKey: key, ...d });
  }
  return out;
}

function evaluateSpend(rule: SpendRule, values: SpendValues, period: PeriodRef): Draft[] {
  const spent = dec(values.spentSoFar);
  const thresholds = [...rule.thresholds].sort((a, b) => dec(a).cmp(dec(b)));
  const drafts: Draft[] = [];
  for (const t of thresholds) {
    if (rule.unit === "usd") {
      const limit = dec(t);
      if (spent.lt(limit)) continue;
      drafts.push({
        thresholdKey: `usd:${canon(t)}`,
        value: amount(spent),
        threshold: canon(t),
        thresholdUnit: "usd",
        thresholdAmountUsd: amount(limit),
        message: `Spend ${formatUsd(spent)} in ${periodLabel(period)} reached the ${formatUsd(limit)} threshold.`,
      });
    } else {
      const budget = dec(rule.budget.amountUsd);
      const limit = budget.times(dec(t)).div(HUNDRED);
      if (spent.lt(limit)) continue;
      const used = spent.times(HUNDRED).div(budget);
      const images = rule.budget.unit === "images";
      drafts.push({
        thresholdKey: `pct:${canon(t)}`,
        value: amount(spent),
        threshold: canon(t),
        thresholdUnit: "percent_of_budget",
        thresholdAmountUsd: amount(limit),
        budgetAmount: amount(budget),
        budgetVersion: rule.budget.version,
        budget: rule.budget,
        ...(images ? { quantityUnit: "images" as const } : {}),
        message: images
          ? `${formatImages(spent)} in ${periodLabel(period)} reached ${canon(t)}% of the ${formatImages(budget)} quota (${plain(used, 1)}% used).`
          : `Spend ${formatUsd(spent)} in ${periodLabel(period)} reached ${canon(t)}% of the ` +
            `${formatUsd(budget)} budget (${plain(used, 1)}% used).`,
      });
    }
  }
  return drafts;
}

function evaluateForecast(rule: ForecastRule, values: ForecastValues, period: PeriodRef): Draft[] {
  const pct = rule.percentOfBudget ?? "100";
  const budget = dec(rule.budget.amountUsd);
  const projected = dec(values.projected);
  const limit = budget.times(dec(pct)).div(HUNDRED);
  if (projected.lt(limit)) return [];
  const images = rule.budget.unit === "images";
  const q = images ? formatImages : formatUsd;
  return [
    {
      thresholdKey: `forecast:pct:${canon(pct)}`,
      value: amount(projected),
      threshold: canon(pct),
      thresholdUnit: "percent_of_budget",
      thresholdAmountUsd: amount(limit),
      budgetAmount: amount(budget),
      budgetVersion: rule.budget.version,
      forecast: amount(projected),
      budget: rule.budget,
      ...(images ? { quantityUnit: "images" as const } : {}),
      message:
        `Projected ${images ? "use" : "spend"} ${q(projected)} for ${periodLabel(period)} reaches ${canon(pct)}% of the ` +
        `${q(budget)} ${images ? "quota" : "budget"}` +
        (values.spentSoFar !== undefined ? ` (${q(values.spentSoFar)} ${images ? "used" : "spent"} so far).` : "."),
    },
  ];
}

function evaluateSpike(rule: SpikeRule, values: SpikeValues): Draft[] {
  const windowSpend = dec(values.windowSpend);
  const lookbackSpend = dec(values.lookbackSpend);
  const n = dec(rule.windowHours);
  const l = dec(rule.lookbackHours);
  const k = dec(rule.multiplier);
  if (windowSpend.lt(dec(rule.minWindowSpendUsd))) return []; // guard: too little money to matter
  // windowSpend/N > K × lookbackSpend/L, cross-multiplied so no division can round.
  if (!windowSpend.times(l).gt(k.times(lookbackSpend).times(n))) return [];
  const hourly = windowSpend.div(n);
  const baseline = lookbackSpend.div(l);
  const versus = baseline.isZero()
    ? `with no spend in the ${rule.lookbackHours}h before`
    : `${plain(hourly.div(baseline), 1)}× the ${formatUsd(baseline)}/h average of the previous ${rule.lookbackHours}h`;
  return [
    {
      thresholdKey: `spike:x${canon(rule.multiplier)}`,
      value: amount(hourly),
      threshold: canon(rule.multiplier),
      thresholdUnit: "multiplier",
      thresholdAmountUsd: amount(k.times(baseline)),
      message: `Spend spiked to ${formatUsd(hourly)}/h over the last ${rule.windowHours}h, ${versus} (threshold ${canon(rule.multiplier)}×).`,
    },
  ];
}

function assertCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

function evaluateRetries(rule: RetriesRule, values: RetriesValues): Draft[] {
  for (const k of ["attempts", "acceptedOutputs", "retries", "failedOrRejected"] as const) assertCount(k, values[k]);
  if (values.attempts < rule.minAttempts) return []; // guard: too few attempts to judge
  const threshold = dec(rule.threshold);
  let measure: Decimal;
  let text: string;
  if (rule.measure === "retries_per_accepted_output") {
    // Zero accepted outputs counts as one so the ratio stays finite; the volume guard keeps it meaningful.
    measure = dec(values.retries).div(Math.max(values.acceptedOutputs, 1));
    text = `${plain(measure, 2)} retries per accepted output (${values.retries} retries, ${values.acceptedOutputs} accepted)`;
  } else {
    measure = dec(values.failedOrRejected).times(HUNDRED).div(values.attempts);
    text = `${plain(measure, 1)}% of attempts failed or were rejected (${values.failedOrRejected} of ${values.attempts})`;
  }
  if (!measure.gt(threshold)) return [];
  return [
    {
      thresholdKey: `${rule.measure}:${canon(rule.threshold)}`,
      value: plain(measure, 6),
      threshold: canon(rule.threshold),
      thresholdUnit: rule.measure === "retries_per_accepted_output" ? "ratio" : "percent",
      message: `${text} in the last ${rule.windowHours}h, above ${canon(rule.threshold)}${rule.measure === "failed_share_percent" ? "%" : ""}.`,
    },
  ];
}

function evaluateUnpriced(rule: UnpricedRule, values: UnpricedValues): Draft[] {
  assertCount("unpricedCount", values.unpricedCount);
  const threshold = rule.threshold ?? 0;
  if (values.unpricedCount <= threshold) return [];
  return [
    {
      thresholdKey: `unpriced:gt:${threshold}`,
      value: String(values.unpricedCount),
      threshold: String(threshold),
      thresholdUnit: "count",
      message:
        `${values.unpricedCount} unpriced event${values.unpricedCount === 1 ? "" : "s"} in the last ${rule.windowHours}h ` +
        `(threshold > ${threshold}): their cost is missing from spend totals until a price is added.`,
    },
  ];
}

/** One firing per billed day whose |variance| % of billed is above the threshold (and at least the USD guard). */
function evaluateReconciliation(rule: ReconciliationRule, values: ReconciliationValues): Draft[] {
  const threshold = dec(rule.thresholdPercent);
  const drafts: Draft[] = [];
  for (const d of [...values.days].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const billed = dec(d.billed);
    if (billed.lte(0)) continue; // no bill that day: nothing to be a percent of
    const variance = billed.minus(dec(d.tracked));
    if (variance.abs().lt(dec(rule.minVarianceUsd))) continue;
    const pct = variance.abs().times(HUNDRED).div(billed);
    if (!pct.gt(threshold)) continue;
    drafts.push({
      periodKey: d.date,
      thresholdKey: `reconciliation:pct:${canon(rule.thresholdPercent)}`,
      value: plain(pct, 6),
      threshold: canon(rule.thresholdPercent),
      thresholdUnit: "percent",
      thresholdAmountUsd: amount(billed.times(threshold).div(HUNDRED)),
      message:
        `On ${d.date} OpenAI billed ${formatUsd(billed)} and Spendscope tracked ${formatUsd(d.tracked)}: ` +
        `${variance.isNegative() ? "tracked above billed" : "billed above tracked"} by ${formatUsd(variance.abs())} (${plain(pct, 1)}%, threshold ${canon(rule.thresholdPercent)}%).`,
    });
  }
  return drafts;
}
