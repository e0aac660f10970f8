/**
 * Data access for budgets, alert rules, firings and the outbox: one function per query. Metric sums read the grain
 * usage storage's planner picks (lib/usage-store): org-local daily grains for budget periods (exact in half-hour
 * zones too), hourly for hour windows, raw events for anything else.
 * Raw SQL only through Prisma.sql with parameters. Every function takes the client to use, so two workers
 * (two pools) can be exercised side by side in tests.
 */
import { db, Prisma, type Db, type Tx } from "@/lib/db/client";
import { HOURLY, orgZoneSql } from "@/lib/usage-store/grains";
import { orgSource, orgZone, sourceInZone, type QueryDim } from "@/lib/usage-store/planner";
import { scopedDailyCostSql } from "@/lib/usage-store/scoped";
import type { AlertScope } from "./rule-config";

const sql = Prisma.sql;
export type Client = Db | Tx;

export function scopeWhere(s: AlertScope): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (s.teamId) parts.push(sql`AND r.team_id = ${s.teamId}::uuid`);
  if (s.feature) parts.push(sql`AND r.feature = ${s.feature}`);
  if (s.model) parts.push(sql`AND r.model = ${s.model}`);
  if (s.workflow) parts.push(sql`AND r.workflow = ${s.workflow}::workflow`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Dimensions a scope filters by (a grain must keep them). */
export function scopeDims(s: AlertScope): QueryDim[] {
  const out: QueryDim[] = [];
  if (s.teamId) out.push("team");
  if (s.feature) out.push("feature");
  if (s.model) out.push("model");
  if (s.workflow) out.push("workflow");
  return out;
}

const hourly = Prisma.raw(HOURLY.table);

// ------------------------------------------------------------------------------------------------ evaluation

const RULE_FOR_EVALUATION = {
  budget: true,
  org: { select: { name: true, timeZone: true } },
} as const;

/** Enabled rules (of one organization, or all), with their budget and organization. */
export function listEnabledRules(client: Client, orgId?: string) {
  return client.alertRule.findMany({
    where: { enabled: true, ...(orgId ? { orgId } : {}) },
    include: RULE_FOR_EVALUATION,
    orderBy: [{ orgId: "asc" }, { createdAt: "asc" }],
  });
}
export type RuleForEvaluation = Awaited<ReturnType<typeof listEnabledRules>>[number];

export function findRuleForEvaluation(client: Client, orgId: string, id: string) {
  return client.alertRule.findFirst({ where: { orgId, id }, include: RULE_FOR_EVALUATION });
}

export async function firedClaimKeys(client: Client, ruleId: string, periodKey: string): Promise<string[]> {
  const rows = await client.alertFiring.findMany({ where: { ruleId, periodKey }, select: { claimKey: true } });
  return rows.map((r) => r.claimKey);
}

/** firedClaimKeys of many (rule, period) pairs in one query; the map is keyed `${ruleId} ${periodKey}`. */
export async function firedClaimKeysOf(client: Client, pairs: { ruleId: string; periodKey: string }[]): Promise<Map<string, string[]>> {
  const out = new Map(pairs.map((p) => [`${p.ruleId} ${p.periodKey}`, [] as string[]]));
  if (pairs.length === 0) return out;
  const rows = await client.alertFiring.findMany({
    where: { ruleId: { in: [...new Set(pairs.map((p) => p.ruleId))] }, periodKey: { in: [...new Set(pairs.map((p) => p.periodKey))] } },
    select: { ruleId: true, periodKey: true, claimKey: true },
  });
  for (const r of rows) out.get(`${r.ruleId} ${r.periodKey}`)?.push(r.claimKey);
  return out;
}

/** Spend in [from, to). */
export async function sumSpend(client: Client, orgId: string, scope: AlertScope, from: Date, to: Date): Promise<string> {
  const src = await orgSource(client, orgId, { start: from, endExclusive: to, dims: scopeDims(scope) }, "r");
  const rows = await client.$queryRaw<{ cost: string }[]>(sql`
    SELECT COALESCE(SUM(r.cost), 0)::text AS cost FROM ${src.relation} r
    WHERE ${src.where} ${scopeWhere(scope)}`);
  return rows[0]?.cost ?? "0";
}

/** Spend per local calendar day in [from, to). */
export async function dailySpend(client: Client, orgId: string, scope: AlertScope, from: Date, to: Date, tz: string) {
  const src = await orgSource(client, orgId, { start: from, endExclusive: to, tz, dims: ["day", ...scopeDims(scope)] }, "r");
  return client.$queryRaw<{ date: string; cost: string }[]>(sql`
    WITH s AS (SELECT ${src.day} AS day, r.cost FROM ${src.relation} r WHERE ${src.where} ${scopeWhere(scope)})
    SELECT to_char(s.day, 'YYYY-MM-DD') AS date, SUM(s.cost)::text AS cost FROM s
    GROUP BY s.day ORDER BY s.day`);
}

/** The first hour the organization recorded any usage (days before it are "no data", not "zero spend"). */
export async function firstUsageHour(client: Client, orgId: string): Promise<Date | null> {
  const rows = await client.$queryRaw<{ first: Date | null }[]>(sql`
    SELECT MIN(r.hour) AS first FROM ${hourly} r WHERE r.org_id = ${orgId}::uuid`);
  return rows[0]?.first ?? null;
}

/** Spend in the window [windowStart, to) and in the lookback [lookbackStart, windowStart). */
export async function spikeSums(client: Client, orgId: string, scope: AlertScope, lookbackStart: Date, windowStart: Date, to: Date) {
  const rows = await client.$queryRaw<{ window: string; lookback: string }[]>(sql`
    SELECT COALESCE(SUM(r.cost) FILTER (WHERE r.hour >= ${ts(windowStart)}), 0)::text AS window,
           COALESCE(SUM(r.cost) FILTER (WHERE r.hour < ${ts(windowStart)}), 0)::text AS lookback
    FROM ${hourly} r
    WHERE r.org_id = ${orgId}::uuid AND r.hour >= ${ts(lookbackStart)} AND r.hour < ${ts(to)} ${scopeWhere(scope)}`);
  return { windowSpend: rows[0]?.window ?? "0", lookbackSpend: rows[0]?.lookback ?? "0" };
}

/** Attempt counts in [from, to) for the retries and unpriced metrics. */
export async function attemptCounts(client: Client, orgId: string, scope: AlertScope, from: Date, to: Date) {
  const src = await orgSource(client, orgId, { start: from, endExclusive: to, dims: ["outcome", ...scopeDims(scope)] }, "r");
  const rows = await client.$queryRaw<{ attempts: bigint; accepted: bigint; retries: bigint; failed: bigint; unpriced: bigint }[]>(sql`
    SELECT COALESCE(SUM(r.events), 0)::bigint AS attempts,
           COALESCE(SUM(r.accepted_outputs), 0)::bigint AS accepted,
           COALESCE(SUM(r.retries), 0)::bigint AS retries,
           COALESCE(SUM(r.events) FILTER (WHERE r.outcome IN ('rejected', 'failed')), 0)::bigint AS failed,
           COALESCE(SUM(r.unpriced_events), 0)::bigint AS unpriced
    FROM ${src.relation} r
    WHERE ${src.where} ${scopeWhere(scope)}`);
  const r = rows[0];
  return {
    attempts: Number(r?.attempts ?? 0),
    acceptedOutputs: Number(r?.accepted ?? 0),
    retries: Number(r?.retries ?? 0),
    failedOrRejected: Number(r?.failed ?? 0),
    unpricedCount: Number(r?.unpriced ?? 0),
  };
}

export type TopMeasure = "cost" | "retries" | "unpriced";

/** The five features and five models contributing most to `measure` in [from, to), in one pass. */
export async function topContributors(client: Client, orgId: string, scope: AlertScope, from: Date, to: Date, measure: TopMeasure) {
  const m =
    measure === "cost"
      ? sql`SUM(r.cost)`
      : measure === "retries"
        ? sql`(SUM(r.retries) + COALESCE(SUM(r.events) FILTER (WHERE r.outcome IN ('rejected', 'failed')), 0))`
        : sql`SUM(r.unpriced_events)`;
  const dims: QueryDim[] = ["feature", "model", ...(measure === "retries" ? (["outcome"] as const) : []), ...scopeDims(scope)];
  const src = await orgSource(client, orgId, { start: from, endExclusive: to, dims }, "r");
  const rows = await client.$queryRaw<{ kind: "feature" | "model"; name: string; value: string }[]>(sql`
    WITH g AS (
      SELECT r.feature, r.model, GROUPING(r.feature, r.model) AS grp, ${m} AS v
      FROM ${src.relation} r
      WHERE ${src.where} ${scopeWhere(scope)}
      GROUP BY GROUPING SETS ((r.feature), (r.model))
    ), ranked AS (
      SELECT CASE WHEN grp = 1 THEN 'feature' ELSE 'model' END AS kind, COALESCE(feature, model) AS name, v,
             row_number() OVER (PARTITION BY grp ORDER BY v DESC, COALESCE(feature, model)) AS n
      FROM g WHERE v > 0
    )
    SELECT kind, name, v::text AS value FROM ranked WHERE n <= 5 ORDER BY kind, n`);
  return {
    features: rows.filter((r) => r.kind === "feature").map((r) => ({ name: r.name, value: r.value })),
    models: rows.filter((r) => r.kind === "model").map((r) => ({ name: r.name, value: r.value })),
  };
}

/**
 * Inside the claim transaction: holds the rule (FOR SHARE) if it is still enabled and not muted, so a mute or
 * delete that commits first wins, and one that comes later waits for the claim to finish.
 */
export async function lockActiveRule(tx: Tx, ruleId: string, now: Date): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>(sql`
    SELECT id::text FROM alert_rules
    WHERE id = ${ruleId}::uuid AND enabled AND (muted_until IS NULL OR muted_until <= ${ts(now)})
    FOR SHARE`);
  return rows.length === 1;
}

