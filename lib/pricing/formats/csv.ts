/**
 * Pricing snapshot CSV: one row per model, a header row first (columns in any order, names
 * case-insensitive; spaces or hyphens count as underscores, so "Text Input" = text_input).
 *
 *   model               model id, e.g. gpt-image-2 (required column)
 *   aliases             other ids billed with this row, separated by "|": openai/gpt-image-2|gpt-image-2-2026-04-21
 *   text_input          \
 *   cached_text_input    |
 *   text_output          |  USD per 1M tokens, e.g. 5 or 1.25 (a leading "$" is allowed).
 *   image_input          |  Empty, "-" or "not listed" (any case) = the bucket is not listed (null).
 *   cached_image_input   |
 *   image_output        /
 *   image_output_tokens output tokens per generated image, sizes separated by spaces:
 *                       "1024x1024:low=196;medium=1756;high=7024 1024x1536:low=158;medium=1372;high=5488"
 *                       size = WxH or auto; qualities low/medium/high; tokens positive integers; empty = none.
 *   image_prices        USD per generated image, same shape: "1024x1024:standard=0.04;hd=0.08 *:*=0.05"
 *                       size = WxH, auto or * (any); quality = a lowercase word or * (any); empty = none.
 *   megapixel_price     USD per output megapixel, e.g. 0.03; empty = none.
 *
 * Snapshot metadata (name, provider, effectiveFrom, source, notes, batchMultiplier) is not in the
 * file; it is passed to importCsv and read back with csvMetaOf. Lines starting with "#" are comments;
 * blank lines are ignored. Errors name the 1-based physical line where the record starts.
 * A missing rate column means "not listed" for every row (reported as a warning); unknown columns are
 * ignored with a warning.
 */
import { parse } from "csv-parse/sync";
import { BUCKETS, type Bucket, type PricingSnapshotData } from "@/lib/cost/types";
import { dec } from "@/lib/money/decimal";
import { canonicalDecimal } from "@/lib/pricing/formats/rate";
import type { ImportIssue, ImportOptions, ImportResult } from "@/lib/pricing/formats/result";
import { formatTokenTableCompact, parseTokenTableCompact } from "@/lib/pricing/formats/token-table";
import { assembleSnapshot, type RowInput } from "@/lib/pricing/snapshot-schema";
import { formatImagePricesCompact, parseImagePricesCompact } from "@/lib/pricing/formats/image-prices";
import { hasUnitPrices } from "@/lib/cost/image-prices";

export const CSV_COLUMNS = [
  "model",
  "aliases",
  "text_input",
  "cached_text_input",
  "text_output",
  "image_input",
  "cached_image_input",
  "image_output",
  "image_output_tokens",
] as const;
/** Optional columns for rows priced per image / per megapixel; exported only when some row has such prices. */
export const UNIT_PRICE_COLUMNS = ["image_prices", "megapixel_price"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number] | (typeof UNIT_PRICE_COLUMNS)[number];

export const RATE_COLUMN: Record<Bucket, CsvColumn> = {
  textInput: "text_input",
  cachedTextInput: "cached_text_input",
  textOutput: "text_output",
  imageInput: "image_input",
  cachedImageInput: "cached_image_input",
  imageOutput: "image_output",
};

export const ALIAS_SEPARATOR = "|";
/** Cell values (after trimming, case-insensitive) that mean "this bucket is not listed". */
export const NOT_LISTED = ["", "-", "not listed"] as const;

/** Snapshot-level fields the CSV cannot carry. */
export interface CsvMeta {
  name: string;
  provider: string;
  effectiveFrom: Date | string;
  source?: string;
  notes?: string;
  batchMultiplier?: string | number;
}

