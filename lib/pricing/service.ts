import { z } from "zod";
import { db, type Tx } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/log";
import { AppError, badRequest, conflict, notFound, type InvalidField } from "@/lib/api/errors";
import { zodIssuesToFieldsPlain } from "@/lib/api/zod-fields";
import type { Principal } from "@/lib/auth/permissions";
import { actorOf } from "@/lib/auth/permissions";
import type { PricingSnapshotData } from "@/lib/cost/types";
import { diffSnapshots } from "@/lib/pricing/diff";
import { exportJson } from "@/lib/pricing/formats/json";
import type { ImportIssue } from "@/lib/pricing/formats/result";
import { ImportRequestSchema, exportCsvWithMeta, parseImport } from "@/lib/pricing/import";
import { lockPricingExclusive } from "@/lib/pricing/pricing-lock";
import {
  countEventsInRange,
  deleteSnapshotRecord,
  findRepriceJob,
  findSnapshotRecord,
  insertRepriceJob,
  insertSnapshot,
  listRepriceJobRecords,
  listSnapshotRecords,
  lockProviderVersions,
  lockSnapshot,
  markSnapshotPublished,
  nextPublishedEffectiveFrom,
  nextSnapshotVersion,
  publishedSnapshotHeaders,
  replaceSnapshotContent,
} from "@/lib/pricing/queries";
import { isRepriceJobActiveHere, startRepriceJob } from "@/lib/pricing/reprice-worker";
import { selectSnapshot } from "@/lib/pricing/resolve";
import { SnapshotInput } from "@/lib/pricing/snapshot-schema";
import { snapshotDataOf, snapshotDocument, storageIssues, type StoredSnapshot } from "@/lib/pricing/store";
import type { DiffView, ImportOutcome, PublishResult, RepriceJobView, SnapshotDetail, SnapshotSummary } from "@/lib/pricing/views";

/**
 * Pricing snapshots: drafts (create, clone, edit, delete), publish (immutable afterwards; starts the
 * reprice job when the snapshot governs existing usage), import with a preview, export, diff.
 * Every change is audited in its own transaction.
 */

export interface PricingActor {
  actor: string;
  actorLabel: string;
  /** Recorded as createdById / publishedById; null for the CLI and API keys. */
  userId: string | null;
}

export function pricingActorOf(p: Principal): PricingActor {
  return { ...actorOf(p), userId: p.kind === "user" ? p.userId : null };
}

const ENTITY = "pricing_snapshot";
const TX = { maxWait: 30_000, timeout: 120_000 } as const;

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

type RecordWithRows = StoredSnapshot;

function summaryOf(
  r: Omit<StoredSnapshot, "rows"> & { rowCount: number },
  inForce: boolean,
): SnapshotSummary {
  return {
    id: r.id,
    name: r.name,
    provider: r.provider,
    version: r.version,
    status: r.status,
    effectiveFrom: r.effectiveFrom.toISOString(),
    rowCount: r.rowCount,
    inForce,
    clonedFromId: r.clonedFromId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
  };
}

function detailOf(r: RecordWithRows, inForce = false): SnapshotDetail {
  const data = snapshotDataOf(r);
  return { summary: summaryOf({ ...r, rowCount: r.rows.length }, inForce), document: snapshotDocument(data), data };
}

/** Audit before/after: the snapshot as its JSON document plus identity and state. */
function auditView(r: RecordWithRows) {
  return { id: r.id, version: r.version, status: r.status, ...snapshotDocument(snapshotDataOf(r)) };
}

/** The REST representation: id/status/version and the other facts, then the import/export document. */
export function snapshotJson(d: SnapshotDetail) {
  const { id, status, version, rowCount, inForce, clonedFromId, createdAt, updatedAt, publishedAt } = d.summary;
  return { id, status, version, rowCount, inForce, clonedFromId, createdAt, updatedAt, publishedAt, ...d.document };
}