export interface FiringRecord {
  orgId: string;
  ruleId: string;
  claimKey: string;
  periodKey: string;
  threshold: string;
  value: string;
  budgetAmount: string | null;
  forecast: string | null;
  details: Prisma.InputJsonValue;
  firedAt: Date;
}

/** The claim: inserts the firing unless (rule, claim key) exists. Returns the new id, or null when another won. */
export async function claimFiring(tx: Tx, f: FiringRecord): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>(sql`
    INSERT INTO alert_firings (id, org_id, rule_id, claim_key, period_key, threshold, value, budget_amount, forecast, details, fired_at)
    VALUES (gen_random_uuid(), ${f.orgId}::uuid, ${f.ruleId}::uuid, ${f.claimKey}, ${f.periodKey}, ${f.threshold},
            ${f.value}::numeric, ${f.budgetAmount}::numeric, ${f.forecast}::numeric, ${JSON.stringify(f.details)}::jsonb, ${ts(f.firedAt)})
    ON CONFLICT (rule_id, claim_key) DO NOTHING
    RETURNING id::text`);
  return rows[0]?.id ?? null;
}

export interface OutboxRecord {
  orgId: string;
  firingId: string | null;
  kind: "email" | "webhook";
  /** Email address; for a webhook its masked URL (display only). */
  recipient: string;
  /** The rule whose webhook URL a webhook message goes to. */
  ruleId: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
}

