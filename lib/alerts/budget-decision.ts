/**
 * The budget-check answer, pure: given the hard budgets that apply (with spend already ingested this period)
 * and the estimated cost of the next request, may it go ahead?
 *
 * A request is allowed when, for every applicable budget, spent + estimate <= amount: landing exactly on the
 * limit is allowed, one unit above is not. `remaining` is what is left before this request (never below 0),
 * the smallest over the budgets; null when no hard budget applies (then the answer is always allow).
 */
import { dec, toAmountString } from "@/lib/money/decimal";

export interface ApplicableBudget {
  id: string;
  name: string;
  period: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  amount: string;
  spent: string;
  scope: { team: string | null; feature: string | null; model: string | null; workflow: string | null };
}

export interface BudgetCheckStatus {
  id: string;
  name: string;
  period: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  scope: ApplicableBudget["scope"];
  limit: string;
  spent: string;
  remaining: string;
  /** spent + estimatedCost. */
  projected: string;
  /** True when this request would take spend above the limit. */
  wouldExceed: boolean;
  /** How far above the limit the request would land (0 when it fits). */
  exceededBy: string;
}

export interface BudgetCheckAnswer {
  allow: boolean;
  remaining: string | null;
  estimatedCost: string;
  budgets: BudgetCheckStatus[];
  /** Ids of the budgets this request would exceed. */
  exceeded: string[];
}

const money = (v: ReturnType<typeof dec>) => toAmountString(v) as string;

export function decideBudgetCheck(budgets: readonly ApplicableBudget[], estimatedCost: string): BudgetCheckAnswer {
  const estimate = dec(estimatedCost);
  const statuses = budgets.map((b): BudgetCheckStatus => {
    const limit = dec(b.amount);
    const spent = dec(b.spent);
    const left = limit.minus(spent);
    const projected = spent.plus(estimate);
    const over = projected.minus(limit);
    return {
      id: b.id,
      name: b.name,
      period: b.period,
      periodKey: b.periodKey,
      periodStart: b.periodStart,
      periodEnd: b.periodEnd,
      scope: b.scope,
      limit: money(limit),
      spent: money(spent),
      remaining: money(left.isNegative() ? dec(0) : left),
      projected: money(projected),
      wouldExceed: over.gt(0),
      exceededBy: money(over.gt(0) ? over : dec(0)),
    };
  });
  const exceeded = statuses.filter((s) => s.wouldExceed).map((s) => s.id);
  const remaining = statuses.length ? statuses.map((s) => dec(s.remaining)).reduce((a, b) => (b.lt(a) ? b : a)) : null;
  return { allow: exceeded.length === 0, remaining: remaining ? money(remaining) : null, estimatedCost: money(estimate), budgets: statuses, exceeded };
}

/**
 * A budget's spent share for people (the Alerts page and the Overview's budget burn, dollars and image quotas
 * alike): spent / amount × 100, one decimal, half-even; null when the amount is 0.
 */
export function budgetSpentPercent(spent: string, amount: string): string | null {
  const a = dec(amount);
  return a.isZero() ? null : dec(spent).times(100).div(a).toDecimalPlaces(1).toFixed(1);
}
