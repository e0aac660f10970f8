/**
 * Shared request vocabulary for spend views and APIs: date ranges, time zones, dimension filters, grouping
 * and paging. Pure (zod + time helpers), so API routes, pages, exports and the CLI parse the same way.
 *
 * URL contract (pages and /api/v1/costs alike; the alert mails link to it):
 *   from, to      inclusive calendar dates YYYY-MM-DD in tz      range  a preset instead (last30, mtd ...)
 *   tz            IANA zone, default the organization's
 *   team, feature, model, workflow, provider, outcome, size, quality   comma lists (repeated params also work on pages)
 *   groupBy       comma list of DIMENSIONS (API)                   sort, dir, page  (tables)
 */
import { z } from "zod";
import { isCalendarDate, toEpochDay, type CalendarDate } from "@/lib/time/calendar";
import { isValidTimeZone, todayIn } from "@/lib/time/tz";
import { RANGE_PRESETS, isRangePreset, presetRange, type DateRange, type RangePreset } from "@/lib/time/ranges";
import { firstOfMonth } from "@/lib/time/calendar";

/** Dimensions a cost query can group by (the public costs API vocabulary). */
export const DIMENSIONS = ["team", "feature", "model", "workflow", "provider", "day", "stage", "outcome"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Dimensions that can be filtered on (comma lists). */
export const FILTER_KEYS = ["team", "feature", "model", "workflow", "provider", "outcome", "size", "quality"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const WORKFLOW_VALUES = ["text_to_image", "image_edit", "vision_analysis", "analysis_then_generate"] as const;
export type WorkflowValue = (typeof WORKFLOW_VALUES)[number];
export const OUTCOME_VALUES = ["accepted", "rejected", "failed", "unknown"] as const;
export type OutcomeValue = (typeof OUTCOME_VALUES)[number];

export const WORKFLOW_LABELS: Record<WorkflowValue, string> = {
  text_to_image: "Text to image",
  image_edit: "Image edit",
  vision_analysis: "Vision analysis",
  analysis_then_generate: "Analysis then generate",
};

/** Filters as the user gives them: team slugs, feature names, model ids ... (empty = no filter). */
export interface SpendFilters {
  team: string[];
  feature: string[];
  model: string[];
  workflow: WorkflowValue[];
  provider: string[];
  outcome: OutcomeValue[];
  /** Image size and quality, e.g. "1024x1024", "high" (an image quota's alert links to them). */
  size: string[];
  quality: string[];
}

export function emptyFilters(): SpendFilters {
  return { team: [], feature: [], model: [], workflow: [], provider: [], outcome: [], size: [], quality: [] };
}

/** Longest range one query may cover (a little over two years: "ytd" plus a year of comparison). */
export const MAX_RANGE_DAYS = 800;
const MAX_LIST_ITEMS = 100;
const MAX_VALUE_LENGTH = 200;

export const calendarDateSchema = z
  .string()
  .refine((s) => isCalendarDate(s), { message: "must be a calendar date YYYY-MM-DD" });

export const timeZoneSchema = z
  .string()
  .refine((s) => isValidTimeZone(s), { message: "must be an IANA time zone name such as Europe/Berlin or UTC" });

function splitList(s: string): string[] {
  return s
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** "a, b,,c" -> ["a","b","c"], each item validated by `item`; repeated values are refused. */
export function commaList<T extends z.ZodType>(item: T): z.ZodType<z.output<T>[], string> {
  const list = z
    .array(item)
    .max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} values`)
    .refine((xs) => new Set(xs).size === xs.length, { message: "lists a value twice" });
  // The cast only restates what pipe() produces; zod cannot infer it through the generic.
  return z.string().transform(splitList).pipe(list as unknown as z.ZodType<z.output<T>[], string[]>);
}

const filterValue = z.string().max(MAX_VALUE_LENGTH, `values are at most ${MAX_VALUE_LENGTH} characters`);

export const filterSchemas = {
  team: commaList(filterValue),
  feature: commaList(filterValue),
  model: commaList(filterValue),
  workflow: commaList(z.enum(WORKFLOW_VALUES, { error: `must be one of ${WORKFLOW_VALUES.join(", ")}` })),
  provider: commaList(filterValue.transform((s) => s.toLowerCase())),
  outcome: commaList(z.enum(OUTCOME_VALUES, { error: `must be one of ${OUTCOME_VALUES.join(", ")}` })),
  size: commaList(filterValue),
  quality: commaList(filterValue),
};

export const groupBySchema = commaList(z.enum(DIMENSIONS, { error: `must be one of ${DIMENSIONS.join(", ")}` }));

export const pagingSchema = {
  page: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(100_000).default(1),
  pageSize: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(200, "must be at most 200").default(25),
};


/**
 * Query of GET /api/v1/costs. from/to default to month-to-date in tz (to = today, from = the first of to's month);
 * the resolved values are echoed in the answer.
 */
const costsQueryShape = {
  from: calendarDateSchema.optional(),
  to: calendarDateSchema.optional(),
  tz: timeZoneSchema.optional(),
  groupBy: groupBySchema.optional(),
  ...filterSchemas,
};

export const costsQuerySchema = z
  .object(costsQueryShape)
  .partial()
  // Unknown parameters are named in the error instead of silently ignored (a typo would change the answer).
  .catchall(z.unknown())
  .superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (!(key in costsQueryShape)) ctx.addIssue({ code: "custom", path: [key], message: "is not a known parameter" });
    }
    if (q.from && q.to && isCalendarDate(q.from) && isCalendarDate(q.to)) {
      const days = toEpochDay(q.to) - toEpochDay(q.from) + 1;
      if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${q.from})` });
      else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `the range may cover at most ${MAX_RANGE_DAYS} days` });
    }
  });
