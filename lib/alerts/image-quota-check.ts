/**
 * The image-quota half of POST /api/v1/budget-check: the hard image quotas a request falls in, the images each has
 * used this period, and whether `images` more still fit (decideImageQuotas).
 */
import { db } from "@/lib/db/client";
import { hardImageQuotasWithUse } from "./explain-queries";
import { decideImageQuotas, type ImageQuotaAnswer } from "./image-quota";
import type { Period, PeriodKind } from "./periods";

export async function checkImageQuotas(
  orgId: string,
  req: { teamId: string | null; teamSlug: string | null; feature: string | null; model: string | null; workflow: string | null; size: string | null; quality: string | null },
  periods: Record<PeriodKind, Period>,
  images: number,
): Promise<ImageQuotaAnswer> {
  const bounds = Object.fromEntries(Object.entries(periods).map(([k, p]) => [k, { from: p.start, to: p.endExclusive }])) as Record<PeriodKind, { from: Date; to: Date }>;
  const rows = await hardImageQuotasWithUse(db(), orgId, req, bounds);
  return decideImageQuotas(
    rows.map((r) => {
      const period = periods[r.period];
      return {
        id: r.id,
        name: r.name,
        period: r.period,
        periodKey: period.key,
        periodStart: period.start.toISOString(),
        periodEnd: period.endExclusive.toISOString(),
        amount: r.amount,
        used: r.used,
        scope: { team: r.team_id ? req.teamSlug : null, feature: r.feature, model: r.model, workflow: r.workflow, size: r.image_size, quality: r.image_quality },
      };
    }),
    images,
  );
}
