import { z } from "zod";
import { badRequest } from "@/lib/api/errors";
import { calendarDateSchema } from "@/lib/spend/filters";
import { csvFileName, tableToCsv } from "@/lib/spend/export-csv";
import { reconciliationTable } from "./table";
import type { ReadScope } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { listProjectMappings } from "@/lib/ingest/queries";
import { dec, toAmountString, ZERO } from "@/lib/money/decimal";
import { addDays, diffDays, type CalendarDate } from "@/lib/time/calendar";
import { reconcile, variancePercent, type BilledLine, type Reconciled, type TrackedDay } from "./explain";
import { billedDateSpan, billedLines, trackedByDay } from "./queries";

/**
 * Billed (OpenAI Costs API imports) against tracked (priced provider-"openai" events) per UTC day and OpenAI project.
 * A project's tracked spend is its mapped team's: projects mapped to the same team form one row (their billed lines
 * together), a project mapped to no team is a row of its own with nothing tracked. Team-scoped principals see only
 * projects mapped to their teams. Tracked days outside the imported billed days (first to last) are left out: not
 * billed yet (or never imported) is not a gap.
 */

export const RECONCILE_DEFAULT_DAYS = 30;
export const RECONCILE_MAX_DAYS = 400;

export interface ReconcileRow extends Reconciled {
  date: string;
  projects: string[];
  /** Team slug, null for a project mapped to no team. */
  team: string | null;
  teamName: string | null;
  trackedEvents: number;
}

export interface Reconciliation {
  from: string;
  to: string;
  lastBilledDate: string | null;
  rows: ReconcileRow[];
  total: { billed: string; tracked: string; variance: string; variancePercent: string | null; unexplained: string };
}

export const ReconcileQuery = z.object({ from: calendarDateSchema.optional(), to: calendarDateSchema.optional() });
export type ReconcileRange = z.infer<typeof ReconcileQuery>;

/** The page's table as CSV, amounts at full precision. */
export function reconciliationCsv(r: Reconciliation): { filename: string; csv: string } {
  return { filename: csvFileName("reconciliation", r.from, r.to), csv: tableToCsv(reconciliationTable(r)) };
}

function resolveRange(r: ReconcileRange, last: string | null, today: CalendarDate): { from: CalendarDate; to: CalendarDate } {
  const to = r.to ?? last ?? today;
  const from = r.from ?? addDays(to, -(RECONCILE_DEFAULT_DAYS - 1));
  if (from > to) throw badRequest("from: must not be after to", [{ path: "from", message: "must not be after to" }]);
  if (diffDays(from, to) >= RECONCILE_MAX_DAYS) throw badRequest(`to: at most ${RECONCILE_MAX_DAYS} days`, [{ path: "to", message: `at most ${RECONCILE_MAX_DAYS} days from from` }]);
  return { from, to };
}

export async function loadReconciliation(scope: ReadScope, range: ReconcileRange = {}, now: Date = new Date()): Promise<Reconciliation> {
  const span = await billedDateSpan(scope);
  const last = span?.last ?? null;
  const { from, to } = resolveRange(range, last, now.toISOString().slice(0, 10));
  const [lines, mappings, teams] = await Promise.all([
    billedLines(scope, from, to),
    listProjectMappings(scope.orgId),
    db().team.findMany({ where: { orgId: scope.orgId }, select: { id: true, slug: true, name: true } }),
  ]);
  const visible = (teamId: string) => !scope.visibleTeamIds || scope.visibleTeamIds.includes(teamId);
  const teamOf = new Map(mappings.filter((m) => visible(m.teamId)).map((m) => [m.projectId, m.teamId] as const));
  const projectsOf = new Map<string, string[]>();
  for (const [p, t] of teamOf) projectsOf.set(t, [...(projectsOf.get(t) ?? []), p]);
  const teamIds = [...projectsOf.keys()];
  const trackedFrom = span && span.first > from ? span.first : from;
  const trackedTo = span && span.last < to ? span.last : to;
  const tracked = span && trackedFrom <= trackedTo ? await trackedByDay(scope.orgId, teamIds, trackedFrom, trackedTo) : [];

  // Row key: date + (team id, or "project:<id>" when unmapped).
  type Acc = { date: string; teamId: string | null; projects: string[]; lines: BilledLine[]; tracked: TrackedDay | null };
  const rows = new Map<string, Acc>();
  const rowFor = (date: string, teamId: string | null, project: string): Acc => {
    const key = `${date}\u0000${teamId ?? `project:${project}`}`;
    let a = rows.get(key);
    if (!a) rows.set(key, (a = { date, teamId, projects: teamId ? (projectsOf.get(teamId) ?? []) : [project], lines: [], tracked: null }));
    return a;
  };
  for (const l of lines) rowFor(l.date, teamOf.get(l.projectId) ?? null, l.projectId).lines.push({ lineItem: l.lineItem, amount: l.amount });
  for (const t of tracked) {
    const a = rowFor(t.date, t.teamId, "");
    const d = (a.tracked ??= { events: 0, cost: "0", unpricedEvents: 0, warningEvents: 0, models: [] });
    d.events += t.events;
    d.cost = dec(d.cost).plus(dec(t.cost)).toFixed();
    d.unpricedEvents += t.unpricedEvents;
    d.warningEvents += t.warningEvents;
    d.models.push(t.model);
  }
  const teamById = new Map(teams.map((t) => [t.id, t] as const));
  const out: ReconcileRow[] = [...rows.values()].map((a) => {
    const team = a.teamId ? teamById.get(a.teamId) : undefined;
    const trackedDay = a.teamId ? (a.tracked ?? { events: 0, cost: "0", unpricedEvents: 0, warningEvents: 0, models: [] }) : null;
    return {
      date: a.date,
      projects: a.projects.map((p) => p || "(no project)"),
      team: team?.slug ?? null,
      teamName: team?.name ?? null,
      trackedEvents: trackedDay?.events ?? 0,
      ...reconcile(a.lines, trackedDay),
    };
  });
  out.sort((x, y) => x.date.localeCompare(y.date) || x.projects.join(",").localeCompare(y.projects.join(",")));
  let billed = ZERO;
  let trackedSum = ZERO;
  let unexplained = ZERO;
  for (const r of out) {
    billed = billed.plus(dec(r.billed));
    trackedSum = trackedSum.plus(dec(r.tracked));
    unexplained = unexplained.plus(dec(r.unexplained));
  }
  const variance = billed.minus(trackedSum);
  return {
    from,
    to,
    lastBilledDate: last,
    rows: out,
    total: {
      billed: toAmountString(billed) as string,
      tracked: toAmountString(trackedSum) as string,
      variance: toAmountString(variance) as string,
      variancePercent: variancePercent(billed, variance),
      unexplained: toAmountString(unexplained) as string,
    },
  };
}
