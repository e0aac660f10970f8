/**
 * POST /api/v1/budget-check: which hard budgets apply to a request (team, feature, model, workflow), how much
 * of each is spent this period (ingested spend from the rollup), and whether the estimated cost still fits.
 * Built to be called before every expensive request: the organization's time zone is cached briefly, and the
 * budgets, their periods and their spend come from one statement (hardBudgetsWithSpend). The model is the name as
 * the caller will send it ("openai/gpt-image-1.5", a dated variant): it is folded to its canonical model, which
 * budgets and spend are kept under.
 */
import { z } from "zod";
import { badRequest, forbidden } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/permissions";
import { dec } from "@/lib/money/decimal";
import { WORKFLOWS } from "@/lib/ingest/event-schema";
import { loadModelNameResolver } from "@/lib/pricing/published";
import { periodFor, type PeriodKind } from "./periods";
import { decideBudgetCheck, type ApplicableBudget, type BudgetCheckAnswer } from "./budget-decision";
import { findOrgBrief, hardBudgetsWithSpend, type PeriodBounds } from "./queries";
import { checkImageQuotas } from "./image-quota-check";
import type { ImageQuotaAnswer } from "./image-quota";

const DECIMAL_RE = /^(0|[1-9]\d*)(\.\d+)?$/;
const label = z.string().trim().min(1).max(200);

export const BudgetCheckInput = z.strictObject({
  team: z.string().trim().toLowerCase().min(1).max(64).optional(),
  feature: label.optional(),
  model: label.optional(),
  workflow: z.enum(WORKFLOWS).optional(),
  estimatedCost: z
    .string({ error: 'a decimal string such as "0.042"' })
    .regex(DECIMAL_RE, 'a non-negative decimal string such as "0.042"')
    .refine((s) => !DECIMAL_RE.test(s) || dec(s).lt("1000000000000"), "too large"),
  /** Images the request will create, counted against hard image quotas; default 1. */
  images: z.int("a whole number of images").min(0).max(100_000).default(1),
  /** Size and quality of those images (quotas limited to a size or quality apply only when they match). */
  size: label.optional(),
  quality: label.optional(),
});
export type BudgetCheckInput = z.infer<typeof BudgetCheckInput>;

const TZ_TTL_MS = 60_000;
const tzCache = new Map<string, { tz: string; at: number }>();

async function orgTimeZone(orgId: string, now: number): Promise<string> {
  const hit = tzCache.get(orgId);
  if (hit && now - hit.at < TZ_TTL_MS) return hit.tz;
  const tz = (await findOrgBrief(orgId))?.timeZone ?? "UTC";
  tzCache.set(orgId, { tz, at: now });
  return tz;
}

const modelCache = new Map<string, { resolve: (name: string) => string; at: number }>();

/** The name as called -> the canonical model budgets are stored under; cached as briefly as the zone. */
async function canonicalModelOf(orgId: string, model: string, now: number): Promise<string> {
  let hit = modelCache.get(orgId);
  if (!hit || now - hit.at >= TZ_TTL_MS) {
    hit = { resolve: await loadModelNameResolver(orgId), at: now };
    modelCache.set(orgId, hit);
  }
  return hit.resolve(model);
}

const KINDS: PeriodKind[] = ["day", "week", "month", "quarter"];

export async function checkBudget(p: Principal, input: z.input<typeof BudgetCheckInput>, now = new Date()): Promise<BudgetCheckAnswer & { images: ImageQuotaAnswer }> {
  // A team key speaks for its own team only (same rule as ingestion).
  const keyTeam = p.kind === "key" ? p.teamId : null;
  const tz = await orgTimeZone(p.orgId, now.getTime());
  const periods = Object.fromEntries(KINDS.map((k) => [k, periodFor(k, now, tz)])) as Record<PeriodKind, ReturnType<typeof periodFor>>;
  const bounds = Object.fromEntries(KINDS.map((k) => [k, { from: periods[k].start, to: periods[k].endExclusive }])) as PeriodBounds;

  const rows = await hardBudgetsWithSpend(
    p.orgId,
    {
      teamId: input.team ? null : keyTeam,
      teamSlug: input.team ?? null,
      feature: input.feature ?? null,
      model: input.model ? await canonicalModelOf(p.orgId, input.model, now.getTime()) : null,
      workflow: input.workflow ?? null,
    },
    bounds,
  );
  const resolvedTeam = rows[0]?.req_team_id ?? null;
  if (input.team && !resolvedTeam) throw badRequest(`Unknown team "${input.team}".`, [{ path: "team", message: `unknown team "${input.team}"` }]);
  if (keyTeam && resolvedTeam !== keyTeam) throw forbidden("This team API key can only check its own team's budgets.");

  const applicable: ApplicableBudget[] = rows
    .filter((r) => r.id !== null)
    .map((r) => {
      const period = periods[r.period as PeriodKind];
      return {
        id: r.id as string,
        name: r.name as string,
        period: r.period as string,
        periodKey: period.key,
        periodStart: period.start.toISOString(),
        periodEnd: period.endExclusive.toISOString(),
        amount: r.amount as string,
        spent: r.spent as string,
        scope: { team: r.team_id ? rows[0].req_team_slug : null, feature: r.feature, model: r.model, workflow: r.workflow },
      };
    });
  const money = decideBudgetCheck(applicable, input.estimatedCost);
  const images = await checkImageQuotas(
    p.orgId,
    { teamId: resolvedTeam, teamSlug: rows[0]?.req_team_slug ?? null, feature: input.feature ?? null, model: input.model ?? null, workflow: input.workflow ?? null, size: input.size ?? null, quality: input.quality ?? null },
    periods,
    input.images ?? 1,
  );
  return { ...money, allow: money.allow && images.exceeded.length === 0, exceeded: [...money.exceeded, ...images.exceeded], images };
}