function jobView(j: {
  id: string;
  snapshotId: string;
  provider: string;
  status: RepriceJobView["status"];
  total: number;
  processed: number;
  error: string | null;
  rangeStart: Date;
  rangeEnd: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  snapshot?: { name: string; version: number } | null;
}): RepriceJobView {
  const percent = j.status === "done" ? 100 : j.total > 0 ? Math.min(99, Math.floor((j.processed * 100) / j.total)) : 0;
  return {
    id: j.id,
    snapshotId: j.snapshotId,
    snapshotName: j.snapshot?.name ?? null,
    snapshotVersion: j.snapshot?.version ?? null,
    provider: j.provider,
    status: j.status,
    total: j.total,
    processed: j.processed,
    percent,
    error: j.error,
    rangeStart: j.rangeStart.toISOString(),
    rangeEnd: j.rangeEnd ? j.rangeEnd.toISOString() : null,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt ? j.startedAt.toISOString() : null,
    finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
    impactUrl: `/api/v1/pricing/snapshots/${j.snapshotId}/impact`,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

function invalid(fields: InvalidField[]): AppError {
  return badRequest(fields.map((f) => `${f.path}: ${f.message}`).join("; "), fields);
}

/** The create/update body (snapshot JSON format) -> snapshot data, or 400 with the field paths. */
function parseSnapshotInput(input: unknown): PricingSnapshotData {
  const r = SnapshotInput.safeParse(input);
  if (!r.success) throw invalid(zodIssuesToFieldsPlain(r.error));
  const storage = storageIssues(r.data);
  if (storage.length > 0) throw invalid(storage);
  return r.data;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const PATCH_KEYS = new Set(["name", "provider", "effectiveFrom", "source", "notes", "currency", "batchMultiplier", "rows"]);

function checkPatch(patch: unknown): Record<string, unknown> {
  if (!isPlainObject(patch)) throw invalid([{ path: "(body)", message: "must be a JSON object with the fields to change" }]);
  const unknown = Object.keys(patch).filter((k) => !PATCH_KEYS.has(k));
  if (unknown.length > 0) throw invalid(unknown.map((k) => ({ path: k, message: `unknown field (allowed: ${[...PATCH_KEYS].join(", ")})` })));
  return patch;
}

const CloneOptions = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  effectiveFrom: z.string().trim().min(1).optional(),
});

function immutable(r: { provider: string; version: number }): AppError {
  return conflict(`Snapshot ${r.provider} v${r.version} is published and cannot be changed; clone it into a draft and publish that.`);
}

async function lockedRecord(tx: Tx, orgId: string, id: string): Promise<RecordWithRows> {
  if (!(await lockSnapshot(tx, orgId, id))) throw notFound(`No pricing snapshot ${id}.`);
  const r = await findSnapshotRecord(orgId, id, tx);
  if (!r) throw notFound(`No pricing snapshot ${id}.`);
  return r;
}

/** Every pricing change lands in the audit log, in the transaction that made it. */
function auditSnapshot(tx: Tx, orgId: string, actor: PricingActor, action: string, entityId: string, change: { before?: unknown; after?: unknown }) {
  return writeAudit(tx, { orgId, actor: actor.actor, actorLabel: actor.actorLabel, action: `${ENTITY}.${action}`, entityType: ENTITY, entityId, ...change });
}

async function createInTx(tx: Tx, orgId: string, data: PricingSnapshotData, actor: PricingActor, clonedFromId: string | null) {
  await lockProviderVersions(tx, orgId, data.provider);
  const version = await nextSnapshotVersion(tx, orgId, data.provider);
  return insertSnapshot(tx, orgId, data, { version, createdById: actor.userId, clonedFromId });
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/** Every snapshot of the organization, by provider then newest version first. */
export async function listSnapshots(orgId: string, now: Date = new Date()): Promise<SnapshotSummary[]> {
  const records = await listSnapshotRecords(orgId);
  const inForce = new Set<string>();
  for (const provider of new Set(records.map((r) => r.provider))) {
    const s = selectSnapshot(records, provider, now);
    if (s) inForce.add(s.id);
  }
  return records.map((r) => summaryOf({ ...r, rowCount: r._count.rows }, inForce.has(r.id)));
}

export async function getSnapshot(orgId: string, id: string, now: Date = new Date()): Promise<SnapshotDetail> {
  const r = await findSnapshotRecord(orgId, id);
  if (!r) throw notFound(`No pricing snapshot ${id}.`);
  const inForce = r.status === "published" && selectSnapshot(await publishedSnapshotHeaders(orgId, r.provider), r.provider, now)?.id === r.id;
  return detailOf(r, inForce);
}

/** The provider's published snapshot in force at `at`, else its latest published one (all future-dated), else null. */
export async function currentPublishedSnapshot(orgId: string, provider: string, at: Date = new Date(), tx: Tx = db()): Promise<SnapshotDetail | null> {
  const headers = await publishedSnapshotHeaders(orgId, provider, tx);
  const pick = selectSnapshot(headers, provider, at) ?? [...headers].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime()).pop() ?? null;
  if (!pick) return null;
  const r = await findSnapshotRecord(orgId, pick.id, tx);
  return r ? detailOf(r, selectSnapshot(headers, provider, at)?.id === r.id) : null;
}

export async function diffSnapshotsById(orgId: string, aId: string, bId: string): Promise<DiffView> {
  const [a, b] = await Promise.all([getSnapshot(orgId, aId), getSnapshot(orgId, bId)]);
  return { a, b, diff: diffSnapshots(a.data, b.data) };
}

export type ExportFormat = "json" | "csv";

export async function exportSnapshot(orgId: string, id: string, format: ExportFormat = "json") {
  const { summary, data } = await getSnapshot(orgId, id);
  const base = `${summary.provider}-v${summary.version}`;
  return format === "csv"
    ? { filename: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: exportCsvWithMeta(data) }
    : { filename: `${base}.json`, contentType: "application/json", body: exportJson(data) };
}

// ---------------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------------

export async function createDraft(orgId: string, input: unknown, actor: PricingActor): Promise<SnapshotDetail> {
  const data = parseSnapshotInput(input);
  return db().$transaction(async (tx) => {
    const r = await createInTx(tx, orgId, data, actor, null);
    await auditSnapshot(tx, orgId, actor, "create", r.id, { after: auditView(r) });
    return detailOf(r);
  }, TX);
}

/** A new draft with the source's content (any status); optional new name / effective date. */
export async function cloneSnapshot(orgId: string, id: string, actor: PricingActor, options: unknown = {}): Promise<SnapshotDetail> {
  const opts = CloneOptions.safeParse(options ?? {});
  if (!opts.success) throw invalid(zodIssuesToFieldsPlain(opts.error));
  return db().$transaction(async (tx) => {
    const source = await findSnapshotRecord(orgId, id, tx);
    if (!source) throw notFound(`No pricing snapshot ${id}.`);
    const data = parseSnapshotInput({ ...snapshotDocument(snapshotDataOf(source)), ...opts.data });
    const r = await createInTx(tx, orgId, data, actor, source.id);
    await auditSnapshot(tx, orgId, actor, "clone", r.id, {
      before: { clonedFrom: { id: source.id, version: source.version, status: source.status } },
      after: auditView(r),
    });
    return detailOf(r);
  }, TX);
}

/** Changes a draft: any of the metadata fields and/or the whole rows array. Published -> 409. */
export async function updateDraft(orgId: string, id: string, patch: unknown, actor: PricingActor): Promise<SnapshotDetail> {
  const changes = checkPatch(patch);
  return db().$transaction(async (tx) => {
    const before = await lockedRecord(tx, orgId, id);
    if (before.status !== "draft") throw immutable(before);
    const beforeData = snapshotDataOf(before);
    const data = parseSnapshotInput({ ...snapshotDocument(beforeData), ...changes });
    if (exportJson(data) === exportJson(beforeData)) return detailOf(before);
    let version = before.version;
    if (data.provider !== before.provider) {
      await lockProviderVersions(tx, orgId, data.provider);
      version = await nextSnapshotVersion(tx, orgId, data.provider);
    }
    const after = await replaceSnapshotContent(tx, id, data, version);
    await auditSnapshot(tx, orgId, actor, "update", id, { before: auditView(before), after: auditView(after) });
    return detailOf(after);
  }, TX);
}

export async function deleteDraft(orgId: string, id: string, actor: PricingActor): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await lockedRecord(tx, orgId, id);
    if (before.status !== "draft") throw immutable(before);
    await deleteSnapshotRecord(tx, id);
    await auditSnapshot(tx, orgId, actor, "delete", id, { before: auditView(before) });
  }, TX);
}

