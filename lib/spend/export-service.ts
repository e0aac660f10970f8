/**
 * CSV exports: every table a page shows can be downloaded with the same URL parameters, built by the same
 * service function the page uses, so the file holds exactly the page's figures (amounts at full precision).
 */
import { badRequest } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/permissions";
import { csvFileName, tableToCsv } from "./export-csv";
import { estimateInputSchema, estimateTable, savedEstimatesTable } from "./estimates";
import { compareEstimate, listEstimates, previewEstimate } from "./estimates-service";
import { paramOne, type SearchParams } from "./filters";
import type { ExportTable } from "./links";
export { EXPORT_TABLES, type ExportTable } from "./links";
import type { TableModel } from "./table-model";
import {
  loadBatchOpportunity,
  loadBilledVsTracked,
  loadDimensions,
  loadDimensionTable,
  loadMix,
  loadPageView,
  loadStages,
  loadTraces,
  type PageView,
} from "./views-service";

async function buildTable(pv: PageView, table: ExportTable): Promise<TableModel> {
  switch (table) {
    case "teams":
      return loadDimensionTable(pv, "team");
    case "features":
      return loadDimensionTable(pv, "feature");
    case "models":
      return loadDimensionTable(pv, "model");
    case "workflows":
      return loadDimensionTable(pv, "workflow");
    case "providers":
      return loadDimensionTable(pv, "provider");
    case "outcomes":
      return loadDimensionTable(pv, "outcome");
    case "buckets":
      return (await loadDimensions(pv, [])).buckets;
    case "mix":
      return (await loadMix(pv)).mix;
    case "whatif-quality":
      return (await loadMix(pv)).quality;
    case "whatif-model":
      return (await loadMix(pv)).model;
    case "batch":
      return (await loadBatchOpportunity(pv)).table;
    case "stages":
      return loadStages(pv);
    case "traces":
      return (await loadTraces(pv)).table;
    case "billed": {
      const t = await loadBilledVsTracked(pv);
      if (!t) throw badRequest("No billed costs have been imported.", [{ path: "table", message: "no billed costs" }]);
      return t;
    }
    case "estimate": {
      const savedId = paramOne(pv.sp, "id");
      if (savedId) {
        const saved = await compareEstimate(pv, savedId);
        if (!saved.breakdown) throw badRequest("id: the estimate's model is no longer priced", [{ path: "id", message: "cannot re-price" }]);
        return saved.breakdown;
      }
      const parsed = estimateInputSchema.safeParse(Object.fromEntries(Object.entries(pv.sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
        throw badRequest(fields.map((f) => `${f.path}: ${f.message}`).join("; "), fields);
      }
      const r = await previewEstimate(pv.ctx.orgId, parsed.data, pv.now);
      if (!r.ok) throw badRequest(`${r.field}: ${r.message}`, [{ path: r.field, message: r.message }]);
      return estimateTable("estimate", r.estimate);
    }
    case "estimates":
      return savedEstimatesTable("estimates", await listEstimates(pv.ctx), (id) => `/estimate/${id}`);
    case "estimate-comparison": {
      const id = paramOne(pv.sp, "id");
      if (!id) throw badRequest("id: is required", [{ path: "id", message: "is required" }]);
      return (await compareEstimate(pv, id)).comparison;
    }
  }
}

/** The CSV download of `table` for these URL parameters. Bad view parameters are a 400 (exports are an API). */
export async function exportTableCsv(principal: Principal, table: ExportTable, sp: SearchParams, now: Date = new Date()): Promise<{ filename: string; csv: string }> {
  const pv = await loadPageView(principal, sp, now);
  if (pv.view.problems.length && table !== "estimate") {
    throw badRequest(pv.view.problems.join(" "), pv.view.problems.map((message) => ({ path: "(query)", message })));
  }
  const model = await buildTable(pv, table);
  return { filename: csvFileName(table, pv.view.range.from, pv.view.range.to), csv: tableToCsv(model) };
}