export async function insertOutboxMessages(tx: Client, rows: OutboxRecord[], now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const m = await tx.outboxMessage.create({ data: { ...r, nextAttemptAt: now, createdAt: now }, select: { id: true } });
    ids.push(m.id);
  }
  return ids;
}

// ------------------------------------------------------------------------------------------------ outbox delivery

export interface ClaimedMessage {
  id: string;
  orgId: string;
  kind: string;
  recipient: string;
  ruleId: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
}

/**
 * Takes up to `limit` due messages for this worker: FOR UPDATE SKIP LOCKED so concurrent workers pick disjoint
 * rows, and a lease (locked_until) so nobody else takes them while the send is in flight. One statement, so the
 * lease is committed before anything is sent; attempts count claims, crashed ones included.
 */
export async function claimDueMessages(
  client: Client,
  opts: { now: Date; leaseUntil: Date; limit: number; kinds: string[]; ids?: string[]; orgId?: string },
): Promise<ClaimedMessage[]> {
  if (opts.kinds.length === 0) return [];
  const only = Prisma.join(
    [opts.ids ? sql`AND id = ANY(${opts.ids}::uuid[])` : Prisma.empty, opts.orgId ? sql`AND org_id = ${opts.orgId}::uuid` : Prisma.empty],
    " ",
  );
  const rows = await client.$queryRaw<
    { id: string; org_id: string; kind: string; recipient: string; rule_id: string | null; subject: string; text_body: string; html_body: string; attempts: number }[]
  >(sql`
    UPDATE outbox_messages SET locked_until = ${ts(opts.leaseUntil)}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_messages
      WHERE status = 'pending' AND next_attempt_at <= ${ts(opts.now)}
        AND (locked_until IS NULL OR locked_until <= ${ts(opts.now)})
        AND kind = ANY(${opts.kinds}::text[]) ${only}
      ORDER BY next_attempt_at, created_at
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text, org_id::text, kind, recipient, rule_id::text, subject, text_body, html_body, attempts`);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    kind: r.kind,
    recipient: r.recipient,
    ruleId: r.rule_id,
    subject: r.subject,
    textBody: r.text_body,
    htmlBody: r.html_body,
    attempts: Number(r.attempts),
  }));
}

