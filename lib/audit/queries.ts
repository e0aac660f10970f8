/**
 * Audit log reads: newest first, keyset-paged on (created_at, id) so a page never skips or repeats a row while
 * new entries arrive; served by the (org_id, created_at) index. Filters are parameters, never request text.
 */
import { db, Prisma } from "@/lib/db/client";

const sql = Prisma.sql;

export interface AuditFilters {
  /** Matches the stored actor ("user:<id>", "key:<prefix>", "cli") exactly, or the label case-insensitively. */
  actor?: string;
  entityType?: string;
  /** Exact action ("budget.update"), or a prefix ending in "." ("budget."). */
  action?: string;
  /** Instants, inclusive start and exclusive end. */
  from?: Date;
  toExclusive?: Date;
}

export interface AuditCursor {
  createdAt: Date;
  id: string;
}

export interface AuditRow {
  id: string;
  createdAt: Date;
  actor: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export async function listAuditRows(
  orgId: string,
  f: AuditFilters,
  after: AuditCursor | null,
  limit: number,
): Promise<AuditRow[]> {
  const parts = [sql`a.org_id = ${orgId}::uuid`];
  if (f.actor) parts.push(sql`(a.actor = ${f.actor} OR a.actor_label ILIKE ${`%${escapeLike(f.actor)}%`})`);
  if (f.entityType) parts.push(sql`a.entity_type = ${f.entityType}`);
  if (f.action) {
    parts.push(f.action.endsWith(".") ? sql`a.action LIKE ${`${escapeLike(f.action)}%`}` : sql`a.action = ${f.action}`);
  }
  if (f.from) parts.push(sql`a.created_at >= ${f.from}`);
  if (f.toExclusive) parts.push(sql`a.created_at < ${f.toExclusive}`);
  if (after) parts.push(sql`(a.created_at, a.id) < (${after.createdAt}, ${after.id}::uuid)`);
  return db().$queryRaw<AuditRow[]>(sql`
    SELECT a.id, a.created_at AS "createdAt", a.actor, a.actor_label AS "actorLabel", a.action,
      a.entity_type AS "entityType", a.entity_id AS "entityId", a.before, a.after
    FROM audit_logs a
    WHERE ${Prisma.join(parts, " AND ")}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${limit}`);
}

/** Distinct entity types and actions of the organization (filter choices). */
export async function auditFacets(orgId: string): Promise<{ entityTypes: string[]; actions: string[] }> {
  const rows = await db().$queryRaw<{ entityType: string; action: string }[]>(sql`
    SELECT DISTINCT entity_type AS "entityType", action FROM audit_logs WHERE org_id = ${orgId}::uuid`);
  return {
    entityTypes: [...new Set(rows.map((r) => r.entityType))].sort(),
    actions: [...new Set(rows.map((r) => r.action))].sort(),
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
