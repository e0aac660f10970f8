/**
 * Data access for alert explanations and image quotas: per-dimension totals of one measure in two windows (one
 * statement, each window planned on its own grain), and image counts of a quota's scope. Parameterized Prisma.sql;
 * the scope predicate is queries.ts's.
 */
import { Prisma } from "@/lib/db/client";
import { DAILY } from "@/lib/usage-store/grains";
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

// ------------------------------------------------------------------------------------------------ image quotas

/** Images of `scope` (and the quota's size/quality) in [from, to). */
export async function sumImages(client: Client, orgId: string, scope: AlertScope, f: ImageFilter, from: Date, to: Date): Promise<string> {
  const src = sourceInZone(await orgZone(client, orgId), orgId, { start: from, endExclusive: to, dims: [...scopeDims(scope), ...imageDims(f)] }, "r");
  const rows = await client.$queryRaw<{ n: string }[]>(sql`
    SELECT COALESCE(SUM(r.images), 0)::text AS n FROM ${src.relation} r
    WHERE ${src.where} ${scopeWhere(scope)} ${imageWhere(f)}`);
  return rows[0]?.n ?? "0";
}

/** Images per local calendar day in [from, to), shaped like daily spend (`cost` holds the count) for the forecast. */
export async function dailyImages(client: Client, orgId: string, scope: AlertScope, f: ImageFilter, from: Date, to: Date, tz: string) {
  const src = sourceInZone(await orgZone(client, orgId), orgId, { start: from, endExclusive: to, tz, dims: ["day", ...scopeDims(scope), ...imageDims(f)] }, "r");
  return client.$queryRaw<{ date: string; cost: string }[]>(sql`
    WITH s AS (SELECT ${src.day} AS day, r.images FROM ${src.relation} r WHERE ${src.where} ${scopeWhere(scope)} ${imageWhere(f)})
    SELECT to_char(s.day, 'YYYY-MM-DD') AS date, SUM(s.images)::text AS cost FROM s GROUP BY s.day ORDER BY s.day`);
}

export interface HardQuotaRow {
  id: string;
  name: string;
  period: "day" | "week" | "month" | "quarter";
  amount: string;
  team_id: string | null;
  feature: string | null;
  model: string | null;
  workflow: string | null;
  image_size: string | null;
  image_quality: string | null;
  used: string;
}

/**
 * Hard image quotas a request falls in (team, feature, model, workflow, size, quality; a quota's null = any) with
 * the images used in each one's current period, from the org-local daily grain (it keeps size and quality).
 */
export async function hardImageQuotasWithUse(
  client: Client,
  orgId: string,
  req: { teamId: string | null; feature: string | null; model: string | null; workflow: string | null; size: string | null; quality: string | null },
  bounds: Record<"day" | "week" | "month" | "quarter", { from: Date; to: Date }>,
): Promise<HardQuotaRow[]> {
  const day = (edge: "from" | "to") => sql`(CASE b.period
      WHEN 'day' THEN ${bounds.day[edge].toISOString()}::timestamptz WHEN 'week' THEN ${bounds.week[edge].toISOString()}::timestamptz
      WHEN 'month' THEN ${bounds.month[edge].toISOString()}::timestamptz ELSE ${bounds.quarter[edge].toISOString()}::timestamptz END
      AT TIME ZONE o.time_zone)::date`;
  return client.$queryRaw<HardQuotaRow[]>(sql`
    SELECT b.id::text, b.name, b.period::text AS period, b.amount::text AS amount, b.team_id::text AS team_id, b.feature, b.model,
           b.workflow::text AS workflow, b.image_size, b.image_quality,
           COALESCE((SELECT SUM(g.images) FROM ${Prisma.raw(DAILY.table)} g
             WHERE g.org_id = b.org_id AND g.day >= ${day("from")} AND g.day < ${day("to")}
               AND (b.team_id IS NULL OR g.team_id = b.team_id) AND (b.feature IS NULL OR g.feature = b.feature)
               AND (b.model IS NULL OR g.model = b.model) AND (b.workflow IS NULL OR g.workflow = b.workflow)
               AND (b.image_size IS NULL OR g.size = b.image_size) AND (b.image_quality IS NULL OR g.quality = b.image_quality)), 0)::text AS used
    FROM budgets b JOIN organizations o ON o.id = b.org_id
    WHERE b.org_id = ${orgId}::uuid AND b.hard AND b.unit = 'images'
      AND (b.team_id IS NULL OR b.team_id = ${req.teamId}::uuid)
      AND (b.feature IS NULL OR b.feature = ${req.feature}::text)
      AND (b.model IS NULL OR b.model = ${req.model}::text)
      AND (b.workflow IS NULL OR b.workflow = ${req.workflow}::workflow)
      AND (b.image_size IS NULL OR b.image_size = ${req.size}::text)
      AND (b.image_quality IS NULL OR b.image_quality = ${req.quality}::text)
    ORDER BY b.name, b.id`);
}