/** After the server accepted the message. Only a message still pending is touched. */
export function markMessageSent(client: Client, id: string, now: Date) {
  return client.outboxMessage.updateMany({
    where: { id, status: "pending" },
    data: { status: "sent", sentAt: now, lockedUntil: null, lastError: null },
  });
}

export function markMessageFailed(client: Client, id: string, d: { status: "pending" | "failed"; nextAttemptAt: Date; lastError: string }) {
  return client.outboxMessage.updateMany({
    where: { id, status: "pending" },
    data: { status: d.status, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError.slice(0, 2000), lockedUntil: null },
  });
}

/** Where and how each rule that still has a webhook sends it (read at send time; never copied into the outbox). */
export interface WebhookTarget {
  url: string;
  format: string;
  /** Sealed (webhook-secret.ts); null for a rule created before signing existed, until its secret is rotated. */
  sealedSecret: string | null;
}

export async function webhookTargetsOfRules(client: Client, ruleIds: string[]): Promise<Map<string, WebhookTarget>> {
  const rows = await client.alertRule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, webhookUrl: true, webhookFormat: true, webhookSecret: true } });
  return new Map(rows.flatMap((r) => (r.webhookUrl ? [[r.id, { url: r.webhookUrl, format: r.webhookFormat, sealedSecret: r.webhookSecret }] as const] : [])));
}

/**
 * Admin "retry now": a failed message, or a pending one nobody holds, becomes due again. A message under a live
 * lease is being sent by a worker right now and is left alone (resetting it would let a second worker send it).
 */
export function requeueMessage(client: Client, orgId: string, id: string, now: Date) {
  return client.outboxMessage.updateMany({
    where: {
      id,
      orgId,
      OR: [{ status: "failed" }, { status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] }],
    },
    data: { status: "pending", nextAttemptAt: now, lockedUntil: null },
  });
}

/** Whether the message exists in the organization and is held under a live lease. */
export async function isMessageLeased(client: Client, orgId: string, id: string, now: Date): Promise<boolean> {
  const m = await client.outboxMessage.findFirst({ where: { id, orgId, status: "pending", lockedUntil: { gt: now } }, select: { id: true } });
  return m !== null;
}

/** Outbox state for health (all organizations): failed messages and the age of the oldest pending one. */
export async function outboxHealthCounts(client: Client, now: Date): Promise<{ failed: number; oldestPendingAgeSeconds: number | null }> {
  const rows = await client.$queryRaw<{ failed: bigint; oldest: Date | null }[]>(sql`
    SELECT (SELECT COUNT(*) FROM outbox_messages WHERE status = 'failed')::bigint AS failed,
           (SELECT MIN(created_at) FROM outbox_messages WHERE status = 'pending') AS oldest`);
  const oldest = rows[0]?.oldest ?? null;
  return {
    failed: Number(rows[0]?.failed ?? 0),
    oldestPendingAgeSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : null,
  };
}

