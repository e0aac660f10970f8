import type { PricingSnapshotData } from "@/lib/cost/types";
import type { SnapshotDiff } from "@/lib/pricing/diff";
import type { ImportIssue } from "@/lib/pricing/formats/result";
import type { SnapshotDocument } from "@/lib/pricing/store";

/**
 * What the pricing service hands to routes, pages and the CLI: plain JSON-safe objects (dates as ISO
 * strings, rates as decimal strings), so the same shape serves the REST API and client components.
 */

export type SnapshotStatus = "draft" | "published";

export interface SnapshotSummary {
  id: string;
  name: string;
  provider: string;
  version: number;
  status: SnapshotStatus;
  effectiveFrom: string;
  rowCount: number;
  /** True for the published snapshot that prices this provider's events right now. */
  inForce: boolean;
  clonedFromId: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface SnapshotDetail {
  summary: SnapshotSummary;
  /** The import/export JSON document. */
  document: SnapshotDocument;
  /** The same content in the domain shape (for the estimator and tables). */
  data: PricingSnapshotData;
}

export type RepriceJobStatus = "queued" | "running" | "done" | "failed";

export interface RepriceJobView {
  id: string;
  snapshotId: string;
  snapshotName: string | null;
  snapshotVersion: number | null;
  provider: string;
  status: RepriceJobStatus;
  total: number;
  processed: number;
  /** 0-100, whole percent (100 only when done). */
  percent: number;
  error: string | null;
  rangeStart: string;
  rangeEnd: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The repricing impact breakdown of this job's snapshot (by team and month), recomputed on request. */
  impactUrl: string;
}

export interface PublishResult {
  snapshot: SnapshotDetail;
  repriceJob: RepriceJobView | null;
}

export interface ImportOutcome {
  dryRun: boolean;
  /** The snapshot as read from the file (not saved when dryRun). */
  document: SnapshotDocument;
  /** The published snapshot the preview compares with (the one in force now for the provider). */
  against: SnapshotSummary | null;
  diff: SnapshotDiff;
  skipped: ImportIssue[];
  warnings: ImportIssue[];
  /** The saved snapshot (null on dryRun). */
  created: SnapshotSummary | null;
  repriceJob: RepriceJobView | null;
}

export interface DiffView {
  a: SnapshotDetail;
  b: SnapshotDetail;
  diff: SnapshotDiff;
}
