import { AppError, badRequest } from "@/lib/api/errors";
import { db } from "@/lib/db/client";
import type { Principal } from "@/lib/auth/permissions";
import { dec, sum, toAmountString } from "@/lib/money/decimal";
import { storedContentHash } from "./canonical";
import { CSV_COLUMNS, errorReportCsv, parseUsageCsv, type CsvError, type CsvRow, type ParseUsageCsvResult } from "./csv-events";
import { MAX_BATCH_EVENTS, type NormalizedEvent } from "./event-schema";
import { findStoredHashes, findTeamRef, findTeamsBySlugs } from "./queries";
import { ingestEvents } from "./service";
import { resolveTeams, teamSlugsById, type TeamRef } from "./teams";

/**
 * CSV upload in two steps, so a file is never half imported because of a bad row:
 * 1. validateCsvUpload: the whole file is parsed and checked (fields, teams and permissions, ids already stored
 *    with other content) and every problem is reported per row, with a downloadable error report;
 * 2. importCsvChunk: the client sends the valid file in chunks of at most 5,000 rows; each chunk is checked again
 *    and ingested atomically. Ids make chunks idempotent, so re-sending a chunk after a failure is safe.
 */

export interface CsvContext {
  orgId: string;
  principal: Principal;
  /** Team slug for rows with no team. */
  defaultTeam?: string | null;
  now?: Date;
}

export interface CsvValidation {
  ok: boolean;
  rowCount: number;
  validRows: number;
  duplicatesCollapsed: number;
  alreadyStored: number;
  errors: CsvError[];
  warnings: CsvError[];
  errorReport: string | null;
}

interface Checked {
  parsed: ParseUsageCsvResult;
  errors: CsvError[];
  alreadyStored: number;
}

/** Largest file the validation pass reads. */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;
/** Largest chunk accepted by the import step (5,000 rows of a wide file). */
export const MAX_CSV_CHUNK_BYTES = 10 * 1024 * 1024;

const normHeader = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Every row carrying each id (an id repeated with identical content collapses to one event). */
function rowsById(parsed: ParseUsageCsvResult): Map<string, CsvRow[]> {
  const idCol = parsed.header.findIndex((h) => normHeader(h) === "id");
  const map = new Map<string, CsvRow[]>();
  if (idCol < 0) return map;
  for (const r of parsed.rows) {
    const id = (r.cells[idCol] ?? "").trim();
    if (!id) continue;
    const list = map.get(id) ?? [];
    list.push(r);
    map.set(id, list);
  }
  return map;
}

function headerName(parsed: ParseUsageCsvResult, column: string): string | null {
  const col = CSV_COLUMNS.find((c) => c.name === column);
  return parsed.header.find((h) => col && normHeader(h) === normHeader(col.name)) ?? null;
}

async function loadTeams(ctx: CsvContext, events: readonly NormalizedEvent[]) {
  const slugs = new Set<string>(events.flatMap((e) => (e.team ? [e.team] : [])));
  if (ctx.defaultTeam) slugs.add(ctx.defaultTeam);
  const teams = await findTeamsBySlugs(ctx.orgId, [...slugs]);
  const bySlug = new Map(teams.map((t) => [t.slug, t] as const));
  let defaultTeam: TeamRef | null = null;
  if (ctx.defaultTeam) {
    defaultTeam = bySlug.get(ctx.defaultTeam) ?? null;
    if (!defaultTeam) throw badRequest(`Unknown team "${ctx.defaultTeam}".`, [{ path: "team", message: "unknown team" }]);
  }
  const p = ctx.principal;
  const keyTeamSlug = p.kind === "key" && p.teamId ? ((await findTeamRef(ctx.orgId, p.teamId))?.slug ?? null) : null;
  return { bySlug, defaultTeam, keyTeamSlug };
}

async function check(text: string, ctx: CsvContext): Promise<Checked> {
  const parsed = parseUsageCsv(text, ctx.now ?? new Date());
  const errors = [...parsed.errors];
  if (parsed.errors.some((e) => e.row === 0) || parsed.events.length === 0) {
    if (parsed.rowCount === 0 && errors.length === 0) {
      errors.push({ line: 1, row: 0, id: null, column: null, path: "", message: "the file has a header but no rows" });
    }
    return { parsed, errors, alreadyStored: 0 };
  }
  const byId = rowsById(parsed);
  const rowErrors = (id: string, path: string, column: string | null, message: string) => {
    for (const r of byId.get(id) ?? []) errors.push({ line: r.line, row: r.row, id, column, path, message });
  };

  const teams = await loadTeams(ctx, parsed.events);
  const resolved = resolveTeams({
    events: parsed.events,
    teamsBySlug: teams.bySlug,
    principal: ctx.principal,
    defaultTeam: teams.defaultTeam,
    keyTeamSlug: teams.keyTeamSlug,
  });
  const teamColumn = headerName(parsed, "team");
  for (const i of resolved.issues) rowErrors(parsed.events[i.position].id, "team", teamColumn, i.message);

  const stored = await findStoredHashes(db(), ctx.orgId, parsed.events.map((e) => e.id));
  const slugById = teamSlugsById(teams, ctx.principal);
  let alreadyStored = 0;
  for (const [position, e] of parsed.events.entries()) {
    const h = stored.get(e.id);
    const teamSlug = slugById.get(resolved.teamIds[position] ?? "");
    if (h === undefined || !teamSlug) continue; // a row whose team is invalid is reported above
    if (h === storedContentHash(e, teamSlug)) alreadyStored++;
    else rowErrors(e.id, "id", headerName(parsed, "id"), `id "${e.id}" was already recorded with different content; use a new id for a different event`);
  }
  errors.sort((a, b) => a.row - b.row || a.line - b.line);
  return { parsed, errors, alreadyStored };
}