// ---------------------------------------------------------------------------------------------
// Publish
// ---------------------------------------------------------------------------------------------

async function publishInTx(tx: Tx, orgId: string, id: string, actor: PricingActor, now: Date) {
  // Exclusive against ingest's shared lock: no event is priced with the old set and committed after us.
  await lockPricingExclusive(tx, orgId);
  const before = await lockedRecord(tx, orgId, id);
  if (before.status !== "draft") throw immutable(before);
  if (before.rows.length === 0) throw conflict("A snapshot without rows cannot be published: it would leave every event of its provider unpriced.");
  const after = await markSnapshotPublished(tx, id, actor.userId, now);
  // The events this snapshot now governs: from its effective date to the next published one's.
  const rangeEnd = await nextPublishedEffectiveFrom(tx, orgId, after.provider, after.effectiveFrom);
  const total = await countEventsInRange(tx, orgId, after.provider, after.effectiveFrom, rangeEnd);
  const job =
    total > 0
      ? await insertRepriceJob(tx, { orgId, snapshotId: id, provider: after.provider, rangeStart: after.effectiveFrom, rangeEnd, total })
      : null;
  await auditSnapshot(tx, orgId, actor, "publish", id, {
    before: { id, version: before.version, status: before.status },
    after: { id, version: after.version, status: after.status, publishedAt: now.toISOString(), repriceJobId: job?.id ?? null, eventsToReprice: total },
  });
  return { after, job: job ? jobView({ ...job, snapshot: { name: after.name, version: after.version } }) : null };
}

