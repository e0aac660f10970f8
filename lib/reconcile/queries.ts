import { readDb, Prisma } from "@/lib/db/client";
import type { ReadScope } from "@/lib/auth/permissions";
import { orgSource } from "@/lib/usage-store/planner";
import { zonedDayStart } from "@/lib/time/tz";
import { addDays, type CalendarDate } from "@/lib/time/calendar";

/** Data access for billed-vs-tracked reconciliation (UTC days, as OpenAI bills). */

const sql = Prisma.sql;

/** Billed projects a scope may read: team-scoped principals only projects mapped to their teams. */
function billedScope(scope: ReadScope): Prisma.Sql {
  if (!scope.visibleTeamIds) return Prisma.empty;
  return sql`AND b.project_id IN (SELECT m.project_id FROM openai_project_mappings m
    WHERE m.org_id = ${scope.orgId}::uuid AND m.team_id = ANY(${scope.visibleTeamIds}::uuid[]))`;
}

export interface BilledLineRow {
  date: string;
  projectId: string;
  lineItem: string;
  amount: string;
}

export function billedLines(scope: ReadScope, from: CalendarDate, to: CalendarDate): Promise<BilledLineRow[]> {
  return readDb().$queryRaw<BilledLineRow[]>(sql`
    SELECT to_char(b.date, 'YYYY-MM-DD') AS date, b.project_id AS "projectId", b.line_item AS "lineItem", SUM(b.amount)::text AS amount
    FROM billed_costs b
    WHERE b.org_id = ${scope.orgId}::uuid AND b.date >= ${from}::date AND b.date <= ${to}::date ${billedScope(scope)}
    GROUP BY b.date, b.project_id, b.line_item ORDER BY b.date, b.project_id, b.line_item`);
}

/** The first and last billed dates the scope can see (null: nothing imported). */
export async function billedDateSpan(scope: ReadScope): Promise<{ first: string; last: string } | null> {
  const rows = await readDb().$queryRaw<{ first: string | null; last: string | null }[]>(sql`
    SELECT to_char(MIN(b.date), 'YYYY-MM-DD') AS first, to_char(MAX(b.date), 'YYYY-MM-DD') AS last
    FROM billed_costs b WHERE b.org_id = ${scope.orgId}::uuid ${billedScope(scope)}`);
  const r = rows[0];
  return r?.first && r.last ? { first: r.first, last: r.last } : null;
}

export async function lastBilledDate(scope: ReadScope): Promise<string | null> {
  return (await billedDateSpan(scope))?.last ?? null;
}

export interface TrackedRow {
  date: string;
  teamId: string;
  model: string;
  events: number;
  cost: string;
  unpricedEvents: number;
  warningEvents: number;
}

/** Tracked provider-"openai" usage of these teams per UTC day and model, from the coarsest exact grain. */
export async function trackedByDay(orgId: string, teamIds: string[], from: CalendarDate, to: CalendarDate): Promise<TrackedRow[]> {
  if (teamIds.length === 0) return [];
  const client = readDb();
  const src = await orgSource(
    client,
    orgId,
    { start: zonedDayStart(from, "UTC"), endExclusive: zonedDayStart(addDays(to, 1), "UTC"), tz: "UTC", dims: ["day", "team", "model", "provider"] },
    "r",
  );
  return client.$queryRaw<TrackedRow[]>(sql`
    WITH s AS (
      SELECT ${src.day} AS day, r.team_id, r.model, r.events, r.cost, r.unpriced_events, r.warning_events
      FROM ${src.relation} r
      WHERE ${src.where} AND r.provider = 'openai' AND r.team_id = ANY(${teamIds}::uuid[]))
    SELECT to_char(s.day, 'YYYY-MM-DD') AS date, s.team_id::text AS "teamId", s.model, SUM(s.events)::int AS events,
      COALESCE(SUM(s.cost), 0)::text AS cost, SUM(s.unpriced_events)::int AS "unpricedEvents", SUM(s.warning_events)::int AS "warningEvents"
    FROM s GROUP BY s.day, s.team_id, s.model ORDER BY 1, 2, 3`);
}