function withOffsets(checked: Checked, firstLine: number, firstRow: number): { errors: CsvError[]; warnings: CsvError[]; rows: CsvRow[] } {
  const first = checked.parsed.rows[0];
  const lineShift = first ? firstLine - first.line : 0;
  const rowShift = firstRow - 1;
  const shift = <T extends { line: number; row: number }>(x: T): T => (x.row === 0 ? x : { ...x, line: x.line + lineShift, row: x.row + rowShift });
  return { errors: checked.errors.map(shift), warnings: checked.parsed.warnings.map(shift), rows: checked.parsed.rows.map(shift) };
}

function report(checked: Checked, errors: CsvError[], rows: CsvRow[]): string | null {
  return errors.length > 0 ? errorReportCsv(errors, { header: checked.parsed.header, rows }) : null;
}

/** Step 1: checks a whole file and reports every problem by row; stores nothing. */
export async function validateCsvUpload(text: string, ctx: CsvContext): Promise<CsvValidation> {
  const checked = await check(text, ctx);
  const { parsed, errors } = checked;
  const badRows = new Set(errors.map((e) => e.row));
  return {
    ok: errors.length === 0,
    rowCount: parsed.rowCount,
    validRows: parsed.rows.filter((r) => !badRows.has(r.row)).length,
    duplicatesCollapsed: parsed.duplicatesCollapsed,
    alreadyStored: checked.alreadyStored,
    errors,
    warnings: parsed.warnings,
    errorReport: report(checked, errors, parsed.rows),
  };
}

export interface CsvImportResult {
  received: number;
  inserted: number;
  duplicates: number;
  unpriced: number;
  cost: string;
}

/** Step 2: ingests one chunk (header + at most 5,000 rows) atomically; refuses it whole (400) if any row is bad. */
export async function importCsvChunk(text: string, ctx: CsvContext & { firstLine?: number; firstRow?: number }): Promise<CsvImportResult> {
  const checked = await check(text, ctx);
  const { parsed } = checked;
  const first = parsed.rows[0];
  // firstLine is where the chunk's first data row sits in the original file; omitted, the chunk's own lines stand.
  const shifted = withOffsets(checked, ctx.firstLine ?? first?.line ?? 2, ctx.firstRow ?? 1);
  if (shifted.errors.length === 0 && parsed.rowCount > MAX_BATCH_EVENTS) {
    throw badRequest(`A chunk holds at most ${MAX_BATCH_EVENTS} rows; this one has ${parsed.rowCount}. Validate the file, then send it in chunks.`, [
      { path: "(body)", message: `more than ${MAX_BATCH_EVENTS} rows` },
    ]);
  }
  if (shifted.errors.length > 0) {
    throw new AppError(400, "Invalid request", `${new Set(shifted.errors.map((e) => e.row)).size} row(s) are invalid; nothing was stored.`, {
      invalidFields: shifted.errors.map((e) => ({ path: `row ${e.row}${e.column ? ` (${e.column})` : ""}`, message: e.message })),
      rows: shifted.errors,
      errorReport: report(checked, shifted.errors, shifted.rows),
    });
  }
  const byId = rowsById(parsed);
  const result = await ingestEvents(ctx.orgId, parsed.events, {
    source: "csv",
    principal: ctx.principal,
    apiKeyId: ctx.principal.kind === "key" ? ctx.principal.keyId : null,
    defaultTeam: ctx.defaultTeam ?? null,
    positions: parsed.events.map((e) => (byId.get(e.id)?.[0].row ?? 0) + (ctx.firstRow ?? 1) - 1),
    pathPrefix: "row",
  });
  const inserted = result.events.filter((e) => e.status === "inserted");
  return {
    received: parsed.rowCount,
    inserted: result.inserted,
    duplicates: parsed.rowCount - result.inserted,
    unpriced: inserted.filter((e) => !e.priced).length,
    cost: toAmountString(sum(inserted.map((e) => dec(e.cost ?? "0")))) as string,
  };
}