export function csvMetaOf(snapshot: PricingSnapshotData): CsvMeta {
  const { name, provider, effectiveFrom, source, notes, batchMultiplier } = snapshot;
  return { name, provider, effectiveFrom, source, notes, batchMultiplier };
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set([...CSV_COLUMNS, ...UNIT_PRICE_COLUMNS]);

function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

function rateCell(cell: string | undefined): string | null {
  const v = (cell ?? "").trim();
  if ((NOT_LISTED as readonly string[]).includes(v.toLowerCase())) return null;
  return v.startsWith("$") ? v.slice(1).trim() : v;
}

/** Maps a schema path inside a row to the CSV column it came from. */
function columnOf(path: readonly PropertyKey[]): string {
  const [head, sub] = path;
  if (head === "rates" && typeof sub === "string" && sub in RATE_COLUMN) return RATE_COLUMN[sub as Bucket];
  if (head === "imageOutputTokens") return path.length > 1 ? `image_output_tokens ${path.slice(1).map(String).join(" ")}` : "image_output_tokens";
  if (head === "imagePrices") return path.length > 1 ? `image_prices ${path.slice(1).map(String).join(" ")}` : "image_prices";
  if (head === "megapixelPrice") return "megapixel_price";
  if (head === "aliases") return "aliases";
  if (head === "model") return "model";
  return path.map(String).join(".");
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export function importCsv(text: string, meta: CsvMeta, opts: ImportOptions = {}): ImportResult {
  // One newline convention so csv-parse's line counter matches physical lines.
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let records: ParsedRecord[];
  try {
    records = parse(normalized, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      comment: "#",
      comment_no_infix: true,
    }) as unknown as ParsedRecord[];
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    // csv-parse reports an unclosed quote at the END of the file; point at where the quote opened.
    const line = err.code === "CSV_QUOTE_NOT_CLOSED" ? (unclosedQuoteLine(normalized) ?? err.lines) : err.lines;
    return { ok: false, errors: [{ ...(line ? { line } : {}), path: "", message: `CSV syntax: ${err.message}` }] };
  }
  // info.lines is the line where a record ends; quoted cells can span lines.
  const startLine = (r: ParsedRecord) => r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);

  if (records.length === 0) return { ok: false, errors: [{ path: "", message: "the file is empty; expected a header row" }] };
  const [header, ...body] = records;
  const headerLine = startLine(header);
  const warnings: ImportIssue[] = [];
  const errors: ImportIssue[] = [];
  const index = new Map<string, number>();
  header.record.forEach((raw, i) => {
    const name = normalizeHeader(raw);
    if (!KNOWN_COLUMNS.has(name)) warnings.push({ line: headerLine, path: raw, message: `unknown column "${raw}" ignored` });
    else if (index.has(name)) errors.push({ line: headerLine, path: name, message: `column ${name} appears twice` });
    else index.set(name, i);
  });
  if (!index.has("model")) errors.push({ line: headerLine, path: "model", message: `missing the model column (columns: ${CSV_COLUMNS.join(", ")})` });
  if (errors.length > 0) return { ok: false, errors };
  for (const b of BUCKETS) {
    if (!index.has(RATE_COLUMN[b])) warnings.push({ line: headerLine, path: RATE_COLUMN[b], message: `no ${RATE_COLUMN[b]} column: every row treats it as not listed` });
  }
  if (body.length === 0) warnings.push({ path: "", message: "the file has a header but no model rows" });

  const cell = (r: string[], col: CsvColumn) => {
    const i = index.get(col);
    return i === undefined ? undefined : r[i];
  };
  const rows: RowInput[] = body.map((rec) => {
    const line = startLine(rec);
    const model = (cell(rec.record, "model") ?? "").trim();
    const where = { line, ...(model ? { model } : {}) };
    const problems: ImportIssue[] = [];
    const input: RowInput = { raw: undefined, where, path: columnOf, errors: problems };
    if (rec.record.length !== header.record.length) {
      problems.push({ ...where, path: "", message: `expected ${header.record.length} fields like the header, found ${rec.record.length}` });
      return input;
    }
    const tokens = parseTokenTableCompact(cell(rec.record, "image_output_tokens") ?? "");
    if (!tokens.ok) problems.push({ ...where, path: "image_output_tokens", message: tokens.message });
    const rates = Object.fromEntries(BUCKETS.map((b) => [b, rateCell(cell(rec.record, RATE_COLUMN[b]))]));
    const aliases = (cell(rec.record, "aliases") ?? "")
      .split(ALIAS_SEPARATOR)
      .map((a) => a.trim())
      .filter((a) => a !== "");
    const imagePrices = parseImagePricesCompact(cell(rec.record, "image_prices") ?? "");
    if (!imagePrices.ok) problems.push({ ...where, path: "image_prices", message: imagePrices.message });
    const megapixelPrice = rateCell(cell(rec.record, "megapixel_price"));
    input.raw = { model, aliases, rates, imageOutputTokens: tokens.ok ? tokens.value : {}, imagePrices: imagePrices.ok ? imagePrices.value : {}, megapixelPrice };
    return input;
  });

  const { name, provider, effectiveFrom, source, notes, batchMultiplier } = meta;
  return assembleSnapshot({ name, provider, effectiveFrom, source, notes, batchMultiplier }, rows, opts, { warnings });
}

/** Line of the last quote that opens a cell and is never closed (comment lines skipped). */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (openedAt === undefined && lineStart && ch === "#") {
      const end = text.indexOf("\n", i);
      if (end < 0) break;
      i = end - 1;
      lineStart = false;
      continue;
    }
    lineStart = false;
    if (ch === '"') openedAt = openedAt === undefined ? line : undefined;
    else if (ch === "\n") {
      line++;
      lineStart = true;
    }
  }
  return openedAt;
}

function quote(value: string): string {
  return /[",\n\r]|^\s|\s$|^#/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Snapshot rows -> CSV text (header + one line per model, "\n" line ends, empty cell = not listed). */
export function exportCsv(snapshot: PricingSnapshotData): string {
  const withUnits = snapshot.rows.some(hasUnitPrices);
  const lines = [[...CSV_COLUMNS, ...(withUnits ? UNIT_PRICE_COLUMNS : [])].join(",")];
  for (const row of snapshot.rows) {
    const cells: string[] = [
      row.model,
      row.aliases.join(ALIAS_SEPARATOR),
      ...BUCKETS.map((b) => (row.rates[b] === null ? "" : canonicalDecimal(dec(row.rates[b])))),
      formatTokenTableCompact(row.imageOutputTokens),
      ...(withUnits ? [formatImagePricesCompact(row.imagePrices), row.megapixelPrice == null ? "" : canonicalDecimal(dec(row.megapixelPrice))] : []),
    ];
    lines.push(cells.map(quote).join(","));
  }
  return `${lines.join("\n")}\n`;
}
