/**
 * Spend aggregation service: who may see what (team keys see their team only), team ids <-> slugs, and the
 * public GET /api/v1/costs answer. Which grain (or raw events) answers is usage storage's planner's call.
 */
import { badRequest, unprocessable } from "@/lib/api/errors";
import { visibleTeamIds, type Principal } from "@/lib/auth/permissions";
import { COST_BUCKETS, type CostBucket } from "@/lib/cost/types";
import { dec, toAmountString } from "@/lib/money/decimal";
import { loadModelNameResolver } from "@/lib/pricing/published";
import { dayRangeToInstants } from "@/lib/time/tz";
import type { DateRange } from "@/lib/time/ranges";
import { filtersFrom, resolveApiRange, type CostsQuery, type Dimension, type SpendFilters } from "./filters";
import { figuresFrom, zeroFigures, type Figures } from "./figures";
import {
  aggregateSpendPlanned,
  findOrgSettings,
  listTeamsBrief,
  noFilters,
  TooManyRowsError,
  type AggDim,
  type AggFilters,
  type AggSource,
} from "./queries";

export interface TeamBrief {
  id: string;
  slug: string;
  name: string;
}

/** Per-request context: the organization, its zone and teams, and the teams this principal may see. */
export interface SpendContext {
  orgId: string;
  orgName: string;
  orgTimeZone: string;
  /** null = every team. */
  visibleTeamIds: string[] | null;
  teams: TeamBrief[];
  teamById: Map<string, TeamBrief>;
  teamBySlug: Map<string, TeamBrief>;
  /** A model name as typed (alias, dated variant, any case) -> the canonical model spend is kept under. */
  canonicalModel: (name: string) => string;
}

export async function loadSpendContext(p: Pick<Principal, "orgId"> & Partial<Principal>): Promise<SpendContext> {
  const [org, teams, canonicalModel] = await Promise.all([findOrgSettings(p.orgId), listTeamsBrief(p.orgId), loadModelNameResolver(p.orgId)]);
  if (!org) throw new Error(`organization ${p.orgId} not found`);
  const visible = p.kind ? visibleTeamIds(p as Principal) : null;
  const seen = visible ? teams.filter((t) => visible.includes(t.id)) : teams;
  return {
    orgId: org.id,
    orgName: org.name,
    orgTimeZone: org.timeZone,
    visibleTeamIds: visible,
    teams: seen,
    teamById: new Map(teams.map((t) => [t.id, t])),
    teamBySlug: new Map(seen.map((t) => [t.slug, t])),
    canonicalModel,
  };
}

export interface SpendQuery {
  range: DateRange;
  tz: string;
  filters: SpendFilters;
}

/** Team slugs -> ids, intersected with what the principal may see; unknown slugs are returned separately. */
export function resolveTeamFilter(ctx: SpendContext, slugs: readonly string[]): { teamIds: string[] | null; unknown: string[] } {
  const unknown: string[] = [];
  let ids: string[] | null = null;
  if (slugs.length) {
    ids = [];
    for (const s of slugs) {
      const t = ctx.teamBySlug.get(s) ?? ctx.teamBySlug.get(s.toLowerCase());
      if (t) ids.push(t.id);
      else if (![...ctx.teamById.values()].some((x) => x.slug === s)) unknown.push(s);
    }
  }
  if (ctx.visibleTeamIds) ids = (ids ?? ctx.visibleTeamIds).filter((id) => ctx.visibleTeamIds?.includes(id));
  return { teamIds: ids, unknown };
}

export function aggFiltersFor(ctx: SpendContext, f: SpendFilters, extra: Partial<AggFilters> = {}): AggFilters {
  return {
    ...noFilters(),
    teamIds: resolveTeamFilter(ctx, f.team).teamIds,
    features: f.feature,
    models: f.model.map(ctx.canonicalModel),
    workflows: f.workflow,
    providers: f.provider,
    outcomes: f.outcome,
    sizes: f.size,
    qualities: f.quality,
    ...extra,
  };
}

export interface SpendRow {
  set: number;
  /** Dimension values; "team" is the team slug, "stage" is "" for unstaged work. */
  keys: Partial<Record<AggDim, string>>;
  figures: Figures;
}

export interface AggregateOptions {
  extra?: Partial<AggFilters>;
  maxRows?: number;
  /**
   * Indices of sets whose rows are read for cost (and events) only, e.g. a per-day series: their other figures
   * are zero, which keeps large series (feature × day) cheap to send and shape.
   */
  costOnly?: number[];
}

const ZERO = zeroFigures();

/** Figures of a cost-only row: its cost and events, every other figure zero. */
function costOnlyFigures(cost: string, events: number): Figures {
  return { ...ZERO, buckets: { ...ZERO.buckets }, tokens: { ...ZERO.tokens }, cost: toAmountString(cost) as string, events };
}