// ------------------------------------------------------------------------------------------------ budgets

export function listBudgets(orgId: string, client: Client = db()) {
  return client.budget.findMany({ where: { orgId }, orderBy: [{ name: "asc" }, { createdAt: "asc" }] });
}

export function findBudget(orgId: string, id: string, client: Client = db()) {
  return client.budget.findFirst({ where: { orgId, id } });
}

export function countRulesForBudget(budgetId: string, client: Client = db()) {
  return client.alertRule.count({ where: { budgetId } });
}

export async function countRulesPerBudget(orgId: string, budgetIds: string[], client: Client = db()): Promise<Map<string | null, number>> {
  const rows = await client.alertRule.groupBy({ by: ["budgetId"], where: { orgId, budgetId: { in: budgetIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.budgetId, r._count._all]));
}

export interface SpendRange {
  key: string;
  scope: AlertScope;
  from: Date;
  to: Date;
}

/** Spend for several (scope, range) pairs in one statement: one planned, indexed range sum per pair. */
export async function spendForRanges(orgId: string, items: SpendRange[], client: Client = db()): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const zone = await orgZone(client, orgId);
  const parts = items.map((i) => {
    const src = sourceInZone(zone, orgId, { start: i.from, endExclusive: i.to, dims: scopeDims(i.scope) }, "r");
    return sql`SELECT ${i.key}::text AS key, (SELECT COALESCE(SUM(r.cost), 0) FROM ${src.relation} r
      WHERE ${src.where} ${scopeWhere(i.scope)})::text AS spent`;
  });
  const rows = await client.$queryRaw<{ key: string; spent: string }[]>(sql`${Prisma.join(parts, " UNION ALL ")}`);
  return new Map(rows.map((r) => [r.key, r.spent]));
}

export interface HardBudgetRow {
  req_team_id: string | null;
  req_team_slug: string | null;
  id: string | null;
  name: string | null;
  period: "day" | "week" | "month" | "quarter" | null;
  amount: string | null;
  team_id: string | null;
  feature: string | null;
  model: string | null;
  workflow: string | null;
  spent: string | null;
}

export type PeriodBounds = Record<"day" | "week" | "month" | "quarter", { from: Date; to: Date }>;

/**
 * Budget check in one statement: resolves the team (given by id or slug), selects the hard budgets whose scope
 * the request falls in, and sums each one's current-period spend from the narrowest org-local daily grain that
 * keeps the budget's scope (index range scans; periods start at local midnights of the org zone). Always
 * returns at least one row, carrying the resolved team id (null when the slug is unknown or none was given).
 */
export async function hardBudgetsWithSpend(
  orgId: string,
  req: { teamId: string | null; teamSlug: string | null; feature: string | null; model: string | null; workflow: string | null },
  bounds: PeriodBounds,
  client: Client = db(),
): Promise<HardBudgetRow[]> {
  const pick = (edge: "from" | "to") => sql`CASE b.period
      WHEN 'day' THEN ${ts(bounds.day[edge])} WHEN 'week' THEN ${ts(bounds.week[edge])}
      WHEN 'month' THEN ${ts(bounds.month[edge])} ELSE ${ts(bounds.quarter[edge])} END`;
  const zone = orgZoneSql(orgId);
  return client.$queryRaw<HardBudgetRow[]>(sql`
    WITH t AS (
      SELECT COALESCE(${req.teamId}::uuid, (SELECT id FROM teams WHERE org_id = ${orgId}::uuid AND slug = ${req.teamSlug}::text)) AS team_id
    )
    SELECT t.team_id::text AS req_team_id, (SELECT slug FROM teams WHERE id = t.team_id) AS req_team_slug, x.id, x.name, x.period, x.amount, x.team_id, x.feature, x.model, x.workflow, x.spent
    FROM t LEFT JOIN LATERAL (
      SELECT b.id::text, b.name, b.period::text AS period, b.amount::text AS amount, b.team_id::text AS team_id, b.feature, b.model,
             b.workflow::text AS workflow, COALESCE(s.spent, 0)::text AS spent
      FROM budgets b
      CROSS JOIN LATERAL (
        SELECT ${scopedDailyCostSql(
          sql`b.org_id`,
          sql`(${pick("from")} AT TIME ZONE ${zone})::date`,
          sql`(${pick("to")} AT TIME ZONE ${zone})::date`,
          { teamId: sql`b.team_id`, feature: sql`b.feature`, model: sql`b.model`, workflow: sql`b.workflow` },
        )} AS spent
      ) s
      WHERE b.org_id = ${orgId}::uuid AND b.hard AND b.unit = 'usd'
        AND (b.team_id IS NULL OR b.team_id = t.team_id)
        AND (b.feature IS NULL OR b.feature = ${req.feature}::text)
        AND (b.model IS NULL OR b.model = ${req.model}::text)
        AND (b.workflow IS NULL OR b.workflow = ${req.workflow}::workflow)
    ) x ON true
    ORDER BY x.name`);
}

