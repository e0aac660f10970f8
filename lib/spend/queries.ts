/**
 * Data access for spend views: one function per query. Aggregates ask usage storage (lib/usage-store) which
 * grain answers exactly (planner.ts) and read the measures it defines, so a grain and the raw-event fallback
 * cannot disagree. Always through Prisma.sql with parameters; grouping columns come from the fixed map below,
 * never from request text. Aggregates (not the small lookups, which a request may just have written) go through
 * readDb(): the read replica when DATABASE_READ_URL is set.
 */
import { db, Prisma, readDb, type Tx } from "@/lib/db/client";
import { Decimal } from "@/lib/money/decimal";
import type { ReadScope } from "@/lib/auth/permissions";
import {
  COUNT_MEASURES,
  MEASURE_BY_KEY,
  MONEY_MEASURES,
  sumOf,
  type CountMeasure,
  type MoneyMeasure,
} from "@/lib/usage-store/measures";
import {
  orgSource,
  orgZone,
  planName,
  plannedSource,
  planQuery,
  rawShortfall,
  type Plan,
  type PlannedSource,
  type QueryDim,
} from "@/lib/usage-store/planner";
import { rawHorizon } from "@/lib/usage-store/partitions";

export { COUNT_MEASURES, MONEY_MEASURES, type CountMeasure, type MoneyMeasure };

/** Everything a spend aggregate can group by. "team" groups by team id (slugs are mapped by the service). */
export const AGG_DIMS = ["team", "feature", "model", "workflow", "provider", "day", "stage", "outcome", "quality", "size", "batch"] as const;
export type AggDim = (typeof AGG_DIMS)[number];

/** "rollup" = some grain answered; "raw" = raw events did. */
export type AggSource = "rollup" | "raw";

export interface AggFilters {
  /** null = all teams; [] = none (a team key asking for another team). */
  teamIds: string[] | null;
  features: string[];
  models: string[];
  workflows: string[];
  providers: string[];
  outcomes: string[];
  stages: string[];
  qualities: string[];
  sizes: string[];
  /** null = both. */
  batch: boolean | null;
}

export function noFilters(): AggFilters {
  return { teamIds: null, features: [], models: [], workflows: [], providers: [], outcomes: [], stages: [], qualities: [], sizes: [], batch: null };
}

export interface AggRequest {
  orgId: string;
  /** "raw" forces raw events (tests, comparisons); otherwise the planner picks the coarsest exact grain. */
  source?: AggSource;
  start: Date;
  endExclusive: Date;
  /** Zone for the "day" dimension. */
  tz: string;
  /** Grouping sets; [] inside means the grand total. Must be non-empty. */
  sets: AggDim[][];
  filters: AggFilters;
  /** Refuse answers larger than this many rows (the service turns it into a 422). */
  maxRows?: number;
}

export interface AggRow {
  /** Index into AggRequest.sets of the grouping set this row belongs to. */
  set: number;
  /** Values of the set's dimensions ("day" as YYYY-MM-DD, "batch" as "true"/"false", "team" as team id). */
  keys: Partial<Record<AggDim, string>>;
  counts: Record<CountMeasure, number>;
  money: Record<MoneyMeasure, string>;
}

export class TooManyRowsError extends Error {}

const sql = Prisma.sql;
const raw = Prisma.raw;

/** Grouping expressions in native types (grouping on uuid, enum, date and boolean is cheaper than on text). */
function dimExpr(dim: AggDim, src: PlannedSource): Prisma.Sql {
  if (dim === "day") return src.day;
  return raw(dim === "team" ? "t.team_id" : `t.${dim}`);
}

/** The grouped value as text in the answer. */
function dimOutput(dim: AggDim): string {
  return dim === "day" ? `to_char(s.d_day, 'YYYY-MM-DD')` : `s.d_${dim}::text`;
}

