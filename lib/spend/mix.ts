/**
 * Quality and size mix, and what the same volume would have cost at another quality or on another model,
 * priced from the current snapshot's rates and per-image output tables (the guide: quality is the biggest
 * lever). Pure: the rate source is built from snapshots the caller loaded.
 *
 * Per-image prices (lib/cost/image-prices.ts): an image's cost is its image output bucket plus its "perImage"
 * bucket (one of the two is 0 for any event). What-ifs price images on a row with unit prices by those prices
 * (imageCostOnRow), and such a row's per-image price covers the token buckets it lists no rate for.
 */
import { Decimal, ZERO, dec, toAmountString } from "@/lib/money/decimal";
import { BUCKETS, type Bucket, type PricingRow, type Quality } from "@/lib/cost/types";
import { imageCostOnRow } from "@/lib/cost/estimate";
import { hasUnitPrices } from "@/lib/cost/image-prices";
import { effectiveRate, exactTokenCost } from "@/lib/cost/rates";
import { matchRow, selectSnapshot } from "@/lib/pricing/resolve";
import type { LoadedSnapshot } from "@/lib/pricing/published";
import { changePercent, sharePercent, type Figures } from "./figures";
import type { Column, TableModel, TableRow } from "./table-model";

/** One rollup group: a model at one provider, quality, size and batch flag. */
export interface MixInput {
  model: string;
  provider: string;
  quality: string;
  size: string;
  batch: boolean;
  figures: Figures;
}

export interface RateMatch {
  row: PricingRow;
  batchMultiplier: string;
  snapshotName: string;
}

/** Rates in force at one instant, per provider route. */
export interface RateSource {
  rowFor(provider: string, model: string): RateMatch | null;
  /** Model ids of the snapshot in force for `provider` (what-if targets). */
  modelsFor(provider: string): string[];
}

export function rateSourceAt(snapshots: readonly LoadedSnapshot[], at: Date): RateSource {
  return {
    rowFor(provider, model) {
      const snap = selectSnapshot(snapshots, provider, at);
      const m = snap ? matchRow(snap.rows, model) : null;
      return snap && m ? { row: m.row, batchMultiplier: snap.batchMultiplier, snapshotName: `${snap.name} (v${snap.version})` } : null;
    },
    modelsFor(provider) {
      return selectSnapshot(snapshots, provider, at)?.rows.map((r) => r.model) ?? [];
    },
  };
}

const amount = (d: Decimal) => toAmountString(d) as string;

/** What the images cost: image output tokens plus per-image / per-megapixel prices. */
const imageCost = (f: Figures) => dec(f.buckets.imageOutput).plus(dec(f.buckets.perImage));

// ---------------------------------------------------------------------------------------------------------------
// Mix
// ---------------------------------------------------------------------------------------------------------------

export const MIX_COLUMNS: Column[] = [
  { key: "model", label: "Model", kind: "text" },
  { key: "size", label: "Size", kind: "text" },
  { key: "low", label: "Low", kind: "count", hint: "Images at low quality" },
  { key: "medium", label: "Medium", kind: "count", hint: "Images at medium quality" },
  { key: "high", label: "High", kind: "count", hint: "Images at high quality" },
  { key: "other", label: "Auto / other", kind: "count", secondary: true, hint: "Quality auto, not given, or unknown" },
  { key: "images", label: "Images", kind: "count" },
  { key: "highShare", label: "High share", kind: "percent", hint: "Share of these images generated at high quality" },
  { key: "imageOutputCost", label: "Image output cost", kind: "money", secondary: true, hint: "Image output tokens, or per-image / per-megapixel prices" },
  { key: "outputPerImage", label: "Output / image", kind: "money", secondary: true },
  { key: "spend", label: "Spend", kind: "money" },
];

const MIX_QUALITIES = ["low", "medium", "high"] as const;

interface MixCell {
  model: string;
  size: string;
  byQuality: Record<"low" | "medium" | "high" | "other", number>;
  images: number;
  imageOutput: Decimal;
  spend: Decimal;
}

function emptyCell(model: string, size: string): MixCell {
  return { model, size, byQuality: { low: 0, medium: 0, high: 0, other: 0 }, images: 0, imageOutput: ZERO, spend: ZERO };
}