export type CostsQuery = z.infer<typeof costsQuerySchema>;

export function filtersFrom(q: Partial<Record<FilterKey, string[] | undefined>>): SpendFilters {
  return {
    team: q.team ?? [],
    feature: q.feature ?? [],
    model: q.model ?? [],
    workflow: (q.workflow ?? []) as WorkflowValue[],
    provider: q.provider ?? [],
    outcome: (q.outcome ?? []) as OutcomeValue[],
    size: q.size ?? [],
    quality: q.quality ?? [],
  };
}

/**
 * Resolves the optional from/to of an API query: month-to-date in tz by default; a lone `from` runs to today, a
 * lone `to` starts at the first of its month. Returns an error message (for `to`) when the result is empty or too long.
 */
export function resolveApiRange(
  q: { from?: CalendarDate; to?: CalendarDate },
  tz: string,
  now: Date,
): { range: DateRange } | { error: { path: "from" | "to"; message: string } } {
  const to = q.to ?? todayIn(tz, now);
  const from = q.from ?? firstOfMonth(to);
  const days = toEpochDay(to) - toEpochDay(from) + 1;
  if (days < 1) return { error: { path: q.to ? "to" : "from", message: `the range is empty: ${from} is after ${to}` } };
  if (days > MAX_RANGE_DAYS) return { error: { path: q.to ? "to" : "from", message: `the range may cover at most ${MAX_RANGE_DAYS} days` } };
  return { range: { from, to } };
}

// ---------------------------------------------------------------------------------------------------------------
// Pages: lenient parsing. A bad value never breaks a page; it is reported and the default used instead.
// ---------------------------------------------------------------------------------------------------------------

export type SearchParams = Record<string, string | string[] | undefined>;

export const DEFAULT_PRESET: RangePreset = "last30";

export interface ViewParams {
  range: DateRange;
  /** The preset the range came from, or null for a custom from/to. */
  preset: RangePreset | null;
  tz: string;
  /** True when ?tz= overrides the organization's zone (kept in links). */
  tzOverride: boolean;
  filters: SpendFilters;
  /** Human-readable problems with the URL, shown on the page. */
  problems: string[];
}

/** All values of a param: repeated params and comma lists alike. */
export function paramList(sp: SearchParams, key: string): string[] {
  const v = sp[key];
  const raw = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return raw.flatMap(splitList);
}

export function paramOne(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === "" ? undefined : s.trim();
}

