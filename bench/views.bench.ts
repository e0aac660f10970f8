/**
 * The queries behind every spend page, GET /api/v1/costs, the budget views and budget-check, timed through the
 * same functions the pages and routes call (lib/spend/views-service.ts, lib/spend/costs-service.ts,
 * lib/alerts), each next to its raw baseline (bench/raw-baseline.ts) in the same run. Then 1,000 alert rules
 * evaluated in one pass (lib/alerts/runner.ts). Pages list their loaders exactly as app/(dashboard)/**\/page.tsx
 * call them; keep the two in step.
 */
import { randomUUID } from "node:crypto";
import type { KeyPrincipal, UserPrincipal } from "../lib/auth/permissions";
import { checkBudget } from "../lib/alerts/budget-check";
import { runEvaluation } from "../lib/alerts/runner";
import { createBudget, createRule, listBudgetViews } from "../lib/alerts/service";
import { periodFor } from "../lib/alerts/periods";
import { db } from "../lib/db/client";
import { getCosts } from "../lib/spend/costs-service";
import {
  loadBatchOpportunity,
  loadDimensions,
  loadFilterOptions,
  loadMix,
  loadOverview,
  loadPageView,
  loadStages,
  loadTraces,
  pinView,
  workflowFill,
  type BreakdownDim,
  type PageView,
} from "../lib/spend/views-service";
import { addDays } from "../lib/time/calendar";
import { previousPeriod, type DateRange } from "../lib/time/ranges";
import { rawGroupBy, rawPage, type RawDim, type RawFilter, type RawQuery } from "./raw-baseline";
import { percentile, sampleMs, type Bench, type BenchContext, type DatasetInfo, type Figure, type Shape } from "./types";

const DETAIL_DIMS: Record<"team" | "feature" | "model" | "workflow", RawDim[]> = {
  team: ["feature", "model", "workflow", "provider", "outcome"],
  feature: ["model", "team", "workflow", "provider", "outcome"],
  model: ["feature", "team", "workflow", "provider", "outcome"],
  workflow: ["feature", "model", "team", "provider", "outcome"],
};

interface PageSpec {
  path: string;
  load: (pv: PageView) => Promise<unknown>;
  /** The page's aggregates as plain GROUP BYs over raw events. */
  raw: (cur: DateRange, prev: DateRange, tz: string) => RawQuery[];
  pin?: { dim: "team" | "feature" | "model" | "workflow"; value: string; filter: RawFilter };
}

/** loadDimensions(pv, dims): the range by (dim, day) for each dim, the previous period by dim. */
const dimsRaw = (dims: RawDim[], cur: DateRange, prev: DateRange, tz: string, filter?: RawFilter): RawQuery[] => [
  ...dims.map((d) => ({ range: cur, tz, dims: [d, "day"] as RawDim[], filter })),
  ...dims.map((d) => ({ range: prev, tz, dims: [d], filter })),
];

