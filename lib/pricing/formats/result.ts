import type { PricingSnapshotData } from "@/lib/cost/types";

/**
 * One problem found while importing a pricing snapshot.
 * - `line`: CSV only, the 1-based physical line where the record starts.
 * - `row`: JSON only, the 0-based index into `rows` (the same index as in `path`).
 * - `model`: the model id (CSV/JSON, when readable) or the LiteLLM price-map key.
 * - `path`: where in the input: "rows[2].rates.textInput", a CSV column ("text_input"), a LiteLLM
 *   field ("gpt-image-1.output_cost_per_image_token"), or "" for the whole file.
 */
export interface ImportIssue {
  line?: number;
  row?: number;
  model?: string;
  path: string;
  message: string;
}

/** Every importer returns this; `partial` holds the valid rows when only rows (not metadata) failed. */
export type ImportResult =
  | { ok: true; snapshot: PricingSnapshotData; skipped: ImportIssue[]; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[]; partial?: PricingSnapshotData };

export interface ImportOptions {
  /** Drop invalid rows (listed in `skipped`, one entry per row) instead of failing the import. */
  skipInvalid?: boolean;
}
