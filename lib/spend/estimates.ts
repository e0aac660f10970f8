/**
 * The guide's budget worksheet as a tool: inputs (model, quality, size, count, prompt tokens, input images,
 * batch) -> cost per image and total per bucket via the cost engine's estimateCost, and the comparison of a
 * saved estimate with the actual cost of its feature's events ("run a measured test batch and compare
 * expected with actual"). Pure: snapshots and actual figures are passed in.
 */
import { z } from "zod";
import { Decimal, dec, toAmountString, toStorage } from "@/lib/money/decimal";
import { BUCKETS, BUCKET_LABELS, COST_BUCKET_LABELS } from "@/lib/cost/types";
import { DEFAULT_INPUT_IMAGE_TOKENS, estimateCost, type CostEstimate } from "@/lib/cost/estimate";
import { hasUnitPrices } from "@/lib/cost/image-prices";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { storableText } from "@/lib/api/zod-fields";
import { MAX_TOKENS_PER_IMAGE } from "@/lib/pricing/snapshot-schema";
import { matchRow, selectSnapshot } from "@/lib/pricing/resolve";
import { changePercent, costPerImage, costPerRequest, type Figures } from "./figures";
import type { Column, TableModel, TableRow } from "./table-model";

export const ESTIMATE_QUALITIES = ["low", "medium", "high", "auto"] as const;
export const MAX_ESTIMATE_COUNT = 100_000_000;
/** A quality key of a per-image price table (lowercase). */
const UNIT_QUALITY_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const MAX_TOKENS_PER_REQUEST = 10_000_000;

const int = (max: number) =>
  z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 or more").max(max, `must be at most ${max}`);

/** Worksheet inputs (numbers may arrive as strings from a form or a URL). */
export const estimateInputSchema = z.object({
  provider: z.string().trim().toLowerCase().min(1).max(50).default("openai"),
  model: storableText(z.string().trim().min(1, "choose a model").max(200)),
  /** null/"" = analysis or text-only work (no generated image). */
  /** low / medium / high / auto; another key (e.g. "hd") only for a row with per-image prices (computeEstimate). */
  quality: z
    .union([z.enum(ESTIMATE_QUALITIES), z.string().trim().toLowerCase().regex(UNIT_QUALITY_RE), z.literal(""), z.null()], {
      error: `must be one of ${ESTIMATE_QUALITIES.join(", ")}, or a per-image price's quality (letters, digits, - or _)`,
    })
    .default("medium")
    .transform((q) => (q === "" ? null : q)),
  size: z
    .union([z.string().trim().max(32), z.null()])
    .default("1024x1024")
    .transform((s) => (s === "" || s === null ? null : s)),
  count: int(MAX_ESTIMATE_COUNT).min(1, "must be at least 1").default(1000),
  promptTokens: int(MAX_TOKENS_PER_REQUEST).default(0),
  cachedPromptTokens: int(MAX_TOKENS_PER_REQUEST).default(0),
  inputImages: int(1000).default(0),
  inputImageTokens: int(MAX_TOKENS_PER_REQUEST).default(DEFAULT_INPUT_IMAGE_TOKENS),
  textOutputTokens: int(MAX_TOKENS_PER_REQUEST).default(0),
  batch: z
    .union([z.boolean(), z.enum(["true", "false", "on", "1", "0", ""])])
    .default(false)
    .transform((b) => b === true || b === "true" || b === "on" || b === "1"),
}).superRefine((v, ctx) => {
  // Totals are exact integers of tokens (count x tokens per request): keep them within a double's exact range.
  const perRequest = v.promptTokens + v.inputImages * v.inputImageTokens + v.textOutputTokens + MAX_TOKENS_PER_IMAGE;
  if (perRequest * v.count > Number.MAX_SAFE_INTEGER) {
    ctx.addIssue({ code: "custom", path: ["count"], message: `count × tokens per request must stay below ${Number.MAX_SAFE_INTEGER} tokens; lower the count or the tokens` });
  }
});
export type EstimateInput = z.infer<typeof estimateInputSchema>;

export const saveEstimateSchema = z.object({
  name: storableText(z.string().trim().min(1, "give the estimate a name").max(120)),
  feature: storableText(z.string().trim().min(1, "choose the feature it budgets").max(100)),
  inputs: estimateInputSchema,
});
export type SaveEstimateInput = z.infer<typeof saveEstimateSchema>;

