import { Prisma } from "@/lib/db/client";
import { DAILY_GRAINS } from "./grains";
import type { EventDim } from "./measures";

/**
 * Spend of a budget-like scope (team, feature, model, workflow; each null = any) over whole org-local days, in ONE
 * SQL expression whose scope comes from SQL values (e.g. columns of budgets rows): one branch per daily grain,
 * narrowest first, each gated on "the scope sets no dimension this grain lacks, and no narrower grain covered it".
 * The gates depend only on the outer row, so PostgreSQL runs them as one-time filters and reads one grain per row.
 */

export interface ScopeSql {
  teamId: Prisma.Sql;
  feature: Prisma.Sql;
  model: Prisma.Sql;
  workflow: Prisma.Sql;
}

const SCOPE: ReadonlyArray<{ key: keyof ScopeSql; dim: EventDim; column: string }> = [
  { key: "teamId", dim: "team", column: "team_id" },
  { key: "feature", dim: "feature", column: "feature" },
  { key: "model", dim: "model", column: "model" },
  { key: "workflow", dim: "workflow", column: "workflow" },
];

/** `(SELECT SUM(cost) ...)`: spend of `scope` on local days [fromDay, toDayExclusive) of organization `orgId`. */
export function scopedDailyCostSql(
  orgId: Prisma.Sql,
  fromDay: Prisma.Sql,
  toDayExclusive: Prisma.Sql,
  scope: ScopeSql,
): Prisma.Sql {
  const covers = DAILY_GRAINS.map((g) => {
    const unset = SCOPE.filter((s) => !g.dims.includes(s.dim)).map((s) => Prisma.sql`${scope[s.key]} IS NULL`);
    return unset.length ? Prisma.sql`(${Prisma.join(unset, " AND ")})` : Prisma.sql`TRUE`;
  });
  const branches = DAILY_GRAINS.map((g, i) => {
    const gate = i === 0 ? covers[0] : Prisma.sql`${covers[i]} AND NOT (${Prisma.join(covers.slice(0, i), " OR ")})`;
    const match = SCOPE.filter((s) => g.dims.includes(s.dim)).map(
      (s) => Prisma.sql`(${scope[s.key]} IS NULL OR g.${Prisma.raw(s.column)} = ${scope[s.key]})`,
    );
    return Prisma.sql`
      SELECT g.cost FROM ${Prisma.raw(g.table)} g
      WHERE ${gate} AND g.org_id = ${orgId} AND g.day >= ${fromDay} AND g.day < ${toDayExclusive}
        AND ${Prisma.join(match, " AND ")}`;
  });
  return Prisma.sql`(SELECT SUM(x.cost) FROM (${Prisma.join(branches, " UNION ALL ")}) x)`;
}
