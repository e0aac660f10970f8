/**
 * The audit log for admins: who changed what (actor, action, entity, before and after), filtered and keyset-paged.
 * One query schema serves the page and GET /api/v1/audit.
 */
import { z } from "zod";
import { badRequest, forbidden } from "@/lib/api/errors";
import { canAdminister, type Principal } from "@/lib/auth/permissions";
import { dayRangeToInstants } from "@/lib/time/tz";
import { auditFacets, listAuditRows, type AuditCursor } from "./queries";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const day = z.string().regex(DAY, "a date YYYY-MM-DD").refine(isCalendarDate, "not a calendar date");
const text = (max: number) => z.string().trim().max(max).optional().transform((s) => s || undefined);

export const auditQuerySchema = z
  .strictObject({
    actor: text(200).describe('Actor id ("user:<id>", "key:<prefix>", "cli") or part of its label (email)'),
    entityType: text(64).describe("Entity type, e.g. budget, alert_rule, pricing_snapshot, api_key, user, team"),
    action: text(64).describe('Action, e.g. budget.update, or a prefix ending in "." such as budget.'),
    from: day.optional().describe("First day (UTC), inclusive"),
    to: day.optional().describe("Last day (UTC), inclusive"),
    cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${q.from})` });
    }
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** Opaque to clients: "<ISO time>|<id>" in base64url. */
export function encodeCursor(c: AuditCursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");
}

export function decodeCursor(s: string): AuditCursor {
  const [iso, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? "")) {
    throw badRequest("cursor: not a cursor this API returned", [{ path: "cursor", message: "invalid cursor" }]);
  }
  return { createdAt, id: id as string };
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export async function listAudit(p: Principal, q: AuditQuery): Promise<AuditPage> {
  if (!canAdminister(p)) throw forbidden("Only admins read the audit log.");
  const from = q.from ? dayRangeToInstants(q.from, q.from, "UTC").start : undefined;
  const toExclusive = q.to ? dayRangeToInstants(q.to, q.to, "UTC").endExclusive : undefined;
  const rows = await listAuditRows(
    p.orgId,
    { actor: q.actor, entityType: q.entityType, action: q.action, from, toExclusive },
    q.cursor ? decodeCursor(q.cursor) : null,
    q.limit + 1,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: r.actor,
      actorLabel: r.actorLabel,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

export async function auditFilterChoices(p: Principal) {
  if (!canAdminister(p)) throw forbidden("Only admins read the audit log.");
  return auditFacets(p.orgId);
}