export type EstimateResult =
  | { ok: true; estimate: CostEstimate; snapshotId: string; snapshotName: string; batchMultiplier: string }
  | { ok: false; field: "provider" | "model" | "quality" | "count"; message: string };

/** Largest total an estimate stores (estimates.total_cost is numeric(30,12): 18 integer digits). */
export const MAX_ESTIMATE_TOTAL = new Decimal("1e17");

/** Prices the worksheet with the snapshot in force at `at` for the provider. */
export function computeEstimate(input: EstimateInput, snapshots: readonly LoadedSnapshot[], at: Date): EstimateResult {
  const snap = selectSnapshot(snapshots, input.provider, at);
  if (!snap) return { ok: false, field: "provider", message: `No published pricing snapshot for provider "${input.provider}".` };
  const m = matchRow(snap.rows, input.model);
  if (!m) return { ok: false, field: "model", message: `Model "${input.model}" is not in snapshot "${snap.name}" (v${snap.version}).` };
  const snapshotName = `${snap.name} (v${snap.version})`;
  if (input.quality !== null && !(ESTIMATE_QUALITIES as readonly string[]).includes(input.quality) && !hasUnitPrices(m.row)) {
    return { ok: false, field: "quality", message: `Quality "${input.quality}" is only for models with per-image prices; "${input.model}" takes ${ESTIMATE_QUALITIES.join(", ")}.` };
  }
  const generating = input.quality !== null || input.size !== null;
  const estimate = safeEstimateCost({
    row: m.row,
    batchMultiplier: snap.batchMultiplier,
    model: input.model,
    quality: generating ? (input.quality ?? "medium") : null,
    size: generating ? (input.size ?? "1024x1024") : null,
    count: input.count,
    promptTokens: input.promptTokens,
    cachedPromptTokens: input.cachedPromptTokens,
    inputImages: input.inputImages,
    inputImageTokens: input.inputImageTokens,
    textOutputTokens: input.textOutputTokens,
    batch: input.batch,
    snapshot: { id: snap.id, name: snapshotName },
  });
  if (!estimate || estimate.total.gte(MAX_ESTIMATE_TOTAL)) {
    return { ok: false, field: "count", message: `The total would be ${MAX_ESTIMATE_TOTAL.toFixed()} or more; lower the count.` };
  }
  return { ok: true, estimate, snapshotId: snap.id, snapshotName, batchMultiplier: snap.batchMultiplier };
}

