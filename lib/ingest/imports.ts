import { badRequest, notFound } from "@/lib/api/errors";
import { db } from "@/lib/db/client";
import { actorOf, type Principal } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/log";
import { dec, sum, toAmountString } from "@/lib/money/decimal";
import type { Quality } from "@/lib/cost/types";
import { MAX_BATCH_EVENTS, type NormalizedEvent } from "./event-schema";
import {
  OpenAIExportError,
  imagesUsageToEvents,
  parseOpenAICostsExport,
  parseOpenAIImagesUsageExport,
} from "./openai-exports";
import {
  deleteProjectMapping,
  findProjectMapping,
  findTeamsBySlugs,
  listBilledProjects,
  listProjectMappings,
  listTeamRefs,
  upsertBilledCosts,
  upsertProjectMapping,
} from "./queries";
import { ingestEvents } from "./service";

/**
 * OpenAI organization exports:
 * - Costs API pages -> billed_costs (what OpenAI billed per day, project and line item), reconciled by the views
 *   against tracked cost; OpenAI projects map to teams through openai_project_mappings.
 * - Images usage pages -> usage events with image counts only, priced from the snapshot's per-image tables and
 *   therefore marked estimated. The export has no quality, so the admin picks the quality to estimate at; it is
 *   stored on the events and in their metadata (assumedQuality) so nobody mistakes it for a reported value.
 */

/** Largest export file accepted. */
export const MAX_EXPORT_BYTES = 50 * 1024 * 1024;

function exportError(err: unknown): never {
  if (err instanceof OpenAIExportError) {
    throw badRequest(err.message, err.issues.slice(0, 50).map((message) => ({ path: "(body)", message })));
  }
  throw err;
}

export interface CostsImportResult {
  rows: number;
  from: string | null;
  to: string | null;
  total: string;
  currency: string;
  projects: string[];
  unmappedProjects: string[];
}

export async function importOpenAICosts(orgId: string, text: string, principal: Principal): Promise<CostsImportResult> {
  let rows;
  try {
    rows = parseOpenAICostsExport(text);
  } catch (err) {
    exportError(err);
  }
  if (rows.length === 0) throw badRequest("The export holds no cost results.", [{ path: "(body)", message: "no results" }]);
  const currencies = [...new Set(rows.map((r) => r.currency))];
  if (currencies.length > 1) {
    throw badRequest(`The export mixes currencies (${currencies.join(", ")}); import one currency at a time.`, [{ path: "(body)", message: "mixed currencies" }]);
  }
  const stored = rows.map((r) => ({ date: r.date, projectId: r.projectId ?? "", lineItem: r.lineItem ?? "", amount: r.amount, currency: r.currency }));
  const projects = [...new Set(stored.map((r) => r.projectId))].sort();
  const total = toAmountString(sum(rows.map((r) => dec(r.amount)))) as string;
  const from = rows[0].date;
  const to = rows[rows.length - 1].date;
  await db().$transaction(async (tx) => {
    await upsertBilledCosts(tx, orgId, stored);
    await writeAudit(tx, {
      orgId,
      ...actorOf(principal),
      action: "billed_cost.import",
      entityType: "billed_cost",
      after: { source: "openai.organization.costs", rows: stored.length, from, to, total, currency: currencies[0], projects },
    });
  });
  const mapped = new Set((await listProjectMappings(orgId)).map((m) => m.projectId));
  return { rows: stored.length, from, to, total, currency: currencies[0], projects, unmappedProjects: projects.filter((p) => p && !mapped.has(p)) };
}

export interface ImagesImportOptions {
  /** Team for rows whose project has no mapping. */
  defaultTeam?: string | null;
  quality: Quality;
  feature?: string;
}

export interface ImagesImportResult {
  rows: number;
  events: number;
  inserted: number;
  duplicates: number;
  unpriced: number;
  cost: string;
  quality: Quality;
}