/** Dimensions a request's filters read (a grain must keep them to answer). */
function filterDims(f: AggFilters): QueryDim[] {
  const out: QueryDim[] = [];
  if (f.teamIds) out.push("team");
  if (f.features.length) out.push("feature");
  if (f.models.length) out.push("model");
  if (f.workflows.length) out.push("workflow");
  if (f.providers.length) out.push("provider");
  if (f.outcomes.length) out.push("outcome");
  if (f.stages.length) out.push("stage");
  if (f.qualities.length) out.push("quality");
  if (f.sizes.length) out.push("size");
  if (f.batch !== null) out.push("batch");
  return out;
}

function filterClause(f: AggFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.teamIds) parts.push(sql`t.team_id = ANY(${f.teamIds}::uuid[])`);
  if (f.features.length) parts.push(sql`t.feature = ANY(${f.features}::text[])`);
  if (f.models.length) parts.push(sql`t.model = ANY(${f.models}::text[])`);
  if (f.workflows.length) parts.push(sql`t.workflow::text = ANY(${f.workflows}::text[])`);
  if (f.providers.length) parts.push(sql`t.provider = ANY(${f.providers}::text[])`);
  if (f.outcomes.length) parts.push(sql`t.outcome::text = ANY(${f.outcomes}::text[])`);
  if (f.stages.length) parts.push(sql`t.stage = ANY(${f.stages}::text[])`);
  if (f.qualities.length) parts.push(sql`t.quality = ANY(${f.qualities}::text[])`);
  if (f.sizes.length) parts.push(sql`t.size = ANY(${f.sizes}::text[])`);
  if (f.batch !== null) parts.push(sql`t.batch = ${f.batch}`);
  return parts.length ? sql`AND ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

/** Sets that are not contained in another requested set: the only ones that need a query. */
export function maximalSets(sets: readonly AggDim[][]): AggDim[][] {
  const uniq: AggDim[][] = [];
  for (const set of sets) {
    const sorted = AGG_DIMS.filter((d) => set.includes(d));
    if (!uniq.some((u) => u.length === sorted.length && u.every((d, i) => d === sorted[i]))) uniq.push(sorted);
  }
  return uniq.filter((s) => !uniq.some((o) => o !== s && o.length > s.length && s.every((d) => o.includes(d))));
}

interface RawAgg {
  keys: Partial<Record<AggDim, string>>;
  counts: Record<CountMeasure, number>;
  money: Record<MoneyMeasure, string>;
}

/** The SQL of one grouping-set aggregate over a planned source (exported for EXPLAIN checks). */
export function groupQuerySql(req: AggRequest, src: PlannedSource, dims: AggDim[]): Prisma.Sql {
  const measures = [...COUNT_MEASURES, ...MONEY_MEASURES].map((k) => MEASURE_BY_KEY[k]);
  const inner: Prisma.Sql[] = [
    ...dims.map((d) => sql`${dimExpr(d, src)} AS ${raw(`d_${d}`)}`),
    ...measures.map((m) => raw(`t.${m.column}`)),
  ];
  const outer: Prisma.Sql[] = [
    ...dims.map((d) => raw(`${dimOutput(d)} AS d_${d}`)),
    ...measures.map((m) => raw(`${sumOf(m, "s")}${m.kind === "money" ? "::text" : ""} AS ${m.column}`)),
  ];
  const groupBy = dims.length ? raw(`GROUP BY ${dims.map((d) => `s.d_${d}`).join(", ")}`) : sql``;
  const limit = req.maxRows ? sql`LIMIT ${req.maxRows + 1}` : sql``;
  return sql`
    WITH s AS (
      SELECT ${Prisma.join(inner, ", ")} FROM ${src.relation} t WHERE ${src.where} ${filterClause(req.filters)}
    )
    SELECT ${Prisma.join(outer, ", ")} FROM s ${groupBy} ${limit}`;
}

async function groupQuery(client: Tx, req: AggRequest, src: PlannedSource, dims: AggDim[]): Promise<RawAgg[]> {
  const rows = await client.$queryRaw<Record<string, unknown>[]>(groupQuerySql(req, src, dims));
  if (req.maxRows && rows.length > req.maxRows) throw new TooManyRowsError(`more than ${req.maxRows} rows`);
  // An aggregate without GROUP BY answers one row even for no input; that row is the (zero) total.
  return rows.map((r) => {
    const keys: Partial<Record<AggDim, string>> = {};
    for (const d of dims) keys[d] = r[`d_${d}`] === null || r[`d_${d}`] === undefined ? "" : String(r[`d_${d}`]);
    const counts = {} as Record<CountMeasure, number>;
    for (const m of COUNT_MEASURES) counts[m] = Number(r[MEASURE_BY_KEY[m].column] as bigint);
    const money = {} as Record<MoneyMeasure, string>;
    for (const m of MONEY_MEASURES) money[m] = String(r[MEASURE_BY_KEY[m].column]);
    return { keys, counts, money };
  });
}

/** Rolls finer rows up to `dims` with exact decimal sums (the same numbers PostgreSQL would add). */
export function rollUp(rows: readonly RawAgg[], dims: readonly AggDim[]): RawAgg[] {
  const out = new Map<string, { keys: Partial<Record<AggDim, string>>; counts: Record<CountMeasure, number>; money: Record<MoneyMeasure, Decimal> }>();
  for (const r of rows) {
    const key = JSON.stringify(dims.map((d) => r.keys[d] ?? ""));
    let acc = out.get(key);
    if (!acc) {
      const keys: Partial<Record<AggDim, string>> = {};
      for (const d of dims) keys[d] = r.keys[d] ?? "";
      acc = {
        keys,
        counts: Object.fromEntries(COUNT_MEASURES.map((m) => [m, 0])) as Record<CountMeasure, number>,
        money: Object.fromEntries(MONEY_MEASURES.map((m) => [m, new Decimal(0)])) as Record<MoneyMeasure, Decimal>,
      };
      out.set(key, acc);
    }
    for (const m of COUNT_MEASURES) acc.counts[m] += r.counts[m];
    for (const m of MONEY_MEASURES) acc.money[m] = acc.money[m].plus(r.money[m]);
  }
  if (dims.length === 0 && out.size === 0) return rollUp([{ keys: {}, counts: Object.fromEntries(COUNT_MEASURES.map((m) => [m, 0])) as Record<CountMeasure, number>, money: Object.fromEntries(MONEY_MEASURES.map((m) => [m, "0"])) as Record<MoneyMeasure, string> }], []);
  return [...out.values()].map((a) => ({
    keys: a.keys,
    counts: a.counts,
    money: Object.fromEntries(MONEY_MEASURES.map((m) => [m, a.money[m].toFixed(12)])) as Record<MoneyMeasure, string>,
  }));
}

/**
 * Answers several grouping sets at once, e.g. [[feature, day], [feature], []] gives the sparkline series, the
 * per-feature totals and the grand total. One plan for the whole call (the grain that can answer every set and
 * filter); only the maximal sets are queried, subsets are rolled up here with exact decimal sums, so every total
 * equals the sum of its rows to the last digit. All queries of one call read one snapshot (REPEATABLE READ, which
 * also covers the org zone the daily grains were built in), so a batch ingested meanwhile cannot make one table
 * disagree with another.
 */
export async function aggregateSpendPlanned(
  req: AggRequest,
): Promise<{ rows: AggRow[]; plan: string; source: AggSource; shortfall?: string | null }> {
  if (req.sets.length === 0) throw new Error("aggregateSpend needs at least one grouping set");
  if (req.filters.teamIds && req.filters.teamIds.length === 0) return { rows: [], plan: "none", source: "rollup" };
  const maximal = maximalSets(req.sets);
  const { results, plan } = await readDb().$transaction(
    async (tx) => {
      // Aggregates over many grain rows: hash tables in memory, no JIT compile (it costs more than it saves here),
      // and no sorting (the planner multiplies the distinct counts of independent-looking columns and would rather
      // sort to disk than hash the few thousand groups there really are; these queries never need an ordering).
      await tx.$executeRaw(sql`SET LOCAL work_mem = '64MB'`);
      await tx.$executeRaw(sql`SET LOCAL jit = off`);
      await tx.$executeRaw(sql`SET LOCAL enable_sort = off`);
      let plan: Plan =
        req.source === "raw"
          ? { kind: "raw" }
          : planQuery({
              tz: req.tz,
              orgTimeZone: await orgZone(tx, req.orgId),
              start: req.start,
              endExclusive: req.endExclusive,
              dims: [...maximal.flat(), ...filterDims(req.filters)],
            });
      // Raw retention: a raw plan over months whose raw events were dropped says what it cannot answer.
      const rawFrom = plan.kind === "raw" ? await rawHorizon(tx) : null;
      if (rawFrom && req.start.getTime() < rawFrom.getTime()) plan = { kind: "raw", incompleteBefore: rawFrom };
      const src = plannedSource(plan, req.orgId, req);
      const out: RawAgg[][] = [];
      for (const dims of maximal) out.push(await groupQuery(tx, req, src, dims));
      return { results: out, plan };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, maxWait: 10_000, timeout: 120_000 },
  );
  const rows: AggRow[] = [];
  req.sets.forEach((set, index) => {
    const m = maximal.findIndex((mx) => set.every((d) => mx.includes(d)));
    const source = results[m];
    const derived = set.length === maximal[m].length ? source : rollUp(source, set);
    for (const r of derived) {
      if (set.length === 0 || r.counts.events > 0 || !isZeroRow(r)) rows.push({ set: index, keys: r.keys, counts: r.counts, money: r.money });
    }
  });
  return { rows, plan: planName(plan), source: plan.kind === "raw" ? "raw" : "rollup", shortfall: rawShortfall(plan) };
}

/** aggregateSpendPlanned's rows. */
export async function aggregateSpend(req: AggRequest): Promise<AggRow[]> {
  return (await aggregateSpendPlanned(req)).rows;
}

function isZeroRow(r: RawAgg): boolean {
  return COUNT_MEASURES.every((m) => r.counts[m] === 0) && MONEY_MEASURES.every((m) => new Decimal(r.money[m]).isZero());
}

// ---------------------------------------------------------------------------------------------------------------
// Small lookups
// ---------------------------------------------------------------------------------------------------------------

export function findOrgSettings(orgId: string) {
  return db().organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, timeZone: true, currency: true } });
}

export function listTeamsBrief(orgId: string) {
  return db().team.findMany({ where: { orgId }, orderBy: { slug: "asc" }, select: { id: true, slug: true, name: true } });
}

export function listFeatureRows(orgId: string) {
  return db().feature.findMany({
    where: { orgId },
    orderBy: { name: "asc" },
    select: { name: true, delayable: true, teamId: true, description: true },
  });
}

/** Distinct values of a text dimension seen during [start, end) (filter choices), from the grain the planner picks. */
export async function distinctRollupValues(
  orgId: string,
  column: "feature" | "model" | "provider" | "size" | "quality",
  start: Date,
  end: Date,
): Promise<string[]> {
  const src = await orgSource(readDb(), orgId, { start, endExclusive: end, dims: [column] });
  const rows = await readDb().$queryRaw<{ v: string }[]>(sql`
    SELECT DISTINCT ${raw(`t.${column}`)} AS v FROM ${src.relation} t WHERE ${src.where} ORDER BY 1 LIMIT 500`);
  return rows.map((r) => r.v);
}

/** Budgets as stored (the alerts capability owns their logic; views only display burn). */
export function listBudgetRows(orgId: string) {
  return db().budget.findMany({
    // Dollar budgets only: image quotas count images (Alerts → Budgets shows them).
    where: { orgId, unit: "usd" },
    orderBy: [{ name: "asc" }],
    select: { id: true, name: true, period: true, amount: true, hard: true, teamId: true, feature: true, model: true, workflow: true },
  });
}

/** Billed cost (imported from OpenAI) per calendar date in [fromDate, toDate]. */
/**
 * Billed costs are per OpenAI project: a team-scoped reader sees only projects mapped to its teams (unmapped
 * projects belong to the organization as a whole).
 */
function billedScopeSql(scope: ReadScope) {
  if (!scope.visibleTeamIds) return Prisma.empty;
  return sql`AND b.project_id IN (SELECT m.project_id FROM openai_project_mappings m
    WHERE m.org_id = ${scope.orgId}::uuid AND m.team_id = ANY(${scope.visibleTeamIds}::uuid[]))`;
}

export async function billedCostByDate(
  scope: ReadScope,
  fromDate: string,
  toDate: string,
): Promise<{ date: string; amount: string }[]> {
  return readDb().$queryRaw<{ date: string; amount: string }[]>(sql`
    SELECT to_char(b.date, 'YYYY-MM-DD') AS date, SUM(b.amount)::text AS amount
    FROM billed_costs b
    WHERE b.org_id = ${scope.orgId}::uuid AND b.date >= ${fromDate}::date AND b.date <= ${toDate}::date
      ${billedScopeSql(scope)}
    GROUP BY b.date ORDER BY b.date`);
}

export async function hasBilledCosts(scope: ReadScope): Promise<boolean> {
  const rows = await db().$queryRaw<unknown[]>(sql`
    SELECT 1 FROM billed_costs b WHERE b.org_id = ${scope.orgId}::uuid ${billedScopeSql(scope)} LIMIT 1`);
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Two-stage traces (raw events: the rollup has no trace id). Limited and paged.
// ---------------------------------------------------------------------------------------------------------------

export interface TraceStageRow {
  traceId: string;
  firstAt: Date;
  teamId: string;
  feature: string;
  events: number;
  analysisEvents: number;
  generationEvents: number;
  analysisCost: string;
  generationCost: string;
  cost: string;
  analysisModels: string;
  generationModels: string;
  unpricedEvents: number;
  images: number;
}

function traceWhere(orgId: string, start: Date, end: Date, f: AggFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    sql`t.org_id = ${orgId}::uuid`,
    sql`t.occurred_at >= ${start.toISOString()}::timestamptz`,
    sql`t.occurred_at < ${end.toISOString()}::timestamptz`,
    sql`t.workflow = 'analysis_then_generate'`,
    sql`t.trace_id IS NOT NULL`,
  ];
  if (f.teamIds) parts.push(sql`t.team_id = ANY(${f.teamIds}::uuid[])`);
  if (f.features.length) parts.push(sql`t.feature = ANY(${f.features}::text[])`);
  if (f.models.length) parts.push(sql`t.model = ANY(${f.models}::text[])`);
  if (f.providers.length) parts.push(sql`t.provider = ANY(${f.providers}::text[])`);
  if (f.outcomes.length) parts.push(sql`t.outcome::text = ANY(${f.outcomes}::text[])`);
  return Prisma.join(parts, " AND ");
}

export async function listTraceStages(
  orgId: string,
  start: Date,
  end: Date,
  filters: AggFilters,
  page: { offset: number; limit: number },
): Promise<{ rows: TraceStageRow[]; total: number }> {
  if (filters.teamIds && filters.teamIds.length === 0) return { rows: [], total: 0 };
  const where = traceWhere(orgId, start, end, filters);
  const [rows, count] = await Promise.all([
    readDb().$queryRaw<Record<string, unknown>[]>(sql`
      SELECT t.trace_id AS trace_id, MIN(t.occurred_at) AS first_at,
        (array_agg(t.team_id::text ORDER BY t.occurred_at))[1] AS team_id,
        (array_agg(t.feature ORDER BY t.occurred_at))[1] AS feature,
        COUNT(*)::bigint AS events,
        COUNT(*) FILTER (WHERE t.stage = 'analysis')::bigint AS analysis_events,
        COUNT(*) FILTER (WHERE t.stage = 'generation')::bigint AS generation_events,
        COALESCE(SUM(t.cost) FILTER (WHERE t.stage = 'analysis'), 0)::text AS analysis_cost,
        COALESCE(SUM(t.cost) FILTER (WHERE t.stage = 'generation'), 0)::text AS generation_cost,
        COALESCE(SUM(t.cost), 0)::text AS cost,
        COALESCE(string_agg(DISTINCT COALESCE(t.model_as_called, t.model), ', ') FILTER (WHERE t.stage = 'analysis'), '') AS analysis_models,
        COALESCE(string_agg(DISTINCT COALESCE(t.model_as_called, t.model), ', ') FILTER (WHERE t.stage = 'generation'), '') AS generation_models,
        COUNT(*) FILTER (WHERE NOT t.priced)::bigint AS unpriced_events,
        COALESCE(SUM(t.images), 0)::bigint AS images
      FROM usage_events t
      WHERE ${where}
      GROUP BY t.trace_id
      ORDER BY MIN(t.occurred_at) DESC, t.trace_id
      LIMIT ${page.limit} OFFSET ${page.offset}`),
    readDb().$queryRaw<{ n: bigint }[]>(sql`SELECT COUNT(DISTINCT t.trace_id)::bigint AS n FROM usage_events t WHERE ${where}`),
  ]);
  return {
    total: Number(count[0]?.n ?? 0),
    rows: rows.map((r) => ({
      traceId: String(r.trace_id),
      firstAt: r.first_at as Date,
      teamId: String(r.team_id),
      feature: String(r.feature),
      events: Number(r.events),
      analysisEvents: Number(r.analysis_events),
      generationEvents: Number(r.generation_events),
      analysisCost: String(r.analysis_cost),
      generationCost: String(r.generation_cost),
      cost: String(r.cost),
      analysisModels: String(r.analysis_models),
      generationModels: String(r.generation_models),
      unpricedEvents: Number(r.unpriced_events),
      images: Number(r.images),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Estimates
// ---------------------------------------------------------------------------------------------------------------

export interface EstimateRecord {
  orgId: string;
  name: string;
  feature: string;
  inputs: Prisma.InputJsonValue;
  perImageCost: string;
  totalCost: string;
  count: number;
  snapshotId: string | null;
  createdById: string | null;
}

export function insertEstimate(tx: Tx, e: EstimateRecord) {
  return tx.estimate.create({ data: e });
}

/**
 * Estimates belong to a feature; a team-scoped reader sees those whose feature its teams own (features.team_id).
 */
async function estimateScopeWhere(scope: ReadScope) {
  if (!scope.visibleTeamIds) return { orgId: scope.orgId };
  const owned = await db().feature.findMany({
    where: { orgId: scope.orgId, teamId: { in: scope.visibleTeamIds } },
    select: { name: true },
  });
  return { orgId: scope.orgId, feature: { in: owned.map((f) => f.name) } };
}

export async function listEstimateRows(scope: ReadScope, limit = 100) {
  const where = await estimateScopeWhere(scope);
  return db().estimate.findMany({ where, orderBy: { createdAt: "desc" }, take: limit });
}

export async function findEstimateRow(scope: ReadScope, id: string) {
  return db().estimate.findFirst({ where: { ...(await estimateScopeWhere(scope)), id } });
}

export interface NameAsCalledRow {
  asCalled: string;
  model: string;
  provider: string;
  events: number;
  cost: string;
}

/**
 * The model names as the applications called them, behind the canonical models the filters select, in [start, end)
 * (the model drill-down). Raw events: names as called are not a grain dimension.
 */
export async function listNamesAsCalled(orgId: string, start: Date, end: Date, filters: AggFilters, limit = 50): Promise<NameAsCalledRow[]> {
  if (filters.teamIds && filters.teamIds.length === 0) return [];
  const rows = await readDb().$queryRaw<(Omit<NameAsCalledRow, "events"> & { events: bigint })[]>(sql`
    SELECT COALESCE(t.model_as_called, t.model) AS "asCalled", t.model, t.provider, COUNT(*)::bigint AS events,
      COALESCE(SUM(t.cost), 0)::text AS cost
    FROM usage_events t
    WHERE t.org_id = ${orgId}::uuid AND t.occurred_at >= ${start.toISOString()}::timestamptz
      AND t.occurred_at < ${end.toISOString()}::timestamptz ${filterClause(filters)}
    GROUP BY 1, 2, 3 ORDER BY SUM(t.cost) DESC NULLS LAST, 1, 3
    LIMIT ${limit}`);
  return rows.map((r) => ({ ...r, events: Number(r.events) }));
}