function pages(ds: DatasetInfo, teamIds: string[]): PageSpec[] {
  const team = { slug: "team-1", id: teamIds[1] };
  const feature = "feature-1-1";
  const model = "gpt-image-2";
  const workflow = "analysis_then_generate";
  const mixDims: RawDim[] = ["model", "provider", "quality", "size", "batch"];
  const mixRaw = (cur: DateRange, tz: string, filter?: RawFilter): RawQuery => ({ range: cur, tz, dims: mixDims, filter });
  const stagesRaw = (cur: DateRange, tz: string, filter?: RawFilter): RawQuery => ({
    range: cur,
    tz,
    dims: ["feature", "stage"],
    filter: { ...filter, workflow },
  });
  const detail = { prefixed: true };
  void ds;
  return [
    {
      path: "/",
      load: (pv) => Promise.all([loadOverview(pv, "model"), loadFilterOptions(pv)]),
      raw: (cur, prev, tz) => [
        { range: cur, tz, dims: ["model", "day"] },
        { range: cur, tz, dims: ["feature", "provider", "batch"] },
        { range: cur, tz, dims: ["team"] },
        { range: prev, tz, dims: [] },
        { range: { from: addDays(cur.to, -30), to: cur.to }, tz, dims: ["day"] },
      ],
    },
    {
      path: "/teams",
      load: (pv) => Promise.all([loadDimensions(pv, ["team"]), loadFilterOptions(pv)]),
      raw: (c, p, tz) => dimsRaw(["team"], c, p, tz),
    },
    {
      path: `/teams/${team.slug}`,
      pin: { dim: "team", value: team.slug, filter: { teamIds: [team.id] } },
      load: (pv) => Promise.all([loadDimensions(pv, DETAIL_DIMS.team as BreakdownDim[], detail), loadFilterOptions(pv)]),
      raw: (c, p, tz) => dimsRaw(DETAIL_DIMS.team, c, p, tz, { teamIds: [team.id] }),
    },
    {
      path: "/features",
      load: (pv) => Promise.all([loadDimensions(pv, ["feature"]), loadFilterOptions(pv), loadBatchOpportunity(pv)]),
      raw: (c, p, tz) => [...dimsRaw(["feature"], c, p, tz), { range: c, tz, dims: ["feature", "provider", "batch"] }],
    },
    {
      path: `/features/${feature}`,
      pin: { dim: "feature", value: feature, filter: { feature } },
      load: (pv) =>
        Promise.all([loadDimensions(pv, DETAIL_DIMS.feature as BreakdownDim[], detail), loadFilterOptions(pv), loadMix(pv)]),
      raw: (c, p, tz) => [...dimsRaw(DETAIL_DIMS.feature, c, p, tz, { feature }), mixRaw(c, tz, { feature })],
    },
    {
      path: "/models",
      load: (pv) => Promise.all([loadDimensions(pv, ["model"]), loadFilterOptions(pv), loadMix(pv)]),
      raw: (c, p, tz) => [...dimsRaw(["model"], c, p, tz), mixRaw(c, tz)],
    },
    {
      path: `/models/${model}`,
      pin: { dim: "model", value: model, filter: { model } },
      load: (pv) =>
        Promise.all([loadDimensions(pv, DETAIL_DIMS.model as BreakdownDim[], detail), loadFilterOptions(pv), loadMix(pv)]),
      raw: (c, p, tz) => [...dimsRaw(DETAIL_DIMS.model, c, p, tz, { model }), mixRaw(c, tz, { model })],
    },
    {
      path: "/workflows",
      load: (pv) =>
        Promise.all([
          loadDimensions(pv, ["workflow"], { fill: workflowFill(pv, "workflow") }),
          loadFilterOptions(pv),
          loadStages(pv),
          loadTraces(pv),
        ]),
      raw: (c, p, tz) => [...dimsRaw(["workflow"], c, p, tz), stagesRaw(c, tz)],
    },
    {
      path: `/workflows/${workflow}`,
      pin: { dim: "workflow", value: workflow, filter: { workflow } },
      load: (pv) =>
        Promise.all([
          loadDimensions(pv, DETAIL_DIMS.workflow as BreakdownDim[], detail),
          loadFilterOptions(pv),
          loadStages(pv),
          loadTraces(pv),
        ]),
      raw: (c, p, tz) => [...dimsRaw(DETAIL_DIMS.workflow, c, p, tz, { workflow }), stagesRaw(c, tz, { workflow })],
    },
  ];
}

const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
const round = (x: number) => Math.round(x * 10) / 10;

