/**
 * Reads for /api/metrics. Cheap by construction: spend and events come from the daily team×model rollup (chosen by
 * the usage-store planner for the current local month), never from raw events; outbox counts touch only pending
 * and failed rows (the status index); reprice jobs and budgets are small tables.
 */
import { Prisma, type Db } from "@/lib/db/client";
import { sourceInZone } from "@/lib/usage-store/planner";

const sql = Prisma.sql;

export interface OrgRow {
  id: string;
  name: string;
  timeZone: string;
}

export function listOrgs(client: Db): Promise<OrgRow[]> {
  return client.organization.findMany({ select: { id: true, name: true, timeZone: true }, orderBy: { createdAt: "asc" } });
}

export interface TeamModelRow {
  team: string;
  model: string;
  cost: string;
  events: string;
  unpriced: string;
}

/** Spend, events and unpriced events per (team slug, model) over [start, endExclusive) in the org's zone. */
export function spendByTeamModel(client: Db, org: OrgRow, start: Date, endExclusive: Date): Promise<TeamModelRow[]> {
  const src = sourceInZone(org.timeZone, org.id, { start, endExclusive, dims: ["team", "model"] }, "r");
  return client.$queryRaw<TeamModelRow[]>(sql`
    SELECT tm.slug AS team, r.model AS model, COALESCE(SUM(r.cost), 0)::text AS cost,
           COALESCE(SUM(r.events), 0)::text AS events, COALESCE(SUM(r.unpriced_events), 0)::text AS unpriced
    FROM ${src.relation} r JOIN teams tm ON tm.id = r.team_id
    WHERE ${src.where}
    GROUP BY tm.slug, r.model
    ORDER BY tm.slug, r.model`);
}

export interface OutboxRow {
  orgId: string;
  status: "pending" | "failed";
  kind: string;
  messages: string;
  retrying: string;
  /** Seconds the oldest message of the group has waited since it was written. */
  oldestAge: string;
}

/** Pending and failed outbox messages per organization and kind; `retrying`: pending ones that failed before. */
export function outboxDepth(client: Db, now: Date): Promise<OutboxRow[]> {
  return client.$queryRaw<OutboxRow[]>(sql`
    SELECT org_id::text AS "orgId", status::text AS status, kind, COUNT(*)::text AS messages,
           COUNT(*) FILTER (WHERE attempts > 0)::text AS retrying,
           GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (${now}::timestamptz - MIN(created_at)))))::bigint::text AS "oldestAge"
    FROM outbox_messages WHERE status IN ('pending', 'failed')
    GROUP BY org_id, status, kind ORDER BY org_id, status, kind`);
}

export interface RepriceRow {
  id: string;
  orgId: string;
  status: string;
  total: number;
  processed: number;
}

/** Reprice jobs per organization and status (counts), and the progress of each queued or running one. */
export async function repriceJobs(client: Db): Promise<{ byStatus: { orgId: string; status: string; jobs: string }[]; active: RepriceRow[] }> {
  const [byStatus, active] = await Promise.all([
    client.$queryRaw<{ orgId: string; status: string; jobs: string }[]>(sql`
      SELECT org_id::text AS "orgId", status::text AS status, COUNT(*)::text AS jobs FROM reprice_jobs GROUP BY org_id, status ORDER BY org_id, status`),
    client.repriceJob.findMany({
      where: { status: { in: ["queued", "running"] } },
      select: { id: true, orgId: true, status: true, total: true, processed: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return { byStatus, active };
}
