/**
 * Image quotas, pure: budgets counted in images (optionally only images of one size and/or quality) next to dollar
 * budgets, and the budget-check answer for them.
 *
 * Invariants:
 *  - An image quota's amount is a whole number of images; size and quality filters exist only on image quotas.
 *  - A request asking for `images` more is allowed by a quota when used + images <= limit (landing exactly on the
 *    quota is allowed, one image above is not); `remaining` = limit - used, never below 0, before this request.
 *  - Counts are exact decimal strings of integers (they can exceed 2^53 in principle, so never JS numbers).
 */
import { dec, type DecimalInput } from "@/lib/money/decimal";

export const BUDGET_UNITS = ["usd", "images"] as const;
export type BudgetUnit = (typeof BUDGET_UNITS)[number];

export interface QuotaFields {
  unit: BudgetUnit;
  amount: string;
  imageSize: string | null;
  imageQuality: string | null;
}

/** Problems with a budget's unit fields, as zod-style issues (empty when fine). */
export function imageQuotaProblems(b: QuotaFields): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (b.unit === "images") {
    if (!dec(b.amount).isInteger()) out.push({ path: "amount", message: "an image quota is a whole number of images" });
  } else {
    if (b.imageSize) out.push({ path: "imageSize", message: "only image quotas (unit images) filter by size" });
    if (b.imageQuality) out.push({ path: "imageQuality", message: "only image quotas (unit images) filter by quality" });
  }
  return out;
}

const nf = new Intl.NumberFormat("en-US");

/** "1,234 images"; a fractional count (a forecast) is rounded half-even to a whole image. */
export function formatImages(v: DecimalInput): string {
  const n = dec(v).toDecimalPlaces(0, 6 /* ROUND_HALF_EVEN */).toFixed(0);
  return `${nf.format(BigInt(n))} image${n === "1" ? "" : "s"}`;
}

/** "1024x1024, high" / "any size, high" / "" (no filter). */
export function quotaFilterLabel(q: { imageSize: string | null; imageQuality: string | null }): string {
  if (!q.imageSize && !q.imageQuality) return "";
  return `${q.imageSize ?? "any size"}, ${q.imageQuality ?? "any quality"}`;
}

export interface ApplicableQuota {
  id: string;
  name: string;
  period: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  /** Whole images, as a decimal string. */
  amount: string;
  used: string;
  scope: { team: string | null; feature: string | null; model: string | null; workflow: string | null; size: string | null; quality: string | null };
}

export interface ImageQuotaStatus extends Omit<ApplicableQuota, "amount" | "used"> {
  limit: string;
  used: string;
  remaining: string;
  /** used + images requested. */
  projected: string;
  wouldExceed: boolean;
  exceededBy: string;
}

export interface ImageQuotaAnswer {
  /** Images this request asks for. */
  requested: number;
  /** Smallest remaining over the quotas; null when none applies. */
  remaining: string | null;
  quotas: ImageQuotaStatus[];
  exceeded: string[];
}

export function decideImageQuotas(quotas: readonly ApplicableQuota[], images: number): ImageQuotaAnswer {
  if (!Number.isSafeInteger(images) || images < 0) throw new RangeError(`images must be a non-negative integer, got ${images}`);
  const statuses = quotas.map((q): ImageQuotaStatus => {
    const limit = dec(q.amount).toDecimalPlaces(0);
    const used = dec(q.used);
    const left = limit.minus(used);
    const projected = used.plus(images);
    const over = projected.minus(limit);
    const { amount: _a, used: _u, ...rest } = q;
    return {
      ...rest,
      limit: limit.toFixed(0),
      used: used.toFixed(0),
      remaining: (left.isNegative() ? dec(0) : left).toFixed(0),
      projected: projected.toFixed(0),
      wouldExceed: over.gt(0),
      exceededBy: (over.gt(0) ? over : dec(0)).toFixed(0),
    };
  });
  const remaining = statuses.length ? statuses.map((s) => dec(s.remaining)).reduce((a, b) => (b.lt(a) ? b : a)).toFixed(0) : null;
  return { requested: images, remaining, quotas: statuses, exceeded: statuses.filter((s) => s.wouldExceed).map((s) => s.id) };
}