/** Runs one multi-set aggregate for a view query. */
export async function aggregate(ctx: SpendContext, q: SpendQuery, sets: AggDim[][], opts: AggregateOptions = {}): Promise<{ rows: SpendRow[]; source: AggSource }> {
  const { start, endExclusive } = dayRangeToInstants(q.range.from, q.range.to, q.tz);
  const { rows, source } = await aggregateSpendPlanned({
    orgId: ctx.orgId,
    start,
    endExclusive,
    tz: q.tz,
    sets,
    filters: aggFiltersFor(ctx, q.filters, opts.extra),
    maxRows: opts.maxRows,
    costOnly: sets.map((_, i) => opts.costOnly?.includes(i) ?? false),
  });
  return {
    source,
    rows: rows.map((r) => {
      const keys = { ...r.keys };
      if (keys.team !== undefined) keys.team = ctx.teamById.get(keys.team)?.slug ?? keys.team;
      const figures = opts.costOnly?.includes(r.set) ? costOnlyFigures(r.money.cost, r.counts.events) : figuresFrom(r);
      return { set: r.set, keys, figures };
    }),
  };
}

/** Rows of one grouping set. */
export function rowsOf(rows: readonly SpendRow[], set: number): SpendRow[] {
  return rows.filter((r) => r.set === set);
}

/** The grand-total row of `set` (zero figures when there was no usage). */
export function totalOf(rows: readonly SpendRow[], set: number): Figures {
  return rows.find((r) => r.set === set)?.figures ?? zeroFigures();
}

// ---------------------------------------------------------------------------------------------------------------
// GET /api/v1/costs
// ---------------------------------------------------------------------------------------------------------------

export type BucketAmounts = Record<CostBucket, string>;

export interface CostsFigures {
  cost: string;
  events: number;
  images: number;
  acceptedOutputs: number;
  unpricedEvents: number;
  buckets: BucketAmounts;
}

export interface CostsResponse {
  currency: "USD";
  from: string;
  to: string;
  tz: string;
  groupBy: Dimension[];
  total: CostsFigures;
  rows: Array<Record<string, string | null> & CostsFigures>;
}

/** Most rows one costs answer may hold; beyond it the caller should narrow the range or the grouping. */
export const MAX_COST_ROWS = 50_000;

function publicFigures(f: Figures): CostsFigures {
  const buckets = {} as BucketAmounts;
  for (const b of COST_BUCKETS) buckets[b] = f.buckets[b];
  return { cost: f.cost, events: f.events, images: f.images, acceptedOutputs: f.acceptedOutputs, unpricedEvents: f.unpricedEvents, buckets };
}

/** Deterministic row order: days ascending, then cost descending, then the keys. */
export function sortCostRows(rows: readonly SpendRow[], dims: readonly Dimension[]): SpendRow[] {
  const byDay = dims.includes("day");
  // One Decimal per row, not two per comparison (tens of thousands of rows sort in milliseconds).
  return rows
    .map((r) => ({ r, cost: dec(r.figures.cost) }))
    .sort((a, b) => {
      if (byDay) {
        const x = a.r.keys.day ?? "";
        const y = b.r.keys.day ?? "";
        if (x !== y) return x < y ? -1 : 1;
      }
      const byCost = b.cost.comparedTo(a.cost);
      if (byCost) return byCost;
      for (const d of dims) {
        const x = a.r.keys[d] ?? "";
        const y = b.r.keys[d] ?? "";
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    })
    .map((x) => x.r);
}

export async function getCosts(principal: Principal, query: CostsQuery, now: Date = new Date()): Promise<{ body: CostsResponse; source: AggSource }> {
  const ctx = await loadSpendContext(principal);
  const tz = query.tz ?? ctx.orgTimeZone;
  const resolved = resolveApiRange({ from: query.from, to: query.to }, tz, now);
  if ("error" in resolved) throw badRequest(`${resolved.error.path}: ${resolved.error.message}`, [resolved.error]);
  const filters = filtersFrom(query);
  const { unknown } = resolveTeamFilter(ctx, filters.team);
  if (unknown.length) {
    throw badRequest(`team: unknown team slug ${unknown.map((s) => `"${s}"`).join(", ")}`, [{ path: "team", message: `unknown team slug ${unknown.join(", ")}` }]);
  }
  const dims = (query.groupBy ?? []) as Dimension[];
  const sets: AggDim[][] = dims.length ? [dims, []] : [[]];
  let result: Awaited<ReturnType<typeof aggregate>>;
  try {
    result = await aggregate(ctx, { range: resolved.range, tz, filters }, sets, { maxRows: MAX_COST_ROWS });
  } catch (e) {
    if (e instanceof TooManyRowsError) {
      throw unprocessable(`The answer would have more than ${MAX_COST_ROWS} rows; narrow the range or group by fewer dimensions.`, [
        { path: "groupBy", message: `more than ${MAX_COST_ROWS} rows` },
      ]);
    }
    throw e;
  }
  const totalSet = dims.length ? 1 : 0;
  const total = totalOf(result.rows, totalSet);
  const grouped = dims.length ? sortCostRows(rowsOf(result.rows, 0), dims) : total.events > 0 ? [{ set: 0, keys: {}, figures: total }] : [];
  const rows = grouped.map((r) => {
    const keys: Record<string, string | null> = {};
    for (const d of dims) {
      const v = r.keys[d] ?? "";
      keys[d] = d === "stage" && v === "" ? null : v;
    }
    return Object.assign(keys, publicFigures(r.figures)) as CostsResponse["rows"][number];
  });
  return {
    source: result.source,
    body: { currency: "USD", from: resolved.range.from, to: resolved.range.to, tz, groupBy: dims, total: publicFigures(total), rows },
  };
}