// ------------------------------------------------------------------------------------------------ rules

export function listRules(orgId: string, client: Client = db()) {
  return client.alertRule.findMany({
    where: { orgId },
    include: { budget: { select: { id: true, name: true, period: true, amount: true, unit: true } } },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
}

export function findRule(orgId: string, id: string, client: Client = db()) {
  return client.alertRule.findFirst({ where: { orgId, id }, include: { budget: true } });
}

export function lastFiringPerRule(orgId: string, client: Client = db()) {
  return client.alertFiring.groupBy({ by: ["ruleId"], where: { orgId }, _max: { firedAt: true }, _count: { _all: true } });
}

export function listFirings(orgId: string, opts: { ruleId?: string; limit: number; offset: number }, client: Client = db()) {
  return client.alertFiring.findMany({
    where: { orgId, ...(opts.ruleId ? { ruleId: opts.ruleId } : {}) },
    include: { rule: { select: { id: true, name: true, metric: true } } },
    orderBy: [{ firedAt: "desc" }, { id: "asc" }],
    take: opts.limit,
    skip: opts.offset,
  });
}

export function countFirings(orgId: string, ruleId?: string, client: Client = db()) {
  return client.alertFiring.count({ where: { orgId, ...(ruleId ? { ruleId } : {}) } });
}

export function listOutbox(orgId: string, opts: { status?: "pending" | "sent" | "failed"; limit: number; offset: number }, client: Client = db()) {
  return client.outboxMessage.findMany({
    where: { orgId, ...(opts.status ? { status: opts.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: opts.limit,
    skip: opts.offset,
  });
}

export function countOutbox(orgId: string, client: Client = db()) {
  return client.outboxMessage.groupBy({ by: ["status"], where: { orgId }, _count: { _all: true } });
}

export function findOrgBrief(orgId: string, client: Client = db()) {
  return client.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, timeZone: true } });
}

export function listTeamsOf(orgId: string, client: Client = db()) {
  return client.team.findMany({ where: { orgId }, orderBy: { slug: "asc" }, select: { id: true, slug: true, name: true } });
}

export function findTeamBySlug(orgId: string, slug: string, client: Client = db()) {
  return client.team.findUnique({ where: { orgId_slug: { orgId, slug } }, select: { id: true, slug: true, name: true } });
}

export function findTeamById(orgId: string, id: string, client: Client = db()) {
  return client.team.findFirst({ where: { orgId, id }, select: { id: true, slug: true, name: true } });
}

/** Feature names known to the organization (form suggestions). */
export async function listFeatureNames(orgId: string, client: Client = db()): Promise<string[]> {
  const rows = await client.feature.findMany({ where: { orgId }, orderBy: { name: "asc" }, select: { name: true }, take: 500 });
  return rows.map((r) => r.name);
}

/** Models seen in the last `days` days (form suggestions). */
export async function listRecentModels(orgId: string, since: Date, client: Client = db()): Promise<string[]> {
  const rows = await client.$queryRaw<{ model: string }[]>(sql`
    SELECT DISTINCT r.model FROM ${hourly} r WHERE r.org_id = ${orgId}::uuid AND r.hour >= ${ts(since)} ORDER BY 1 LIMIT 200`);
  return rows.map((r) => r.model);
}
