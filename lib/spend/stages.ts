/**
 * Two-stage work (analysis then generate): the analysis and generation stages side by side, per feature from
 * the rollups and per trace from raw events (the guide: track them as two stages). Pure table builders.
 */
import { Decimal, ZERO, dec, toAmountString } from "@/lib/money/decimal";
import { sharePercent, type Figures } from "./figures";
import type { Column, TableModel, TableRow } from "./table-model";

export const STAGE_COLUMNS: Column[] = [
  { key: "feature", label: "Feature", kind: "text" },
  { key: "analysisSpend", label: "Analysis", kind: "money" },
  { key: "generationSpend", label: "Generation", kind: "money" },
  { key: "analysisShare", label: "Analysis share", kind: "percent", secondary: true },
  { key: "analysisRequests", label: "Analysis requests", kind: "count", secondary: true },
  { key: "generationRequests", label: "Generation requests", kind: "count", secondary: true },
  { key: "spend", label: "Spend", kind: "money" },
];

interface StageAcc {
  analysis: Decimal;
  generation: Decimal;
  other: Decimal;
  analysisRequests: number;
  generationRequests: number;
}

/** Rows of (feature, stage) figures for analysis_then_generate work -> one row per feature, stages side by side. */
export function stageTable(id: string, rows: ReadonlyArray<{ feature: string; stage: string; figures: Figures }>, hrefFor?: (feature: string) => string): TableModel {
  const acc = new Map<string, StageAcc>();
  for (const r of rows) {
    let a = acc.get(r.feature);
    if (!a) acc.set(r.feature, (a = { analysis: ZERO, generation: ZERO, other: ZERO, analysisRequests: 0, generationRequests: 0 }));
    const cost = dec(r.figures.cost);
    if (r.stage === "analysis") {
      a.analysis = a.analysis.plus(cost);
      a.analysisRequests += r.figures.events;
    } else if (r.stage === "generation") {
      a.generation = a.generation.plus(cost);
      a.generationRequests += r.figures.events;
    } else a.other = a.other.plus(cost);
  }
  const amount = (d: Decimal) => toAmountString(d) as string;
  const cells = (feature: string, a: StageAcc) => {
    const spend = a.analysis.plus(a.generation).plus(a.other);
    return {
      feature,
      analysisSpend: amount(a.analysis),
      generationSpend: amount(a.generation),
      analysisShare: sharePercent(amount(a.analysis), amount(spend)),
      analysisRequests: a.analysisRequests,
      generationRequests: a.generationRequests,
      spend: amount(spend),
    };
  };
  const total: StageAcc = { analysis: ZERO, generation: ZERO, other: ZERO, analysisRequests: 0, generationRequests: 0 };
  const out: TableRow[] = [...acc.entries()]
    .sort((x, y) => y[1].analysis.plus(y[1].generation).comparedTo(x[1].analysis.plus(x[1].generation)) || x[0].localeCompare(y[0]))
    .map(([feature, a]) => {
      total.analysis = total.analysis.plus(a.analysis);
      total.generation = total.generation.plus(a.generation);
      total.other = total.other.plus(a.other);
      total.analysisRequests += a.analysisRequests;
      total.generationRequests += a.generationRequests;
      return { key: feature, href: hrefFor?.(feature), cells: cells(feature, a) };
    });
  return {
    id,
    title: "Analysis versus generation, per feature",
    description: "Two-stage work tracked as two stages: what reading the input costs next to what generating the result costs.",
    columns: STAGE_COLUMNS,
    rows: out,
    total: out.length ? cells("Total", total) : null,
    sort: null,
    sortPrefix: "",
    emptyText: "No analysis-then-generate usage in this range.",
  };
}

export interface TraceInput {
  traceId: string;
  firstAt: Date;
  team: string;
  feature: string;
  analysisModels: string;
  generationModels: string;
  analysisCost: string;
  generationCost: string;
  cost: string;
  analysisEvents: number;
  generationEvents: number;
  unpricedEvents: number;
}

export const TRACE_COLUMNS: Column[] = [
  { key: "time", label: "Started", kind: "date" },
  { key: "trace", label: "Trace", kind: "text" },
  { key: "feature", label: "Feature", kind: "text", secondary: true },
  { key: "team", label: "Team", kind: "text", secondary: true },
  { key: "analysisModel", label: "Analysis model", kind: "text", secondary: true },
  { key: "analysisSpend", label: "Analysis", kind: "money" },
  { key: "generationModel", label: "Generation model", kind: "text", secondary: true },
  { key: "generationSpend", label: "Generation", kind: "money" },
  { key: "requests", label: "Requests", kind: "count", secondary: true },
  { key: "spend", label: "Spend", kind: "money" },
];

/** "2026-11-02 12:00" in `tz` (24-hour clock). */
export function formatLocalMinute(instant: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** One page of traces, newest first, with each trace's stages side by side. */
export function traceTable(id: string, traces: readonly TraceInput[], tz: string, page: { page: number; pageSize: number; total: number }): TableModel {
  return {
    id,
    title: "Traces: analysis and generation per user action",
    description: `Page ${page.page} of ${Math.max(1, Math.ceil(page.total / page.pageSize))} (${page.total.toLocaleString("en-US")} traces), newest first. Times in ${tz}.`,
    columns: TRACE_COLUMNS,
    rows: traces.map((t) => ({
      key: t.traceId,
      cells: {
        time: formatLocalMinute(t.firstAt, tz),
        trace: t.traceId,
        feature: t.feature,
        team: t.team,
        analysisModel: t.analysisModels || null,
        analysisSpend: toAmountString(dec(t.analysisCost)),
        generationModel: t.generationModels || null,
        generationSpend: toAmountString(dec(t.generationCost)),
        requests: t.analysisEvents + t.generationEvents,
        spend: toAmountString(dec(t.cost)),
      },
    })),
    total: null,
    sort: null,
    sortPrefix: "",
    emptyText: "No traced two-stage work in this range (send traceId with both stages to see them here).",
  };
}
