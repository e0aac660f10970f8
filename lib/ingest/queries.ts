import { db, Prisma, type Tx } from "@/lib/db/client";
import type { TeamRef } from "./teams";

/** Data access for ingestion: one function per query; raw SQL only as parameterized Prisma.sql. */

type Client = Tx | ReturnType<typeof db>;

export async function findTeamsBySlugs(orgId: string, slugs: readonly string[], client: Client = db()): Promise<TeamRef[]> {
  if (slugs.length === 0) return [];
  return client.team.findMany({ where: { orgId, slug: { in: [...slugs] } }, select: { id: true, slug: true } });
}

export async function findTeamRef(orgId: string, teamId: string, client: Client = db()): Promise<TeamRef | null> {
  return client.team.findFirst({ where: { orgId, id: teamId }, select: { id: true, slug: true } });
}

export function listTeamRefs(orgId: string): Promise<Array<TeamRef & { name: string }>> {
  return db().team.findMany({ where: { orgId }, select: { id: true, slug: true, name: true }, orderBy: { slug: "asc" } });
}

/** Creates features seen for the first time (owner: the team of their first event); existing ones are untouched. */
export async function insertNewFeatures(tx: Tx, orgId: string, features: ReadonlyArray<{ name: string; teamId: string }>): Promise<void> {
  if (features.length === 0) return;
  const sorted = [...features].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO features (id, org_id, name, team_id)
    SELECT gen_random_uuid(), ${orgId}::uuid, f.name, f.team_id
    FROM unnest(${sorted.map((f) => f.name)}::text[], ${sorted.map((f) => f.teamId)}::uuid[]) AS f(name, team_id)
    ON CONFLICT (org_id, name) DO NOTHING`);
}

/**
 * id -> content hash of the stored events among `ids` (duplicate vs conflict; chunked so huge CSV files stay cheap).
 * Read from the idempotency ledger, which keeps ids whose raw partition retention dropped.
 */
export async function findStoredHashes(client: Client, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const slice = ids.slice(i, i + 10_000);
    const rows = await client.$queryRaw<Array<{ id: string; hash: string }>>(Prisma.sql`
      SELECT id, content_hash AS hash FROM usage_event_ids WHERE org_id = ${orgId}::uuid AND id = ANY(${slice}::text[])`);
    for (const r of rows) out.set(r.id, r.hash);
  }
  return out;
}

export interface StoredEventRow {
  id: string;
  occurredAt: Date;
  team: string;
  feature: string;
  workflow: string;
  stage: string;
  /** The canonical model the event counts under. */
  model: string;
  /** The model name as the client sent it. */
  modelAsCalled: string;
  provider: string;
  images: number | null;
  size: string;
  quality: string;
  batch: boolean;
  attempt: number;
  outcome: string;
  priced: boolean;
  estimated: boolean;
  cost: string | null;
  snapshotId: string | null;
  unpricedReason: string | null;
  warnings: unknown;
  source: string;
  ingestedAt: Date;
}

/** Stored events by id, or the latest by time of the call (index-backed); `teamIds` restricts to those teams (team keys). */
export async function listStoredEvents(
  orgId: string,
  opts: { ids?: readonly string[]; teamIds?: readonly string[] | null; limit: number },
): Promise<StoredEventRow[]> {
  // By id: the ledger gives each id's occurred_at, so the lookup uses the (org_id, occurred_at, id) key per partition.
  const byId = opts.ids && opts.ids.length > 0
    ? Prisma.sql`AND (e.occurred_at, e.id) IN (SELECT l.occurred_at, l.id FROM usage_event_ids l
        WHERE l.org_id = ${orgId}::uuid AND l.id = ANY(${[...opts.ids]}::text[]))`
    : Prisma.empty;
  const byTeam = opts.teamIds ? Prisma.sql`AND e.team_id = ANY(${[...opts.teamIds]}::uuid[])` : Prisma.empty;
  return db().$queryRaw<StoredEventRow[]>(Prisma.sql`
    SELECT e.id, e.occurred_at AS "occurredAt", t.slug AS team, e.feature, e.workflow::text AS workflow, e.stage, e.model,
      COALESCE(e.model_as_called, e.model) AS "modelAsCalled", e.provider, e.images, e.size, e.quality, e.batch, e.attempt, e.outcome::text AS outcome, e.priced, e.estimated,
      e.cost::text AS cost, e.snapshot_id::text AS "snapshotId", e.unpriced_reason AS "unpricedReason", e.warnings,
      e.source, e.ingested_at AS "ingestedAt"
    FROM usage_events e JOIN teams t ON t.id = e.team_id
    WHERE e.org_id = ${orgId}::uuid ${byId} ${byTeam}
    ORDER BY e.occurred_at DESC, e.id
    LIMIT ${opts.limit}`);
}

export interface IngestSummaryRow {
  source: string;
  events: bigint;
  unpriced: bigint;
  estimated: bigint;
  lastIngestedAt: Date | null;
}

/** Events per source ingested since `since` (the Usage page's summary). */
export function summarizeIngestion(orgId: string, since: Date): Promise<IngestSummaryRow[]> {
  return db().$queryRaw<IngestSummaryRow[]>(Prisma.sql`
    SELECT source, count(*)::bigint AS events, count(*) FILTER (WHERE NOT priced)::bigint AS unpriced,
      count(*) FILTER (WHERE estimated)::bigint AS estimated, max(ingested_at) AS "lastIngestedAt"
    FROM usage_events
    WHERE org_id = ${orgId}::uuid AND occurred_at >= ${since}
    GROUP BY source ORDER BY source`);
}

// ------------------------------------------------------------------------------------------- OpenAI billed costs

export interface BilledCostInput {
  date: string;
  projectId: string;
  lineItem: string;
  amount: string;
  currency: string;
}

/** Upserts billed cost rows; a re-imported day replaces its amount (the export is the source of truth). */
export async function upsertBilledCosts(tx: Tx, orgId: string, rows: readonly BilledCostInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.$executeRaw(Prisma.sql`
    INSERT INTO billed_costs (id, org_id, date, project_id, line_item, amount, currency)
    SELECT gen_random_uuid(), ${orgId}::uuid, r.date, r.project_id, r.line_item, r.amount, r.currency
    FROM unnest(${rows.map((r) => r.date)}::date[], ${rows.map((r) => r.projectId)}::text[], ${rows.map((r) => r.lineItem)}::text[],
      ${rows.map((r) => r.amount)}::numeric[], ${rows.map((r) => r.currency)}::text[]) AS r(date, project_id, line_item, amount, currency)
    ON CONFLICT (org_id, date, project_id, line_item)
    DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, imported_at = now()`);
}

export interface BilledProjectRow {
  projectId: string;
  total: string;
  firstDate: Date;
  lastDate: Date;
  days: bigint;
}

/** Projects seen in billed costs, with their totals (for the project -> team mapping settings). */
export function listBilledProjects(orgId: string): Promise<BilledProjectRow[]> {
  return db().$queryRaw<BilledProjectRow[]>(Prisma.sql`
    SELECT project_id AS "projectId", sum(amount)::text AS total, min(date) AS "firstDate", max(date) AS "lastDate",
      count(DISTINCT date)::bigint AS days
    FROM billed_costs WHERE org_id = ${orgId}::uuid
    GROUP BY project_id ORDER BY project_id`);
}

export function listProjectMappings(orgId: string, client: Client = db()) {
  return client.openAIProjectMapping.findMany({ where: { orgId }, orderBy: { projectId: "asc" } });
}

export function findProjectMapping(tx: Tx, orgId: string, projectId: string) {
  return tx.openAIProjectMapping.findUnique({ where: { orgId_projectId: { orgId, projectId } } });
}

export function upsertProjectMapping(tx: Tx, orgId: string, projectId: string, teamId: string) {
  return tx.openAIProjectMapping.upsert({
    where: { orgId_projectId: { orgId, projectId } },
    create: { orgId, projectId, teamId },
    update: { teamId },
  });
}

export function deleteProjectMapping(tx: Tx, orgId: string, projectId: string) {
  return tx.openAIProjectMapping.deleteMany({ where: { orgId, projectId } });
}

/** Ids and publish times of the published snapshots: enough to tell whether the set changed since pricing. */
export function findPublishedSnapshotStamps(tx: Tx, orgId: string) {
  return tx.pricingSnapshot.findMany({ where: { orgId, status: "published" }, select: { id: true, publishedAt: true } });
}