export interface PublishOptions {
  now?: Date;
  /** Start the reprice job in this process after commit (default true); false leaves it queued. */
  startJob?: boolean;
}

export async function publishSnapshot(orgId: string, id: string, actor: PricingActor, opts: PublishOptions = {}): Promise<PublishResult> {
  const now = opts.now ?? new Date();
  const { after, job } = await db().$transaction((tx) => publishInTx(tx, orgId, id, actor, now), TX);
  if (job && opts.startJob !== false) void startRepriceJob(job.id);
  const headers = await publishedSnapshotHeaders(orgId, after.provider);
  return { snapshot: detailOf(after, selectSnapshot(headers, after.provider, new Date())?.id === after.id), repriceJob: job };
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/** "line 5 (gpt-image-1-mini): must not be negative" — where, then why. */
function issueMessage(e: ImportIssue): string {
  const where = [e.line !== undefined ? `line ${e.line}` : "", e.model && !e.path.includes(e.model) ? `(${e.model})` : ""].filter(Boolean).join(" ");
  return where ? `${where}: ${e.message}` : e.message;
}

function importFailed(errors: ImportIssue[], warnings: ImportIssue[]): AppError {
  const fields = errors.map((e) => ({ path: e.path || "(file)", message: issueMessage(e) }));
  const n = errors.length;
  const first = fields.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join("; ");
  return new AppError(400, "Invalid import", `The file has ${n} problem${n === 1 ? "" : "s"}; nothing was imported. ${first}${n > 3 ? "; …" : ""}`, {
    invalidFields: fields,
    errors,
    warnings,
  });
}

/**
 * Reads a file (json | csv | litellm) into a snapshot and previews it against the provider's
 * published snapshot in force. dryRun: nothing is saved. Otherwise saved as a draft (and published
 * when asked) in one transaction. A file with errors imports nothing unless skipInvalid drops the bad rows.
 */
export async function importSnapshot(orgId: string, body: unknown, actor: PricingActor, opts: PublishOptions = {}): Promise<ImportOutcome> {
  const now = opts.now ?? new Date();
  const req = ImportRequestSchema.safeParse(body);
  if (!req.success) throw invalid(zodIssuesToFieldsPlain(req.error));
  const parsed = parseImport(req.data, now);
  if (!parsed.ok) throw importFailed(parsed.errors, parsed.warnings);
  const { snapshot, skipped, warnings } = parsed;

  const against = await currentPublishedSnapshot(orgId, snapshot.provider, now);
  const empty: PricingSnapshotData = { ...snapshot, rows: [] };
  const diff = diffSnapshots(against?.data ?? empty, snapshot);
  const document = snapshotDocument(snapshot);
  const base = { document, against: against?.summary ?? null, diff, skipped, warnings };
  if (req.data.dryRun) return { dryRun: true, ...base, created: null, repriceJob: null };

  const { created, job } = await db().$transaction(async (tx) => {
    const r = await createInTx(tx, orgId, snapshot, actor, null);
    await auditSnapshot(tx, orgId, actor, "import", r.id, { after: { ...auditView(r), import: { format: req.data.format, skipped: skipped.length, warnings: warnings.length } } });
    if (!req.data.publish) return { created: r, job: null };
    const published = await publishInTx(tx, orgId, r.id, actor, now);
    return { created: published.after, job: published.job };
  }, TX);
  if (job && opts.startJob !== false) void startRepriceJob(job.id);
  const headers = await publishedSnapshotHeaders(orgId, created.provider);
  const inForce = selectSnapshot(headers, created.provider, new Date())?.id === created.id;
  return { dryRun: false, ...base, created: summaryOf({ ...created, rowCount: created.rows.length }, inForce), repriceJob: job };
}

// ---------------------------------------------------------------------------------------------
// Reprice jobs
// ---------------------------------------------------------------------------------------------

/** A queued job nobody picked up for this long is started by whoever looks at it. */
const KICK_AFTER_MS = 30_000;

export async function getRepriceJob(orgId: string, id: string, now: Date = new Date()): Promise<RepriceJobView> {
  const j = await findRepriceJob(orgId, id);
  if (!j) throw notFound(`No reprice job ${id}.`);
  if (j.status === "queued" && now.getTime() - j.createdAt.getTime() > KICK_AFTER_MS && !isRepriceJobActiveHere(j.id)) void startRepriceJob(j.id);
  return jobView(j);
}

export async function listRepriceJobs(orgId: string, opts: { snapshotId?: string; limit?: number } = {}): Promise<RepriceJobView[]> {
  return (await listRepriceJobRecords(orgId, opts)).map(jobView);
}
