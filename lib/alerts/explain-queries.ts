/**
 * Data access for alert explanations and image quotas: per-dimension totals of one measure in two windows (one
 * statement, each window planned on its own grain), and image counts of a quota's scope. Parameterized Prisma.sql;
 * the scope predicate is queries.ts's.
 */
import { Prisma } from "@/lib/db/client";
import { orgZone, sourceInZone, type QueryDim } from "@/lib/usage-store/planner";
import type { ContributorTotals, ExplainDim, ExplainMeasure, TimeWindow } from "./explain";
import { scopeDims, scopeWhere, type Client } from "./queries";
import type { AlertScope } from "./rule-config";

const sql = Prisma.sql;

/** Image quota filters beyond the scope: only images of this size / quality (null = any). */
export interface ImageFilter {
  size: string | null;
  quality: string | null;
}

const DIM_COLUMN: Record<ExplainDim, string> = { team: "team_id", feature: "feature", model: "model" };

function measureSql(m: ExplainMeasure): Prisma.Sql {
  switch (m) {
    case "cost":
      return sql`COALESCE(SUM(r.cost), 0)`;
    case "images":
      return sql`COALESCE(SUM(r.images), 0)`;
    case "retries":
      return sql`(COALESCE(SUM(r.retries), 0) + COALESCE(SUM(r.events) FILTER (WHERE r.outcome IN ('rejected', 'failed')), 0))`;
    case "unpriced":
      return sql`COALESCE(SUM(r.unpriced_events), 0)`;
  }
}

export function imageWhere(f: ImageFilter | null): Prisma.Sql {
  if (!f) return Prisma.empty;
  return sql`${f.size ? sql`AND r.size = ${f.size}` : Prisma.empty} ${f.quality ? sql`AND r.quality = ${f.quality}` : Prisma.empty}`;
}

function imageDims(f: ImageFilter | null): QueryDim[] {
  return [...(f?.size ? (["size"] as const) : []), ...(f?.quality ? (["quality"] as const) : [])];
}

/** Totals of `measure` per value of each open dimension, in the current and the previous window. */
export async function contributorTotals(
  client: Client,
  orgId: string,
  scope: AlertScope,
  dims: readonly ExplainDim[],
  measure: ExplainMeasure,
  windows: { current: TimeWindow; previous: TimeWindow },
  images: ImageFilter | null = null,
): Promise<ContributorTotals[]> {
  if (dims.length === 0) return [];
  const zone = await orgZone(client, orgId);
  const cols = dims.map((d) => Prisma.raw(`r.${DIM_COLUMN[d]}`));
  const kind = sql`CASE ${Prisma.join(
    dims.map((d) => sql`WHEN GROUPING(${Prisma.raw(`r.${DIM_COLUMN[d]}`)}) = 0 THEN ${d}`),
    " ",
  )} END`;
  const key = sql`COALESCE(${Prisma.join(dims.map((d) => Prisma.raw(`r.${DIM_COLUMN[d]}::text`)), ", ")})`;
  const queryDims: QueryDim[] = [...dims, ...scopeDims(scope), ...imageDims(images), ...(measure === "retries" ? (["outcome"] as const) : [])];
  const part = (tag: "cur" | "prev", w: TimeWindow) => {
    const src = sourceInZone(zone, orgId, { start: w.from, endExclusive: w.to, dims: queryDims }, "r");
    return sql`SELECT ${tag}::text AS w, ${kind} AS kind, ${key} AS key, ${measureSql(measure)} AS v
      FROM ${src.relation} r WHERE ${src.where} ${scopeWhere(scope)} ${imageWhere(images)}
      GROUP BY GROUPING SETS (${Prisma.join(cols.map((c) => sql`(${c})`), ", ")})`;
  };
  const rows = await client.$queryRaw<{ kind: ExplainDim; key: string; label: string; current: string; previous: string }[]>(sql`
    WITH x AS (${part("cur", windows.current)} UNION ALL ${part("prev", windows.previous)})
    SELECT x.kind, x.key, COALESCE(t.name, x.key) AS label,
           COALESCE(SUM(x.v) FILTER (WHERE x.w = 'cur'), 0)::text AS current,
           COALESCE(SUM(x.v) FILTER (WHERE x.w = 'prev'), 0)::text AS previous
    FROM x LEFT JOIN teams t ON x.kind = 'team' AND t.id::text = x.key
    GROUP BY x.kind, x.key, t.name`);
  return rows.map((r) => ({ dim: r.kind, key: r.key, label: r.label, current: r.current, previous: r.previous }));
}
