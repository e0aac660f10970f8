import { z } from "zod";
import type { PricingSnapshotData } from "@/lib/cost/types";
import { importCsv, exportCsv, type CsvMeta } from "@/lib/pricing/formats/csv";
import { parseSnapshotJson } from "@/lib/pricing/snapshot-schema";
import { importLiteLlm } from "@/lib/pricing/formats/litellm";
import type { ImportIssue } from "@/lib/pricing/formats/result";
import { jsonErrorLine, locateJson } from "@/lib/pricing/json-lines";
import { storageIssues } from "@/lib/pricing/store";
import { parseStorableJson } from "@/lib/api/zod-fields";

/**
 * One import request (API body, CLI flags, import page) -> a validated snapshot or errors by line.
 * Pure: the service adds the preview diff and the saving.
 */

export const IMPORT_FORMATS = ["json", "csv", "litellm"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const optionalText = (max: number) => z.string({ error: "must be a string" }).trim().max(max).optional();

export const ImportRequestSchema = z.strictObject({
  format: z.enum(IMPORT_FORMATS, { error: 'must be "json", "csv" or "litellm"' }),
  content: z.string({ error: "must be the file's text" }).refine((s) => s.trim() !== "", "is empty"),
  /** Overrides the file's metadata (JSON) or supplies it (CSV, LiteLLM). */
  provider: optionalText(100),
  name: optionalText(200),
  effectiveFrom: optionalText(100),
  source: optionalText(2000),
  notes: optionalText(20000),
  batchMultiplier: z.union([z.string(), z.number()]).optional(),
  /** LiteLLM only: which litellm_provider's rows to take (default: provider, else "openai"). */
  litellmProvider: optionalText(100),
  skipInvalid: z.boolean({ error: "must be true or false" }).default(false),
  publish: z.boolean({ error: "must be true or false" }).default(false),
  dryRun: z.boolean({ error: "must be true or false" }).default(false),
});
export type ImportRequest = z.output<typeof ImportRequestSchema>;

export type ParsedImport =
  | { ok: true; snapshot: PricingSnapshotData; skipped: ImportIssue[]; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[]; warnings: ImportIssue[] };

type MetaOverrides = Pick<ImportRequest, "provider" | "name" | "effectiveFrom" | "source" | "notes" | "batchMultiplier">;

function overrides(req: MetaOverrides): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ["provider", "name", "effectiveFrom", "source", "notes", "batchMultiplier"] as const) {
    if (req[k] !== undefined && req[k] !== "") out[k] = req[k];
  }
  return out;
}

const META_COMMENT = /^#\s*(name|provider|effectiveFrom|source|notes|batchMultiplier)\s*:\s*(.*)$/;

/** Snapshot metadata from the "# key: value" comment lines at the top of a CSV (written by exportCsvWithMeta). */
export function csvCommentMeta(text: string): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r\n?|\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (!line.startsWith("#")) break;
    const m = META_COMMENT.exec(line);
    if (m) meta[m[1]] = m[2].trim();
  }
  return meta;
}

/** CSV export with the snapshot metadata as leading comment lines, so the file re-imports on its own. */
export function exportCsvWithMeta(s: PricingSnapshotData): string {
  const oneLine = (v: string) => v.replace(/[\r\n]+/g, " ");
  const header = [
    `# name: ${oneLine(s.name)}`,
    `# provider: ${s.provider}`,
    `# effectiveFrom: ${s.effectiveFrom.toISOString()}`,
    `# batchMultiplier: ${s.batchMultiplier}`,
    ...(s.source ? [`# source: ${oneLine(s.source)}`] : []),
    ...(s.notes ? [`# notes: ${oneLine(s.notes)}`] : []),
  ];
  return `${header.join("\n")}\n${exportCsv(s)}`;
}