function addTo(c: MixCell, quality: string, f: Figures): void {
  const q = (MIX_QUALITIES as readonly string[]).includes(quality) ? (quality as "low" | "medium" | "high") : "other";
  c.byQuality[q] += f.images;
  c.images += f.images;
  c.imageOutput = c.imageOutput.plus(imageCost(f));
  c.spend = c.spend.plus(dec(f.cost));
}

function mixCells(c: MixCell) {
  return {
    model: c.model,
    size: c.size || "(not given)",
    ...c.byQuality,
    images: c.images,
    highShare: sharePercent(String(c.byQuality.high), String(c.images)),
    imageOutputCost: amount(c.imageOutput),
    outputPerImage: c.images ? toAmountString(c.imageOutput.div(c.images).toDecimalPlaces(12, Decimal.ROUND_HALF_EVEN)) : null,
    spend: amount(c.spend),
  };
}

/**
 * Generated images per model and size, split by quality (generation only: groups with images), the models with
 * the most images first. The quality columns are the lever: the same images at a lower tier cost a fraction.
 */
export function mixTable(id: string, inputs: readonly MixInput[]): TableModel {
  const cells = new Map<string, MixCell>();
  const perModel = new Map<string, number>();
  const total = emptyCell("Total", "");
  for (const i of inputs) {
    if (i.figures.images <= 0) continue;
    const k = JSON.stringify([i.model, i.size]);
    let c = cells.get(k);
    if (!c) cells.set(k, (c = emptyCell(i.model, i.size)));
    addTo(c, i.quality, i.figures);
    addTo(total, i.quality, i.figures);
    perModel.set(i.model, (perModel.get(i.model) ?? 0) + i.figures.images);
  }
  const list = [...cells.values()].sort(
    (a, b) => (perModel.get(b.model) ?? 0) - (perModel.get(a.model) ?? 0) || a.model.localeCompare(b.model) || b.images - a.images,
  );
  const rows: TableRow[] = list.map((c) => ({ key: `${c.model}|${c.size}`, cells: mixCells(c) }));
  return {
    id,
    title: "Quality and size mix",
    description: "Generated images by model, size and quality. Quality is usually the biggest cost lever.",
    columns: MIX_COLUMNS,
    rows,
    total: rows.length ? { ...mixCells(total), size: null } : null,
    sort: null,
    sortPrefix: "",
    emptyText: "No generated images in this range.",
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What-if
// ---------------------------------------------------------------------------------------------------------------

export const WHAT_IF_COLUMNS: Column[] = [
  { key: "model", label: "Model", kind: "text" },
  { key: "compared", label: "Compared", kind: "count", hint: "Images (quality what-if) or requests (model what-if) that could be repriced" },
  { key: "actual", label: "Actual", kind: "money" },
  { key: "whatIf", label: "What-if", kind: "money" },
  { key: "difference", label: "Difference", kind: "money" },
  { key: "change", label: "Change", kind: "change" },
  { key: "notCompared", label: "Not compared", kind: "count", secondary: true, hint: "Left out: unpriced, size/quality not in the table, or a rate the target does not list" },
];

interface WhatIfAcc {
  compared: number;
  actual: Decimal;
  whatIf: Decimal;
  notCompared: number;
}

function whatIfTable(id: string, title: string, description: string, acc: Map<string, WhatIfAcc>): TableModel {
  const rows: TableRow[] = [];
  const total: WhatIfAcc = { compared: 0, actual: ZERO, whatIf: ZERO, notCompared: 0 };
  const sorted = [...acc.entries()].sort((a, b) => b[1].actual.comparedTo(a[1].actual) || a[0].localeCompare(b[0]));
  const cells = (model: string, a: WhatIfAcc) => ({
    model,
    compared: a.compared,
    actual: amount(a.actual),
    whatIf: amount(a.whatIf),
    difference: amount(a.whatIf.minus(a.actual)),
    change: a.compared ? changePercent(amount(a.whatIf), amount(a.actual)) : null,
    notCompared: a.notCompared,
  });
  for (const [model, a] of sorted) {
    rows.push({ key: model, cells: cells(model, a) });
    total.compared += a.compared;
    total.actual = total.actual.plus(a.actual);
    total.whatIf = total.whatIf.plus(a.whatIf);
    total.notCompared += a.notCompared;
  }
  return {
    id,
    title,
    description,
    columns: WHAT_IF_COLUMNS,
    rows,
    total: rows.length ? cells("Total", total) : null,
    sort: null,
    sortPrefix: "",
    emptyText: "Nothing to compare in this range.",
  };
}

function accFor(map: Map<string, WhatIfAcc>, key: string): WhatIfAcc {
  let a = map.get(key);
  if (!a) map.set(key, (a = { compared: 0, actual: ZERO, whatIf: ZERO, notCompared: 0 }));
  return a;
}

/**
 * Image output of the same images at `target` quality on the same model (same size, same batch pricing),
 * against the image output actually billed. Other buckets do not depend on quality and are left out.
 */
export function whatIfQuality(id: string, inputs: readonly MixInput[], rates: RateSource, target: Quality): TableModel {
  const acc = new Map<string, WhatIfAcc>();
  for (const i of inputs) {
    if (i.figures.images <= 0) continue;
    const a = accFor(acc, i.model);
    const m = i.figures.unpricedEvents === 0 ? rates.rowFor(i.provider, i.model) : null;
    const per = m && i.size ? imageCostOnRow(m.row, i.size, target, m.batchMultiplier, i.batch) : null;
    if (!per) {
      a.notCompared += i.figures.images;
      continue;
    }
    a.compared += i.figures.images;
    a.actual = a.actual.plus(imageCost(i.figures));
    a.whatIf = a.whatIf.plus(per.times(i.figures.images));
  }
  return whatIfTable(
    id,
    `What if every image were ${target} quality`,
    `Image output cost of the same images at ${target} quality (same model, size and batch pricing), from the current snapshot's per-image output table or per-image prices.`,
    acc,
  );
}

const INPUT_BUCKETS: Bucket[] = BUCKETS.filter((b) => b !== "imageOutput");

/** Cost of one group's usage on another model's row, or null when some of it cannot be priced there. */
function repriceOnRow(i: MixInput, m: RateMatch): Decimal | null {
  const unitPriced = hasUnitPrices(m.row);
  let total = ZERO;
  for (const b of INPUT_BUCKETS) {
    const tokens = i.figures.tokens[b];
    if (tokens === 0) continue;
    const rate = m.row.rates[b];
    if (rate === null && unitPriced && i.figures.images > 0) continue; // part of the target's per-image price
    if (rate === null) return null;
    total = total.plus(exactTokenCost(tokens, effectiveRate(rate, i.batch, m.batchMultiplier)));
  }
  if (i.figures.images > 0) {
    const per = i.size && i.quality ? imageCostOnRow(m.row, i.size, i.quality, m.batchMultiplier, i.batch) : null;
    if (!per) return null;
    total = total.plus(per.times(i.figures.images));
  } else if (i.figures.tokens.imageOutput > 0) {
    const rate = m.row.rates.imageOutput;
    if (rate === null) return null;
    total = total.plus(exactTokenCost(i.figures.tokens.imageOutput, effectiveRate(rate, i.batch, m.batchMultiplier)));
  }
  return total;
}

/**
 * The same requests on `targetModel` (same provider route, tokens, image count, size, quality and batch flag):
 * input tokens at the target's rates, generated images at its per-image output for that size and quality.
 */
export function whatIfModel(id: string, inputs: readonly MixInput[], rates: RateSource, targetModel: string): TableModel {
  const acc = new Map<string, WhatIfAcc>();
  for (const i of inputs) {
    const a = accFor(acc, i.model);
    const target = i.figures.unpricedEvents === 0 ? rates.rowFor(i.provider, targetModel) : null;
    const cost = target ? repriceOnRow(i, target) : null;
    if (cost === null) {
      a.notCompared += i.figures.events;
      continue;
    }
    a.compared += i.figures.events;
    a.actual = a.actual.plus(dec(i.figures.cost));
    a.whatIf = a.whatIf.plus(cost);
  }
  return whatIfTable(
    id,
    `What if it all ran on ${targetModel}`,
    `The same requests priced with ${targetModel}'s rates and per-image output table in the current snapshot.`,
    acc,
  );
}