export async function importOpenAIImagesUsage(
  orgId: string,
  text: string,
  opts: ImagesImportOptions,
  principal: Principal,
): Promise<ImagesImportResult> {
  const [mappings, teams] = await Promise.all([listProjectMappings(orgId), listTeamRefs(orgId)]);
  const slugById = new Map(teams.map((t) => [t.id, t.slug] as const));
  const teamByProject = new Map(mappings.map((m) => [m.projectId, slugById.get(m.teamId) ?? null] as const));
  let events: NormalizedEvent[];
  let rowCount: number;
  try {
    const rows = parseOpenAIImagesUsageExport(text);
    rowCount = rows.length;
    events = imagesUsageToEvents(rows, {
      teamForProject: (p) => (p ? (teamByProject.get(p) ?? null) : null),
      defaultTeam: opts.defaultTeam ?? null,
      feature: opts.feature,
    });
  } catch (err) {
    exportError(err);
  }
  const unassigned = events.filter((e) => !e.team);
  if (unassigned.length > 0) {
    const projects = [...new Set(unassigned.map((e) => String((e.metadata as { projectId?: string | null }).projectId ?? "(none)")))];
    throw badRequest(
      `${unassigned.length} row(s) belong to OpenAI projects with no team mapping (${projects.slice(0, 5).join(", ")}); map them or choose a default team.`,
      [{ path: "team", message: "required for unmapped projects" }],
    );
  }
  // The export has no quality: estimate at the chosen one, and say so on every event.
  const withQuality = events.map((e) => ({ ...e, quality: opts.quality, metadata: { ...(e.metadata ?? {}), assumedQuality: opts.quality } }));

  let inserted = 0;
  let unpriced = 0;
  const costs: string[] = [];
  for (let i = 0; i < withQuality.length; i += MAX_BATCH_EVENTS) {
    const chunk = withQuality.slice(i, i + MAX_BATCH_EVENTS);
    // Each chunk is atomic and its ids are deterministic, so re-importing the same export is idempotent.
    const r = await ingestEvents(orgId, chunk, { source: "openai_import", principal: null });
    inserted += r.inserted;
    for (const e of r.events) {
      if (e.status !== "inserted") continue;
      if (!e.priced) unpriced++;
      if (e.cost) costs.push(e.cost);
    }
  }
  await db().$transaction((tx) =>
    writeAudit(tx, {
      orgId,
      ...actorOf(principal),
      action: "usage.import_openai_images",
      entityType: "usage_event",
      after: { rows: rowCount, events: withQuality.length, inserted, quality: opts.quality, defaultTeam: opts.defaultTeam ?? null },
    }),
  );
  return {
    rows: rowCount,
    events: withQuality.length,
    inserted,
    duplicates: withQuality.length - inserted,
    unpriced,
    cost: toAmountString(sum(costs)) as string,
    quality: opts.quality,
  };
}

export interface ProjectMappingView {
  projectId: string;
  team: string | null;
  billedTotal: string | null;
  firstDate: string | null;
  lastDate: string | null;
}

/** Every OpenAI project seen in billed costs or mapped, with its team. */
export async function listProjectMappingViews(orgId: string): Promise<ProjectMappingView[]> {
  const [mappings, billed, teams] = await Promise.all([listProjectMappings(orgId), listBilledProjects(orgId), listTeamRefs(orgId)]);
  const slugById = new Map(teams.map((t) => [t.id, t.slug] as const));
  const out = new Map<string, ProjectMappingView>();
  for (const b of billed) {
    if (!b.projectId) continue; // costs without a project cannot be mapped
    out.set(b.projectId, {
      projectId: b.projectId,
      team: null,
      billedTotal: toAmountString(b.total),
      firstDate: b.firstDate.toISOString().slice(0, 10),
      lastDate: b.lastDate.toISOString().slice(0, 10),
    });
  }
  for (const m of mappings) {
    const v = out.get(m.projectId) ?? { projectId: m.projectId, team: null, billedTotal: null, firstDate: null, lastDate: null };
    v.team = slugById.get(m.teamId) ?? null;
    out.set(m.projectId, v);
  }
  return [...out.values()].sort((a, b) => (a.projectId < b.projectId ? -1 : 1));
}

/** Maps an OpenAI project to a team (team null removes the mapping); audited. */
export async function setProjectMapping(orgId: string, projectId: string, team: string | null, principal: Principal): Promise<ProjectMappingView[]> {
  const teamRef = team ? (await findTeamsBySlugs(orgId, [team]))[0] : null;
  if (team && !teamRef) throw badRequest(`Unknown team "${team}".`, [{ path: "team", message: "unknown team" }]);
  await db().$transaction(async (tx) => {
    const before = await findProjectMapping(tx, orgId, projectId);
    if (!teamRef) {
      if (!before) throw notFound(`OpenAI project "${projectId}" has no mapping.`);
      await deleteProjectMapping(tx, orgId, projectId);
    } else {
      await upsertProjectMapping(tx, orgId, projectId, teamRef.id);
    }
    await writeAudit(tx, {
      orgId,
      ...actorOf(principal),
      action: teamRef ? "openai_project_mapping.set" : "openai_project_mapping.delete",
      entityType: "openai_project_mapping",
      entityId: projectId,
      before: before ? { projectId, teamId: before.teamId } : null,
      after: teamRef ? { projectId, teamId: teamRef.id, team } : null,
    });
  });
  return listProjectMappingViews(orgId);
}
