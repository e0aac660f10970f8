import { db, Prisma } from "@/lib/db/client";
import { loadModelNameResolver } from "@/lib/pricing/published";

/**
 * Budgets and alert rules keep their model scope as the canonical model (lib/pricing/model-identity.ts), the name
 * spend is stored under; the services fold a typed name when it is saved. canonicalizeScopeModels folds scopes
 * saved before model identity ("openai/gpt-image-1.5", a dated variant) with the organization's published
 * snapshots. Folding a canonical name gives it back unchanged, so running it again changes nothing. A change of
 * representation only: budgets keep their revision (their thresholds stay armed as they were).
 */
export async function canonicalizeScopeModels(orgId: string): Promise<number> {
  const [budgets, rules] = await Promise.all([
    db().budget.findMany({ where: { orgId, model: { not: null } }, select: { id: true, model: true } }),
    db().alertRule.findMany({ where: { orgId, model: { not: null } }, select: { id: true, model: true } }),
  ]);
  if (budgets.length === 0 && rules.length === 0) return 0;
  const resolve = await loadModelNameResolver(orgId);
  const moved = (xs: { id: string; model: string | null }[]) =>
    xs.flatMap((x) => (x.model !== null && resolve(x.model) !== x.model ? [{ id: x.id, model: resolve(x.model) }] : []));
  const b = moved(budgets);
  const r = moved(rules);
  await db().$transaction([
    ...b.map((x) => db().budget.update({ where: { id: x.id }, data: { model: x.model } })),
    ...r.map((x) => db().alertRule.update({ where: { id: x.id }, data: { model: x.model } })),
  ]);
  return b.length + r.length;
}

/** Every organization with a model-scoped budget or rule; returns how many scopes changed. */
export async function canonicalizeAllScopeModels(): Promise<number> {
  const orgs = await db().$queryRaw<{ org_id: string }[]>(Prisma.sql`
    SELECT org_id::text AS org_id FROM budgets WHERE model IS NOT NULL
    UNION SELECT org_id::text FROM alert_rules WHERE model IS NOT NULL`);
  let n = 0;
  for (const o of orgs) n += await canonicalizeScopeModels(o.org_id);
  return n;
}