export function parseViewParams(sp: SearchParams, orgTimeZone: string, now: Date = new Date()): ViewParams {
  const problems: string[] = [];
  let tz = isValidTimeZone(orgTimeZone) ? orgTimeZone : "UTC";
  let tzOverride = false;
  const tzParam = paramOne(sp, "tz");
  if (tzParam) {
    if (isValidTimeZone(tzParam)) {
      tz = tzParam;
      tzOverride = tzParam !== orgTimeZone;
    } else problems.push(`Unknown time zone "${tzParam}"; showing ${tz}.`);
  }

  let preset: RangePreset | null = DEFAULT_PRESET;
  let range = presetRange(DEFAULT_PRESET, tz, now);
  const from = paramOne(sp, "from");
  const to = paramOne(sp, "to");
  const rangeParam = paramOne(sp, "range");
  if (from || to) {
    const f = from ?? to ?? "";
    const t = to ?? todayIn(tz, now);
    if (!isCalendarDate(f) || !isCalendarDate(t)) {
      problems.push(`The dates must look like 2026-11-25; showing the default range.`);
    } else if (toEpochDay(t) < toEpochDay(f)) {
      problems.push(`The range ends (${t}) before it starts (${f}); showing the default range.`);
    } else if (toEpochDay(t) - toEpochDay(f) + 1 > MAX_RANGE_DAYS) {
      problems.push(`A range may cover at most ${MAX_RANGE_DAYS} days; showing the default range.`);
    } else {
      range = { from: f, to: t };
      preset = null;
    }
  } else if (rangeParam) {
    if (isRangePreset(rangeParam)) {
      preset = rangeParam;
      range = presetRange(rangeParam, tz, now);
    } else problems.push(`Unknown range "${rangeParam}" (use one of ${RANGE_PRESETS.join(", ")}).`);
  }

  const filters = emptyFilters();
  for (const key of ["team", "feature", "model", "provider", "size", "quality"] as const) {
    filters[key] = [...new Set(paramList(sp, key).filter((v) => v.length <= MAX_VALUE_LENGTH))].slice(0, MAX_LIST_ITEMS);
  }
  filters.provider = filters.provider.map((p) => p.toLowerCase());
  for (const w of paramList(sp, "workflow")) {
    if ((WORKFLOW_VALUES as readonly string[]).includes(w)) {
      if (!filters.workflow.includes(w as WorkflowValue)) filters.workflow.push(w as WorkflowValue);
    } else problems.push(`Unknown workflow "${w}" ignored.`);
  }
  for (const o of paramList(sp, "outcome")) {
    if ((OUTCOME_VALUES as readonly string[]).includes(o)) {
      if (!filters.outcome.includes(o as OutcomeValue)) filters.outcome.push(o as OutcomeValue);
    } else problems.push(`Unknown outcome "${o}" ignored.`);
  }
  return { range, preset, tz, tzOverride, filters, problems };
}

/** The URL query that reproduces `v` (plus `extra`), in a stable order; empty values are left out. */
export function viewQueryString(v: Pick<ViewParams, "range" | "preset" | "tz" | "tzOverride" | "filters">, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  if (v.preset) {
    if (v.preset !== DEFAULT_PRESET) p.set("range", v.preset);
  } else {
    p.set("from", v.range.from);
    p.set("to", v.range.to);
  }
  if (v.tzOverride) p.set("tz", v.tz);
  for (const key of FILTER_KEYS) if (v.filters[key].length) p.set(key, v.filters[key].join(","));
  for (const [k, val] of Object.entries(extra)) if (val !== undefined && val !== "") p.set(k, val);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** True when any dimension filter is set. */
export function hasFilters(f: SpendFilters): boolean {
  return FILTER_KEYS.some((k) => f[k].length > 0);
}

/** Table sort: a column key and a direction, validated against the table's columns. */
export interface SortSpec {
  key: string;
  dir: "asc" | "desc";
}

export function parseSort(sp: SearchParams, allowed: readonly string[], fallback: SortSpec, prefix = ""): SortSpec {
  const key = paramOne(sp, `${prefix}sort`);
  const dir = paramOne(sp, `${prefix}dir`);
  return {
    key: key && allowed.includes(key) ? key : fallback.key,
    dir: dir === "asc" || dir === "desc" ? dir : key && allowed.includes(key) ? "desc" : fallback.dir,
  };
}

export function parsePage(sp: SearchParams, key = "page"): number {
  const v = Number(paramOne(sp, key) ?? "1");
  return Number.isInteger(v) && v >= 1 && v <= 100_000 ? v : 1;
}
