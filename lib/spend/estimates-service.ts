/**
 * Saved estimates: price the worksheet with the snapshot in force, store it against a feature (audited), and
 * compare it with the actual cost of that feature's events in a chosen window.
 */
import { db } from "@/lib/db/client";
import { badRequest, forbidden, notFound } from "@/lib/api/errors";
import { actorOf, type Principal, type ReadScope } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/log";
import { toAmountString, toStorage } from "@/lib/money/decimal";
import { loadPublishedSnapshots } from "@/lib/pricing/published";
import { selectSnapshot } from "@/lib/pricing/resolve";
import { hasUnitPrices } from "@/lib/cost/image-prices";
import { ANY } from "@/lib/cost/types";
import { aggregate, totalOf } from "./costs-service";
import { comparisonTable, computeEstimate, estimateInputSchema, estimateTable, type EstimateInput, type EstimateResult, type SaveEstimateInput } from "./estimates";
import type { Figures } from "./figures";
import { findEstimateRow, insertEstimate, listEstimateRows } from "./queries";
import type { TableModel } from "./table-model";
import { pinView, type PageView } from "./views-service";

/** Viewers browse; members and admins may save estimates. */
export function canSaveEstimates(p: Principal): boolean {
  return p.kind === "user" && p.role !== "viewer";
}

export async function previewEstimate(orgId: string, input: EstimateInput, now: Date = new Date()): Promise<EstimateResult> {
  return computeEstimate(input, await loadPublishedSnapshots(orgId), now);
}

export interface SavedEstimateView {
  id: string;
  name: string;
  feature: string;
  count: number;
  perImageCost: string;
  totalCost: string;
  snapshotId: string | null;
  createdAt: string;
  inputs: EstimateInput;
}

function toView(row: Awaited<ReturnType<typeof listEstimateRows>>[number]): SavedEstimateView {
  const parsed = estimateInputSchema.safeParse(row.inputs);
  return {
    id: row.id,
    name: row.name,
    feature: row.feature,
    count: row.count,
    perImageCost: toAmountString(row.perImageCost.toString()) as string,
    totalCost: toAmountString(row.totalCost.toString()) as string,
    snapshotId: row.snapshotId,
    createdAt: row.createdAt.toISOString(),
    inputs: parsed.success ? parsed.data : estimateInputSchema.parse({ model: "unknown" }),
  };
}

export async function saveEstimate(principal: Principal, input: SaveEstimateInput, now: Date = new Date()): Promise<SavedEstimateView> {
  if (!canSaveEstimates(principal)) throw forbidden("Viewers cannot save estimates.");
  const r = await previewEstimate(principal.orgId, input.inputs, now);
  if (!r.ok) throw badRequest(`inputs.${r.field}: ${r.message}`, [{ path: `inputs.${r.field}`, message: r.message }]);
  const row = await db().$transaction(async (tx) => {
    const created = await insertEstimate(tx, {
      orgId: principal.orgId,
      name: input.name,
      feature: input.feature,
      inputs: input.inputs,
      perImageCost: toStorage(r.estimate.perImage).toFixed(),
      totalCost: toStorage(r.estimate.total).toFixed(),
      count: input.inputs.count,
      snapshotId: r.snapshotId,
      createdById: principal.kind === "user" ? principal.userId : null,
    });
    await writeAudit(tx, { orgId: principal.orgId, ...actorOf(principal), action: "estimate.create", entityType: "estimate", entityId: created.id, after: created });
    return created;
  });
  return toView(row);
}

/** Saved estimates the scope may read (team keys: estimates of their teams' features). */
export async function listEstimates(scope: ReadScope): Promise<SavedEstimateView[]> {
  return (await listEstimateRows(scope)).map(toView);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getEstimate(scope: ReadScope, id: string): Promise<SavedEstimateView> {
  const row = UUID_RE.test(id) ? await findEstimateRow(scope, id) : null;
  if (!row) throw notFound(`No estimate ${id}.`);
  return toView(row);
}

export interface EstimateComparison {
  estimate: SavedEstimateView;
  /** The worksheet re-priced as it was when saved (snapshot in force then). */
  breakdown: TableModel | null;
  comparison: TableModel;
  actual: Figures;
}

/** The saved estimate against its feature's actual usage in the page's range (other filters apply too). */
export async function compareEstimate(pv: PageView, id: string): Promise<EstimateComparison> {
  const estimate = await getEstimate(pv.ctx, id);
  const pinned = pinView(pv, "feature", estimate.feature);
  const [agg, snapshots] = await Promise.all([aggregate(pinned.ctx, pinned.query, [[]]), loadPublishedSnapshots(pv.ctx.orgId)]);
  const actual = totalOf(agg.rows, 0);
  const priced = computeEstimate(estimate.inputs, snapshots, new Date(estimate.createdAt));
  return {
    estimate,
    breakdown: priced.ok ? estimateTable("estimate", priced.estimate) : null,
    comparison: comparisonTable("estimate-comparison", estimate, actual),
    actual,
  };
}

export interface EstimateModelChoice {
  provider: string;
  model: string;
  snapshot: string;
  /** Sizes in the row's per-image output table (and its per-image price table). */
  sizes: string[];
  /** Qualities of the row's per-image prices (empty for token-priced rows). */
  unitQualities: string[];
  generates: boolean;
}

/** Models the worksheet can price now: every row of each provider's snapshot in force. */
export async function estimateModelChoices(orgId: string, now: Date = new Date()): Promise<EstimateModelChoice[]> {
  const snapshots = await loadPublishedSnapshots(orgId);
  const providers = [...new Set(snapshots.map((s) => s.provider))].sort();
  return providers.flatMap((p) => {
    const snap = selectSnapshot(snapshots, p, now);
    if (!snap) return [];
    return snap.rows.map((r) => ({
      provider: snap.provider,
      model: r.model,
      snapshot: `${snap.name} (v${snap.version})`,
      sizes: hasUnitPrices(r) ? [...new Set([...Object.keys(r.imagePrices ?? {}).filter((k) => k !== ANY), ...Object.keys(r.imageOutputTokens)])] : Object.keys(r.imageOutputTokens),
      unitQualities: [...new Set(Object.values(r.imagePrices ?? {}).flatMap((q) => Object.keys(q)).filter((k) => k !== ANY))],
      generates: r.rates.imageOutput !== null || hasUnitPrices(r),
    }));
  });
}
