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
import { orgZoneSql } from "@/lib/usage-store/grains";
import {
  orgSource,
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
  /** Per set: only events and cost are read (the other measures come back as zero). */
  costOnly?: readonly boolean[];
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

/** The requested sets as distinct canonical sets (AGG_DIMS order), and for each request index its distinct set. */
export function distinctSets(sets: readonly AggDim[][]): { sets: AggDim[][]; of: number[] } {
  const uniq: AggDim[][] = [];
  const of = sets.map((set) => {
    const sorted = AGG_DIMS.filter((d) => set.includes(d));
    const at = uniq.findIndex((u) => u.length === sorted.length && u.every((d, i) => d === sorted[i]));
    if (at >= 0) return at;
    uniq.push(sorted);
    return uniq.length - 1;
  });
  return { sets: uniq, of };
}

interface RawAgg {
  keys: Partial<Record<AggDim, string>>;
  counts: Record<CountMeasure, number>;
  money: Record<MoneyMeasure, string>;
}

const ZERO_COUNTS = Object.fromEntries(COUNT_MEASURES.map((m) => [m, 0])) as Record<CountMeasure, number>;
const ZERO_MONEY = Object.fromEntries(MONEY_MEASURES.map((m) => [m, "0"])) as Record<MoneyMeasure, string>;

/** GROUPING(dims...) of a set: bit (n-1-i) is set when dims[i] is NOT in the set (PostgreSQL's definition). */
function groupingMask(all: readonly AggDim[], set: readonly AggDim[]): number {
  return all.reduce((mask, d, i) => (set.includes(d) ? mask : mask | (1 << (all.length - 1 - i))), 0);
}

/**
 * ONE aggregate answering several grouping sets over one planned source: GROUP BY GROUPING SETS, every sum in
 * PostgreSQL (numeric, exact), GROUPING() telling the sets apart. A `costOnly` aggregate sums events and cost only
 * (summing numerics is most of the work when a grain barely compresses, e.g. feature × day on sparse data).
 * Exported for EXPLAIN checks.
 */
export function groupingSetsSql(req: AggRequest, src: PlannedSource, sets: AggDim[][], costOnly: boolean): Prisma.Sql {
  const all = AGG_DIMS.filter((d) => sets.some((s) => s.includes(d)));
  const measures = (costOnly ? (["events", "cost"] as const) : [...COUNT_MEASURES, ...MONEY_MEASURES]).map((k) => MEASURE_BY_KEY[k]);
  const grouping = all.length ? `GROUPING(${all.map((d) => `s.d_${d}`).join(", ")})` : "0";
  const inner: Prisma.Sql[] = [
    ...all.map((d) => sql`${dimExpr(d, src)} AS ${raw(`d_${d}`)}`),
    ...measures.map((m) => raw(`t.${m.column}`)),
  ];
  const outer: Prisma.Sql[] = [
    raw(`${grouping} AS grp`),
    ...all.map((d) => raw(`${dimOutput(d)} AS d_${d}`)),
    ...measures.map((m) => raw(`${sumOf(m, "s")}${m.kind === "money" ? "::text" : ""} AS ${m.column}`)),
  ];
  const groupingSets = sets.map((s) => `(${s.map((d) => `s.d_${d}`).join(", ")})`).join(", ");
  const limit = req.maxRows ? sql`LIMIT ${(req.maxRows + 1) * sets.length}` : sql``;
  return sql`
    WITH s AS (
      SELECT ${Prisma.join(inner, ", ")} FROM ${src.relation} t WHERE ${src.where} ${filterClause(req.filters)}
    )
    SELECT ${Prisma.join(outer, ", ")} FROM s GROUP BY GROUPING SETS (${raw(groupingSets)}) ${limit}`;
}

/** Runs groupingSetsSql and returns each set's rows (same order as `sets`); measures not summed read as zero. */
async function groupingSetsQuery(client: Tx, req: AggRequest, src: PlannedSource, sets: AggDim[][], costOnly: boolean): Promise<RawAgg[][]> {
  const all = AGG_DIMS.filter((d) => sets.some((s) => s.includes(d)));
  const bySet = new Map(sets.map((s, i) => [groupingMask(all, s), i]));
  const rows = await client.$queryRaw<Record<string, unknown>[]>(groupingSetsSql(req, src, sets, costOnly));
  const out: RawAgg[][] = sets.map(() => []);
  // An empty grouping set answers one row even for no input; that row is the (zero) total.
  for (const r of rows) {
    const i = bySet.get(Number(r.grp)) as number;
    const keys: Partial<Record<AggDim, string>> = {};
    for (const d of sets[i]) keys[d] = r[`d_${d}`] === null || r[`d_${d}`] === undefined ? "" : String(r[`d_${d}`]);
    if (costOnly) {
      out[i].push({ keys, counts: { ...ZERO_COUNTS, events: Number(r.events) }, money: { ...ZERO_MONEY, cost: String(r.cost) } });
      continue;
    }
    const counts = {} as Record<CountMeasure, number>;
    for (const m of COUNT_MEASURES) counts[m] = Number(r[MEASURE_BY_KEY[m].column] as bigint);
    const money = {} as Record<MoneyMeasure, string>;
    for (const m of MONEY_MEASURES) money[m] = String(r[MEASURE_BY_KEY[m].column]);
    out[i].push({ keys, counts, money });
  }
  if (req.maxRows && out.some((x) => x.length > (req.maxRows as number))) throw new TooManyRowsError(`more than ${req.maxRows} rows`);
  return out;
}

/**
 * Answers several grouping sets at once, e.g. [[feature, day], [feature], []] gives the sparkline series, the
 * per-feature totals and the grand total. Each set gets its own plan (the coarsest grain that answers it and the
 * filters exactly); the sets sharing a plan are answered by ONE GROUPING SETS aggregate, every sum in PostgreSQL,
 * so every total equals the sum of its rows to the last digit and nothing is re-added in JS. All queries of one
 * call read one snapshot (REPEATABLE READ, which also covers the org zone the daily grains were built in), so a
 * batch ingested meanwhile cannot make one table disagree with another. `costOnly[i]` marks sets whose rows are
 * only read for events and cost (their other measures come back as zero).
 */
export async function aggregateSpendPlanned(
  req: AggRequest,
): Promise<{ rows: AggRow[]; plan: string; source: AggSource; shortfall?: string | null }> {
  if (req.sets.length === 0) throw new Error("aggregateSpend needs at least one grouping set");
  if (req.filters.teamIds && req.filters.teamIds.length === 0) return { rows: [], plan: "none", source: "rollup" };
  const { sets, of } = distinctSets(req.sets);
  // A distinct set is cost-only when every request of it is.
  const costOnly = sets.map((_, u) => of.every((x, i) => x !== u || req.costOnly?.[i] === true));
  const { results, plans } = await readDb().$transaction(
    async (tx) => {
      // Aggregates over many grain rows: hash tables in memory, no JIT compile (it costs more than it saves here),
      // and no sorting (the planner multiplies the distinct counts of independent-looking columns and would rather
      // sort to disk than hash the few thousand groups there really are; these queries never need an ordering).
      // One round trip: the three settings (transaction-local) and the org zone.
      const [settings] = await tx.$queryRaw<{ zone: string | null }[]>(sql`
        SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('enable_sort', 'off', true),
          ${orgZoneSql(req.orgId)} AS zone`);
      const zone = req.source === "raw" ? null : (settings?.zone ?? "UTC");
      const fdims = filterDims(req.filters);
      let plans: Plan[] = sets.map((set) =>
        zone === null
          ? { kind: "raw" }
          : planQuery({ tz: req.tz, orgTimeZone: zone, start: req.start, endExclusive: req.endExclusive, dims: [...set, ...fdims] }),
      );
      // Raw retention: a raw plan over months whose raw events were dropped says what it cannot answer.
      const rawFrom = plans.some((p) => p.kind === "raw") ? await rawHorizon(tx) : null;
      if (rawFrom && req.start.getTime() < rawFrom.getTime()) plans = plans.map((p): Plan => (p.kind === "raw" ? { kind: "raw", incompleteBefore: rawFrom } : p));
      const results: RawAgg[][] = sets.map(() => []);
      // One aggregate per (plan, cost-only or not).
      const groupOf = (i: number) => `${planName(plans[i])}${costOnly[i] ? " cost" : ""}`;
      for (const group of [...new Set(sets.map((_, i) => groupOf(i)))]) {
        const idx = sets.map((_, i) => i).filter((i) => groupOf(i) === group);
        const src = plannedSource(plans[idx[0]], req.orgId, req);
        const got = await groupingSetsQuery(tx, req, src, idx.map((i) => sets[i]), costOnly[idx[0]]);
        idx.forEach((i, k) => (results[i] = got[k]));
      }
      return { results, plans };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, maxWait: 10_000, timeout: 120_000 },
  );
  const rows: AggRow[] = [];
  req.sets.forEach((set, index) => {
    for (const r of results[of[index]]) {
      if (set.length === 0 || r.counts.events > 0 || !isZeroRow(r)) rows.push({ set: index, keys: r.keys, counts: r.counts, money: r.money });
    }
  });
  const names = [...new Set(plans.map(planName))];
  const shortfall = plans.map(rawShortfall).find((s) => s !== null) ?? null;
  return { rows, plan: names.join("+"), source: plans.some((p) => p.kind === "raw") ? "raw" : "rollup", shortfall };
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
    // Dollar budgets and image quotas (unit "images": amount and use count images).
    where: { orgId },
    orderBy: [{ name: "asc" }],
    select: { id: true, name: true, period: true, amount: true, hard: true, teamId: true, feature: true, model: true, workflow: true, unit: true, imageSize: true, imageQuality: true },
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