/** A view figure: p95 against its raw baseline (median), with both targets. */
function viewFigure(name: string, view: number[], raw: number[]): Figure {
  const v = stats(view);
  const r = percentile(raw, 50);
  return {
    name,
    value: round(v.p95),
    unit: "ms p95",
    baseline: { name: "raw GROUP BY p50", value: round(r) },
    ratio: round(r / v.p95),
    targets: [
      { on: "value", op: "<", value: 100, label: "p95 < 100 ms" },
      { on: "ratio", op: ">=", value: 20, label: "≥ 20× faster" },
    ],
    note: `p50 ${round(v.p50)} ms`,
  };
}

async function budgetsFor(ds: DatasetInfo, admin: UserPrincipal, teams: string[]): Promise<string[]> {
  const ids: string[] = [];
  ids.push((await createBudget(admin, { name: "Org monthly", period: "month", amount: "100000", hard: true })).id);
  for (let i = 0; i < Math.min(10, teams.length); i++) {
    const amount = String(50 + i * 10);
    ids.push((await createBudget(admin, { name: `Team ${i} monthly`, period: "month", amount, team: teams[i], hard: true })).id);
  }
  for (let i = 0; i < 9; i++) {
    const feature = `feature-${i % ds.teams}-${i % 2}`;
    ids.push((await createBudget(admin, { name: `Feature ${i} daily`, period: "day", amount: "5", feature, hard: i % 2 === 0 })).id);
  }
  return ids;
}

async function createRules(n: number, admin: UserPrincipal, budgetIds: string[]): Promise<void> {
  const make = (i: number) =>
    createRule(admin, {
      name: `Rule ${i}`,
      metric: "spend",
      budgetId: budgetIds[i % budgetIds.length],
      config: { unit: "percent_of_budget", thresholds: [String(50 + (i % 7)), "80", "100"] },
      recipients: [`owner-${i % 50}@bench.test`],
    });
  for (let i = 0; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, k) => make(i + k)));
}

