import { Prisma } from "@/lib/db/client";
import { hasWholeHourOffsets, toZonedDate, zonedDayStart } from "@/lib/time/tz";
import { DAILY_GRAINS, HOURLY, type Grain } from "./grains";
import { rawMeasureRows, type EventDim } from "./measures";
import { rawHorizon } from "./partitions";

/**
 * The query planner of usage storage: picks the coarsest grain that answers a query EXACTLY, else raw events.
 *
 * A query is (zone, [start, endExclusive), the dimensions it groups or filters by, "day" = local date in the zone).
 * - A daily grain answers when the zone is the organization's zone (its days are the org's local dates), both ends
 *   are local day starts in it, and the grain keeps every dimension asked for. Narrowest grain first.
 * - The hourly grain answers when both ends are whole UTC hours and, if grouping by day, every offset of the zone
 *   in the range is a whole number of hours (then each UTC hour lies inside one local day).
 * - Otherwise raw events (e.g. days in Asia/Kolkata when the org zone is UTC, or a window ending at 10:30).
 *   Raw retention (partitions.ts) may have dropped raw events before the horizon `rawFrom`: a raw plan whose window
 *   starts before it says so (`incompleteBefore`), and callers must not present its answer as the total.
 */

export type QueryDim = EventDim | "day";

export interface PlanInput {
  tz: string;
  orgTimeZone: string;
  start: Date;
  endExclusive: Date;
  dims: Iterable<QueryDim>;
  /** Raw events before this instant may have been dropped by retention (rawHorizon); null/absent: none were. */
  rawFrom?: Date | null;
}

export type Plan =
  | { kind: "grain"; grain: Grain; fromDay?: string; toDayExclusive?: string }
  /** incompleteBefore: the window starts before the raw horizon, so raw events before it are missing. */
  | { kind: "raw"; incompleteBefore?: Date };

const HOUR_MS = 3_600_000;

function isLocalDayStart(instant: Date, tz: string): boolean {
  return zonedDayStart(toZonedDate(instant, tz), tz).getTime() === instant.getTime();
}

export function planQuery(q: PlanInput): Plan {
  const dims = new Set(q.dims);
  const eventDims = [...dims].filter((d): d is EventDim => d !== "day");
  const covers = (g: Grain) => eventDims.every((d) => g.dims.includes(d));
  if (q.tz === q.orgTimeZone && isLocalDayStart(q.start, q.tz) && isLocalDayStart(q.endExclusive, q.tz)) {
    const grain = DAILY_GRAINS.find(covers);
    if (grain) {
      const fromDay = toZonedDate(q.start, q.tz);
      return { kind: "grain", grain, fromDay, toDayExclusive: toZonedDate(q.endExclusive, q.tz) };
    }
  }
  const wholeHours = q.start.getTime() % HOUR_MS === 0 && q.endExclusive.getTime() % HOUR_MS === 0;
  if (wholeHours && covers(HOURLY) && (!dims.has("day") || hasWholeHourOffsets(q.tz, q.start, q.endExclusive))) {
    return { kind: "grain", grain: HOURLY };
  }
  if (q.rawFrom && q.start.getTime() < q.rawFrom.getTime()) return { kind: "raw", incompleteBefore: q.rawFrom };
  return { kind: "raw" };
}

/**
 * What a raw plan cannot answer, for the caller to show (null when it answers exactly): a window that starts before
 * the raw horizon needs raw events that retention dropped.
 */
export function rawShortfall(p: Plan): string | null {
  if (p.kind !== "raw" || !p.incompleteBefore) return null;
  return `raw events before ${p.incompleteBefore.toISOString()} were dropped by retention (RAW_RETENTION_MONTHS); ` +
    "this query needs them (a zone, window or grouping no rollup answers exactly), so it covers only the events from " +
    "then on: ask for whole days in the organization's zone, or whole UTC hours, to be answered from the rollups";
}

/** Name of what answers: the grain's name or "raw". */
export function planName(p: Plan): string {
  return p.kind === "raw" ? "raw" : p.grain.name;
}

export interface PlannedSource {
  /** A relation with the grain's (or measure rows') columns, to be aliased `t` by the caller. */
  relation: Prisma.Sql;
  /** Organization and time-window predicate over `t`. */
  where: Prisma.Sql;
  /** The local date (in the query zone) of a `t` row, as a SQL date. */
  day: Prisma.Sql;
}

/** FROM relation, WHERE and day expression for `plan`, over the caller's alias for the relation (default `t`). */
export function plannedSource(
  plan: Plan,
  orgId: string,
  q: Pick<PlanInput, "tz" | "start" | "endExclusive">,
  alias = "t",
): PlannedSource {
  const t = Prisma.raw(alias);
  const start = Prisma.sql`${q.start.toISOString()}::timestamptz`;
  const end = Prisma.sql`${q.endExclusive.toISOString()}::timestamptz`;
  if (plan.kind === "raw") {
    return {
      relation: rawMeasureRows(orgId),
      where: Prisma.sql`${t}.occurred_at >= ${start} AND ${t}.occurred_at < ${end}`,
      day: Prisma.sql`(${t}.occurred_at AT TIME ZONE ${q.tz})::date`,
    };
  }
  const org = Prisma.sql`${t}.org_id = ${orgId}::uuid`;
  if (plan.grain.time === "hour") {
    return {
      relation: Prisma.raw(plan.grain.table),
      where: Prisma.sql`${org} AND ${t}.hour >= ${start} AND ${t}.hour < ${end}`,
      day: Prisma.sql`(${t}.hour AT TIME ZONE ${q.tz})::date`,
    };
  }
  return {
    relation: Prisma.raw(plan.grain.table),
    where: Prisma.sql`${org} AND ${t}.day >= ${plan.fromDay}::date AND ${t}.day < ${plan.toDayExclusive}::date`,
    day: Prisma.sql`${t}.day`,
  };
}

interface ZoneReader {
  $queryRaw<T>(query: Prisma.Sql): PromiseLike<T>;
  organization: {
    findUnique(args: { where: { id: string }; select: { timeZone: true } }): PromiseLike<{ timeZone: string } | null>;
  };
}

/** The organization's zone (the zone its daily grains are keyed by). */
export async function orgZone(client: ZoneReader, orgId: string): Promise<string> {
  const org = await client.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  return org?.timeZone ?? "UTC";
}

/** Plans and renders a query of one organization whose zone is known; `tz` defaults to the org zone. */
export function sourceInZone(
  orgTimeZone: string,
  orgId: string,
  q: { start: Date; endExclusive: Date; dims: Iterable<QueryDim>; tz?: string; rawFrom?: Date | null },
  alias = "t",
): PlannedSource & { plan: Plan } {
  const input = { ...q, tz: q.tz ?? orgTimeZone, orgTimeZone };
  const plan = planQuery(input);
  return { ...plannedSource(plan, orgId, input, alias), plan };
}

/** sourceInZone after reading the org zone through `client` (alerts, budgets). */
export async function orgSource(
  client: ZoneReader,
  orgId: string,
  q: { start: Date; endExclusive: Date; dims: Iterable<QueryDim>; tz?: string },
  alias = "t",
): Promise<PlannedSource & { plan: Plan }> {
  const zone = await orgZone(client, orgId);
  const src = sourceInZone(zone, orgId, q, alias);
  // Only a raw plan depends on the raw horizon (one more read, off the rollup path).
  return src.plan.kind === "raw" ? sourceInZone(zone, orgId, { ...q, rawFrom: await rawHorizon(client) }, alias) : src;
}
