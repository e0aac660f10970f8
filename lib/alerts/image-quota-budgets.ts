/**
 * Image quotas in the budget service and rule evaluation: merging a PATCH's unit fields, what re-arms a quota,
 * which rules may measure one, the image filter a rule evaluates with, and a quota's use and forecast for the
 * budget views. The pure rules live in image-quota.ts.
 */
import { badRequest } from "@/lib/api/errors";
import { db } from "@/lib/db/client";
import { sumImages } from "./explain-queries";
import { imageQuotaProblems, type BudgetUnit } from "./image-quota";
import { periodForecast } from "./metrics";
import type { Period } from "./periods";
import type { AlertScope } from "./rule-config";
import type { AlertRule } from "./types";

interface StoredQuota {
  unit: BudgetUnit;
  amount: { toString(): string };
  imageSize: string | null;
  imageQuality: string | null;
}

/** The unit fields after a PATCH, validated on the merged budget (a 400 naming the field otherwise). */
export function mergeQuotaFields(
  patch: { unit?: BudgetUnit; amount?: string; imageSize?: string | null; imageQuality?: string | null },
  before: StoredQuota,
): { unit: BudgetUnit; imageSize: string | null; imageQuality: string | null } {
  const unit = patch.unit ?? before.unit;
  // Switching to dollars drops the image filters unless the patch sets them (then it is refused below).
  const keep = unit === "images";
  const next = {
    unit,
    imageSize: patch.imageSize !== undefined ? patch.imageSize : keep ? before.imageSize : null,
    imageQuality: patch.imageQuality !== undefined ? patch.imageQuality : keep ? before.imageQuality : null,
  };
  const problems = imageQuotaProblems({ ...next, amount: patch.amount ?? before.amount.toString() });
  if (problems.length) throw badRequest(`${problems[0].path}: ${problems[0].message}`, problems);
  return next;
}

/** A change of unit or image filter re-arms the budget's thresholds, like an amount change. */
export function quotaChanged(next: Omit<StoredQuota, "amount">, before: Omit<StoredQuota, "amount">): boolean {
  return next.unit !== before.unit || next.imageSize !== before.imageSize || next.imageQuality !== before.imageQuality;
}

export function quotaAudit(b: Omit<StoredQuota, "amount">) {
  return b.unit === "images" ? { unit: b.unit, imageSize: b.imageSize, imageQuality: b.imageQuality } : { unit: b.unit };
}

/** Only threshold-of-budget rules measure an image quota (a dollar threshold or a spike has no meaning in images). */
export function quotaRuleProblem(metric: string, config: unknown, budget: { unit: BudgetUnit } | null): string | null {
  if (budget?.unit !== "images") return null;
  const pct = metric === "forecast" || (metric === "spend" && (config as { unit?: string }).unit === "percent_of_budget");
  return pct ? null : "an image quota is measured by % of budget spend rules and forecast rules only";
}

/** The image filter a rule evaluates with: set for spend and forecast rules on an image quota, else null. */
export function quotaFilterOf(rule: AlertRule, budget: (Omit<StoredQuota, "amount"> & { unit: BudgetUnit }) | null) {
  if (budget?.unit !== "images" || (rule.metric !== "spend" && rule.metric !== "forecast")) return null;
  return { size: budget.imageSize, quality: budget.imageQuality };
}

/** Images used this period and the period-end forecast of an image quota (budget views). */
export async function quotaUse(orgId: string, b: StoredQuota, scope: AlertScope, period: Period, now: Date): Promise<{ used: string; forecast: string }> {
  const images = { size: b.imageSize, quality: b.imageQuality };
  const used = await sumImages(db(), orgId, scope, images, period.start, period.endExclusive);
  const fc = await periodForecast(db(), { orgId, scope, period, now, tz: period.timeZone, images }, used);
  return { used, forecast: fc.forecast.projected };
}