async function benchShape(ctx: BenchContext, shape: Shape, figures: Figure[]): Promise<void> {
  const ds = ctx.datasets[shape];
  const runs = ds.events >= 2_000_000 ? 10 : 20;
  const rawRuns = ds.events >= 2_000_000 ? 2 : 3;
  const teams = await db().team.findMany({ where: { orgId: ds.orgId }, orderBy: { slug: "asc" } });
  const teamIds = teams.map((t) => t.id);
  const orgId = ds.orgId;
  const admin: UserPrincipal = { kind: "user", userId: randomUUID(), orgId, email: "admin@bench.test", name: "Bench", role: "admin", teamIds: [] };
  const key: KeyPrincipal = { kind: "key", keyId: randomUUID(), orgId, prefix: "bench", teamId: null, scopes: ["read", "ingest"] };
  const from = addDays(ds.lastDay, -29);
  const sp = { from, to: ds.lastDay };
  const now = new Date();

  // Pages: the loaders each page awaits, against the raw GROUP BYs of the same aggregates.
  for (const page of pages(ds, teamIds)) {
    const pvOf = async () => {
      const pv = await loadPageView(admin, sp, now);
      return page.pin ? pinView(pv, page.pin.dim, page.pin.value) : pv;
    };
    const view = await sampleMs(async () => page.load(await pvOf()), runs);
    const pv = await pvOf();
    const tz = pv.view.tz;
    const cur = pv.view.range;
    const prev = previousPeriod(cur);
    const raw = await sampleMs(() => rawPage(ds.orgId, page.raw(cur, prev, tz), [
      { column: "model", range: { from: prev.from, to: cur.to }, tz },
      { column: "provider", range: { from: prev.from, to: cur.to }, tz },
    ]), rawRuns);
    figures.push(viewFigure(`${shape} · page ${page.path} (30 d) loaders`, view, raw));
    ctx.log(`  ${shape} ${page.path}: p95 ${round(percentile(view, 95))} ms, raw ${round(percentile(raw, 50))} ms`);
  }

  // GET /api/v1/costs (the service behind the route).
  const costCases: Array<{ label: string; days: number; groupBy: RawDim[] }> = [
    { label: "30 d total", days: 30, groupBy: [] },
    { label: "90 d by day × model", days: 90, groupBy: ["day", "model"] },
    { label: "365 d by team × feature", days: 365, groupBy: ["team", "feature"] },
  ];
  for (const c of costCases) {
    const range = { from: addDays(ds.lastDay, -(c.days - 1)), to: ds.lastDay };
    const query = { ...range, ...(c.groupBy.length ? { groupBy: c.groupBy as never } : {}) };
    const view = await sampleMs(() => getCosts(key, query, now), runs);
    const tz = (await db().organization.findUniqueOrThrow({ where: { id: ds.orgId } })).timeZone;
    const raw = await sampleMs(() => rawGroupBy(ds.orgId, { range, tz, dims: c.groupBy }), rawRuns);
    figures.push(viewFigure(`${shape} · GET /api/v1/costs ${c.label}`, view, raw));
  }

  // Budgets: the alerts page's budget list, and budget-check (called before every expensive request).
  const budgetIds = await budgetsFor(ds, admin, teams.map((t) => t.slug));
  const budgets = await db().budget.findMany({ where: { orgId: ds.orgId } });
  const tz = (await db().organization.findUniqueOrThrow({ where: { id: ds.orgId } })).timeZone;
  const budgetRaw = () =>
    Promise.all(budgets.map((b) => {
      const period = periodFor(b.period, now, tz);
      const filter = { teamIds: b.teamId ? [b.teamId] : undefined, feature: b.feature ?? undefined };
      return rawGroupBy(ds.orgId, { range: { from: period.startDate, to: period.endDate }, tz, dims: [], filter });;
    }));
  const bv = await sampleMs(() => listBudgetViews(admin, now), runs);
  const bRaw = await sampleMs(budgetRaw, rawRuns);
  figures.push(viewFigure(`${shape} · budget views (${budgets.length} budgets)`, bv, bRaw));
  const checkInput = { team: "team-1", feature: "feature-1-1", model: "gpt-image-2", estimatedCost: "0.05" };
  const check = await sampleMs(() => checkBudget(key, checkInput, now), 200);
  figures.push({
    name: `${shape} · budget-check`,
    value: round(percentile(check, 95)),
    unit: "ms p95",
    targets: [{ on: "value", op: "<", value: 20, label: "p95 < 20 ms" }],
    note: `p50 ${round(percentile(check, 50))} ms; service call (auth excluded; see the HTTP figures)`,
  });

  // 1,000 alert rules on the sparse dataset (most scopes), one evaluation pass.
  if (shape === "sparse") {
    await createRules(1000, admin, budgetIds);
    const t0 = performance.now();
    const first = await runEvaluation({ orgId: ds.orgId, now, log: () => undefined });
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    const second = await runEvaluation({ orgId: ds.orgId, now, log: () => undefined });
    const secondMs = performance.now() - t1;
    const target = [{ on: "value" as const, op: "<" as const, value: 1000, label: "< 1 s" }];
    const firstNote = `${first.firings} firings claimed, ${first.messages} messages queued, ${first.errors.length} errors`;
    figures.push({
      name: `${shape} · ${first.rules} alert rules, first pass`,
      value: Math.round(firstMs),
      unit: "ms",
      targets: target,
      note: firstNote,
    });
    figures.push({
      name: `${shape} · ${second.rules} alert rules, steady pass`,
      value: Math.round(secondMs),
      unit: "ms",
      targets: target,
      note: `${second.firings} new firings`,
    });
  }
}

export const bench: Bench = {
  name: "views",
  description: "every page's queries, GET /api/v1/costs, budgets, budget-check and 1,000 alert rules vs raw GROUP BY",
  async run(ctx) {
    const figures: Figure[] = [];
    for (const shape of Object.keys(ctx.datasets) as Shape[]) await benchShape(ctx, shape, figures);
    return figures;
  },
};