/** estimateCost refuses counts past a double's exact range (RangeError); a legacy rate card can get there. */
function safeEstimateCost(input: Parameters<typeof estimateCost>[0]): CostEstimate | null {
  try {
    return estimateCost(input);
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

const amount = (d: Decimal | null) => (d === null ? null : (toAmountString(d) as string));

export const ESTIMATE_COLUMNS: Column[] = [
  { key: "bucket", label: "Bucket", kind: "text" },
  { key: "tokensPerImage", label: "Tokens / request", kind: "count" },
  { key: "perImage", label: "Per request", kind: "money" },
  { key: "tokens", label: "Tokens", kind: "count", secondary: true },
  { key: "total", label: "Total", kind: "money" },
];

/** The worksheet result per bucket; a null amount means the bucket has tokens the row cannot price. */
export function estimateTable(id: string, e: CostEstimate): TableModel {
  const rows: TableRow[] = BUCKETS.map((b) => ({
    key: b,
    cells: {
      bucket: BUCKET_LABELS[b],
      tokensPerImage: e.tokensPerImage[b],
      perImage: amount(e.perImageBuckets[b]),
      tokens: e.tokens[b],
      total: amount(e.buckets[b]),
    },
  }));
  // Rows with per-image / per-megapixel prices: the images' own line (null amounts when the size/quality is not
  // listed); the page names the price used (unitPriceBasis) next to the totals.
  if (e.unitPriceBasis !== null || e.buckets.perImage === null) {
    rows.push({
      key: "perImage",
      cells: { bucket: COST_BUCKET_LABELS.perImage, tokensPerImage: null, perImage: amount(e.perImageBuckets.perImage), tokens: null, total: amount(e.buckets.perImage) },
    });
  }
  return {
    id,
    title: `Estimate: ${e.count.toLocaleString("en-US")} × ${e.model}${e.quality ? ` ${e.quality}` : ""}${e.size ? ` ${e.size}` : ""}${e.batch ? " (Batch)" : ""}`,
    columns: ESTIMATE_COLUMNS,
    rows,
    total: {
      bucket: "Total",
      tokensPerImage: BUCKETS.reduce((n, b) => n + e.tokensPerImage[b], 0),
      perImage: amount(e.perImage),
      tokens: BUCKETS.reduce((n, b) => n + e.tokens[b], 0),
      total: amount(e.total),
    },
    sort: null,
    sortPrefix: "",
    emptyText: "",
  };
}

export interface SavedEstimateFigures {
  perImageCost: string;
  totalCost: string;
  count: number;
}

export const COMPARISON_COLUMNS: Column[] = [
  { key: "measure", label: "Measure", kind: "text" },
  { key: "expected", label: "Expected", kind: "money" },
  { key: "actual", label: "Actual", kind: "money" },
  { key: "difference", label: "Difference", kind: "money" },
  { key: "change", label: "Actual vs expected", kind: "change" },
];

/**
 * Expected versus actual. Per request: the estimate's per-request cost against actual cost / requests; per
 * image: against actual cost / images (generation); at actual volume: per-request cost × actual requests
 * against the actual cost; and the estimate's total against the actual total.
 */
export function comparisonTable(id: string, saved: SavedEstimateFigures, actual: Figures): TableModel {
  const per = dec(saved.perImageCost);
  const expectedAtVolume = toStorage(per.times(actual.events));
  const row = (key: string, measure: string, expected: string | null, act: string | null): TableRow => ({
    key,
    cells: {
      measure,
      expected,
      actual: act,
      difference: expected !== null && act !== null ? (toAmountString(dec(act).minus(dec(expected))) as string) : null,
      change: expected !== null && act !== null ? changePercent(act, expected) : null,
    },
  });
  return {
    id,
    title: "Expected versus actual",
    columns: COMPARISON_COLUMNS,
    rows: [
      row("perRequest", "Cost per request", amount(per), costPerRequest(actual)),
      row("perImage", "Cost per generated image", amount(per), costPerImage(actual)),
      row("atVolume", `At the actual volume (${actual.events.toLocaleString("en-US")} requests)`, amount(expectedAtVolume), actual.cost),
      row("total", `Total (estimate: ${saved.count.toLocaleString("en-US")} requests)`, amount(dec(saved.totalCost)), actual.cost),
    ],
    total: null,
    sort: null,
    sortPrefix: "",
    emptyText: "",
  };
}

export interface SavedEstimateRow {
  id: string;
  name: string;
  feature: string;
  count: number;
  perImageCost: string;
  totalCost: string;
  createdAt: string;
  inputs: { model: string; quality: string | null; size: string | null; batch: boolean };
}

export const SAVED_COLUMNS: Column[] = [
  { key: "name", label: "Estimate", kind: "text" },
  { key: "feature", label: "Feature", kind: "text" },
  { key: "setup", label: "Model / quality / size", kind: "text", secondary: true },
  { key: "count", label: "Requests", kind: "count", secondary: true },
  { key: "perImage", label: "Per request", kind: "money" },
  { key: "total", label: "Total", kind: "money" },
  { key: "saved", label: "Saved", kind: "date", secondary: true },
];

/** The list of saved estimates (newest first), each linking to its comparison with actual usage. */
export function savedEstimatesTable(id: string, list: readonly SavedEstimateRow[], hrefFor: (id: string) => string): TableModel {
  return {
    id,
    title: "Saved estimates",
    description: "Open one to compare it with the actual cost of its feature's events.",
    columns: SAVED_COLUMNS,
    rows: list.map((e) => ({
      key: e.id,
      href: hrefFor(e.id),
      cells: {
        name: e.name,
        feature: e.feature,
        setup: [e.inputs.model, e.inputs.quality, e.inputs.size, e.inputs.batch ? "batch" : null].filter(Boolean).join(" / "),
        count: e.count,
        perImage: e.perImageCost,
        total: e.totalCost,
        saved: e.createdAt.slice(0, 10),
      },
    })),
    total: null,
    sort: null,
    sortPrefix: "",
    emptyText: "No saved estimates yet.",
  };
}