function withLines(issues: ImportIssue[], lineOf: (i: ImportIssue) => number | undefined): ImportIssue[] {
  return issues.map((i) => {
    if (i.line !== undefined) return i;
    const line = lineOf(i);
    return line === undefined ? i : { ...i, line };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseImport(req: ImportRequest, now: Date): ParsedImport {
  const notes: ImportIssue[] = [];
  const text = req.content.replace(/^\uFEFF/, "");
  const defaultFrom = () => {
    notes.push({ path: "effectiveFrom", message: `no effective date given; using the import time ${now.toISOString()}` });
    return now.toISOString();
  };
  const opts = { skipInvalid: req.skipInvalid };
  let result: ReturnType<typeof parseSnapshotJson>;
  let lineOf: (i: ImportIssue) => number | undefined = () => undefined;

  if (req.format === "json") {
    let doc: unknown;
    try {
      doc = parseStorableJson(text);
    } catch (e) {
      const message = (e as Error).message;
      const line = jsonErrorLine(text, message);
      return { ok: false, errors: [{ ...(line ? { line } : {}), path: "", message: `not valid JSON: ${message}` }], warnings: [] };
    }
    result = parseSnapshotJson(isObject(doc) ? { ...doc, ...overrides(req) } : doc, opts);
    const { rowLines } = locateJson(text);
    lineOf = (i) => (i.row !== undefined ? rowLines[i.row] : undefined);
  } else if (req.format === "csv") {
    const fromFile = csvCommentMeta(text);
    const provider = req.provider || fromFile.provider;
    if (!provider) {
      return { ok: false, errors: [{ path: "provider", message: 'is required for a CSV import (give a provider, or a "# provider: openai" line at the top of the file)' }], warnings: [] };
    }
    const effectiveFrom = req.effectiveFrom || fromFile.effectiveFrom || defaultFrom();
    const meta: CsvMeta = {
      name: req.name || fromFile.name || `${provider} rates imported ${now.toISOString().slice(0, 10)}`,
      provider,
      effectiveFrom,
      source: req.source ?? fromFile.source,
      notes: req.notes ?? fromFile.notes,
      batchMultiplier: req.batchMultiplier ?? fromFile.batchMultiplier,
    };
    result = importCsv(text, meta, opts);
  } else {
    result = importLiteLlm(text, {
      ...opts,
      litellmProvider: req.litellmProvider || req.provider || "openai",
      meta: {
        effectiveFrom: req.effectiveFrom || defaultFrom(),
        ...(req.name ? { name: req.name } : {}),
        ...(req.provider ? { provider: req.provider } : {}),
        ...(req.source ? { source: req.source } : {}),
        ...(req.notes ? { notes: req.notes } : {}),
        ...(req.batchMultiplier !== undefined ? { batchMultiplier: req.batchMultiplier } : {}),
      },
    });
    const { keyLines } = locateJson(text);
    lineOf = (i) => (i.model !== undefined ? keyLines.get(i.model) : undefined);
  }

  if (!result.ok) return { ok: false, errors: withLines(result.errors, lineOf), warnings: notes };
  const tooPrecise = storageIssues(result.snapshot).map((s) => {
    const m = /^rows\[(\d+)\]/.exec(s.path);
    const model = m ? result.snapshot.rows[Number(m[1])]?.model : undefined;
    return { ...(model ? { model } : {}), path: s.path, message: s.message };
  });
  if (tooPrecise.length > 0) return { ok: false, errors: tooPrecise, warnings: notes };
  return {
    ok: true,
    snapshot: result.snapshot,
    skipped: withLines(result.skipped, lineOf),
    warnings: [...notes, ...withLines(result.warnings, lineOf)],
  };
}

/** "json" for .json files that are snapshot documents, "litellm" for price maps, "csv" for .csv/.tsv. */
export function detectFormat(filename: string, content: string): ImportFormat {
  if (/\.(csv|tsv|txt)$/i.test(filename)) return "csv";
  try {
    const doc: unknown = JSON.parse(content.replace(/^\uFEFF/, ""));
    if (isObject(doc) && !("rows" in doc) && Object.values(doc).some((v) => isObject(v) && "litellm_provider" in v)) return "litellm";
  } catch {
    // not JSON at all: let the JSON importer report the syntax error with its line
  }
  return "json";
}
