import {
  collapseDuplicates,
  validateEvent,
  type FieldIssue,
  type NormalizedEvent,
} from "./event-schema";

/**
 * CSV upload of usage events: one event per row, header required. Columns mirror the JSON fields (snake_case or
 * camelCase, case-insensitive); every row is converted to the JSON event shape and run through the same
 * validateEvent as the API, so the rules are identical.
 *
 * We parse CSV ourselves (RFC 4180: quoted fields with commas, quotes and newlines; CRLF/LF/CR; BOM) instead of
 * csv-parse because we need the physical start line of every record, also for multi-line quoted fields, and to
 * keep going after a malformed row; csv-parse's line counter drifts on CRLF inside quotes and it aborts on the
 * first quoting error.
 */

type Kind = "string" | "int" | "bool" | "json";
interface ColumnDef {
  /** Documented (snake_case) header name. */
  name: string;
  /** Event path the column fills, e.g. "traceId" or "usage.textInputTokens". */
  path: string;
  kind: Kind;
}

export const CSV_COLUMNS: readonly ColumnDef[] = [
  { name: "id", path: "id", kind: "string" },
  { name: "timestamp", path: "timestamp", kind: "string" },
  { name: "team", path: "team", kind: "string" },
  { name: "feature", path: "feature", kind: "string" },
  { name: "workflow", path: "workflow", kind: "string" },
  { name: "stage", path: "stage", kind: "string" },
  { name: "trace_id", path: "traceId", kind: "string" },
  { name: "model", path: "model", kind: "string" },
  { name: "provider", path: "provider", kind: "string" },
  { name: "text_input_tokens", path: "usage.textInputTokens", kind: "int" },
  { name: "cached_text_input_tokens", path: "usage.cachedTextInputTokens", kind: "int" },
  { name: "text_output_tokens", path: "usage.textOutputTokens", kind: "int" },
  { name: "image_input_tokens", path: "usage.imageInputTokens", kind: "int" },
  { name: "cached_image_input_tokens", path: "usage.cachedImageInputTokens", kind: "int" },
  { name: "image_output_tokens", path: "usage.imageOutputTokens", kind: "int" },
  { name: "images", path: "images", kind: "int" },
  { name: "size", path: "size", kind: "string" },
  { name: "quality", path: "quality", kind: "string" },
  { name: "input_images", path: "inputImages", kind: "int" },
  { name: "batch", path: "batch", kind: "bool" },
  { name: "attempt", path: "attempt", kind: "int" },
  { name: "outcome", path: "outcome", kind: "string" },
  { name: "metadata", path: "metadata", kind: "json" },
];

const REQUIRED_COLUMNS = ["id", "timestamp", "feature", "workflow", "model"];

/** "trace_id", "traceId", "Trace ID" all normalize to "traceid". */
const normHeader = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
const BY_NORM = new Map(CSV_COLUMNS.map((c) => [normHeader(c.name), c] as const));

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
  /** Quoting problem found while reading the record. */
  error?: string;
}

/** Splits CSV text into records. Blank lines are skipped; newlines inside quoted fields become "\n". */
export function readCsvRecords(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let cells: string[] = [];
  let field = "";
  let inQuotes = false;
  let quoted = false; // current field started with a quote
  let afterClose = false; // current field's closing quote was seen
  let start = 1;
  let error: string | undefined;
  let touched = false; // anything read for the current record

  const endField = () => {
    cells.push(field);
    field = "";
    quoted = false;
    afterClose = false;
  };
  const endRecord = () => {
    endField();
    const blank = !touched;
    if (!blank) records.push(error ? { line: start, cells, error } : { line: start, cells });
    cells = [];
    error = undefined;
    touched = false;
  };

  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (!touched && cells.length === 0 && field === "") start = line;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          afterClose = true;
        }
      } else if (ch === "\r" || ch === "\n") {
        if (ch === "\r" && src[i + 1] === "\n") i++;
        field += "\n";
        line++;
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === ",") {
      touched = true;
      endField();
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
    } else if (ch === '"' && field === "" && !quoted) {
      touched = true;
      inQuotes = true;
      quoted = true;
    } else {
      touched = true;
      if (afterClose && !error) error = `unexpected character ${JSON.stringify(ch)} after a closing quote`;
      field += ch;
    }
  }
  if (inQuotes) error = "a quoted field is not closed before the end of the file";
  if (touched || inQuotes) endRecord();
  return records;
}

export interface CsvError {
  /** 1-based physical line where the row starts (the header is line 1 unless blank lines precede it). */
  line: number;
  /** 1-based data row number (0 = the header). */
  row: number;
  /** The row's id cell, when there is one. */
  id: string | null;
  /** Header name as written in the file, or null when the error is not about one column. */
  column: string | null;
  /** Event path, e.g. "usage.imageOutputTokens" ("" = the row). */
  path: string;
  message: string;
}

export interface CsvRow {
  line: number;
  row: number;
  cells: string[];
}

export interface ParseUsageCsvResult {
  events: NormalizedEvent[];
  errors: CsvError[];
  warnings: CsvError[];
  /** Data rows read (blank lines excluded). */
  rowCount: number;
  /** Rows dropped because an earlier row had the same id and content. */
  duplicatesCollapsed: number;
  /** The original header and rows, for errorReportCsv. */
  header: string[];
  rows: CsvRow[];
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(["true", "1", "yes"]);
const FALSE_WORDS = new Set(["false", "0", "no"]);

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const [head, sub] = path.split(".");
  if (!sub) {
    obj[head] = value;
    return;
  }
  const inner = (obj[head] as Record<string, unknown> | undefined) ?? {};
  inner[sub] = value;
  obj[head] = inner;
}

/** Converts one row to the JSON event shape. Empty cells are omitted; conversion problems become issues. */
function rowToEvent(cells: string[], columns: ColumnDef[]): { event: Record<string, unknown>; issues: FieldIssue[] } {
  const event: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  columns.forEach((col, i) => {
    const cell = (cells[i] ?? "").trim();
    if (cell === "") return;
    switch (col.kind) {
      case "string":
        setPath(event, col.path, cell);
        break;
      case "int":
        // Numbers go through the schema (which reports non-integers and ranges); other text stays a string so the
        // schema reports it with the same message as the API.
        setPath(event, col.path, NUMBER_RE.test(cell) ? Number(cell) : cell);
        break;
      case "bool": {
        const w = cell.toLowerCase();
        if (TRUE_WORDS.has(w)) setPath(event, col.path, true);
        else if (FALSE_WORDS.has(w)) setPath(event, col.path, false);
        else issues.push({ path: col.path, message: "must be true/false, 1/0 or yes/no" });
        break;
      }
      case "json":
        try {
          setPath(event, col.path, JSON.parse(cell));
        } catch {
          issues.push({ path: col.path, message: "must be a JSON object, e.g. {\"ticket\":\"A-1\"}" });
        }
        break;
    }
  });
  return { event, issues };
}

/**
 * Parses an uploaded usage CSV. Rows are validated independently; `events` holds the valid ones (duplicate ids with
 * identical content collapsed; conflicting duplicates are errors on every row carrying the id). Header problems
 * (unknown, duplicate or missing required columns) stop the parse with errors on row 0.
 */
export function parseUsageCsv(text: string, now: Date): ParseUsageCsvResult {
  const records = readCsvRecords(text);
  const result: ParseUsageCsvResult = {
    events: [],
    errors: [],
    warnings: [],
    rowCount: 0,
    duplicatesCollapsed: 0,
    header: [],
    rows: [],
  };
  const headerRec = records[0];
  if (!headerRec) {
    result.errors.push({ line: 1, row: 0, id: null, column: null, path: "", message: "the file is empty; a header row is required" });
    return result;
  }
  const header = headerRec.cells.map((c) => c.trim());
  result.header = header;
  const headerError = (column: string | null, message: string) =>
    result.errors.push({ line: headerRec.line, row: 0, id: null, column, path: "", message });

  if (headerRec.error) headerError(null, headerRec.error);
  const columns: ColumnDef[] = [];
  const seen = new Map<string, string>();
  for (const h of header) {
    const col = BY_NORM.get(normHeader(h));
    if (!col) {
      headerError(h, `unknown column "${h}"; allowed: ${CSV_COLUMNS.map((c) => c.name).join(", ")}`);
      continue;
    }
    const prev = seen.get(col.name);
    if (prev !== undefined) headerError(h, `duplicate column "${h}" (same as "${prev}")`);
    seen.set(col.name, h);
    columns.push(col);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) headerError(null, `missing required column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);

  const quotingErrors = new Map<number, string>(); // row number -> problem found while reading it
  let rowNo = 0;
  for (const rec of records.slice(1)) {
    if (rec.cells.every((c) => c.trim() === "") && !rec.error) continue; // ",,,," rows spreadsheets leave behind
    rowNo++;
    result.rows.push({ line: rec.line, row: rowNo, cells: rec.cells });
    if (rec.error) quotingErrors.set(rowNo, rec.error);
  }
  result.rowCount = rowNo;
  if (result.errors.length > 0) return result;

  const columnFor = (path: string): string | null => {
    for (const [i, col] of columns.entries()) {
      if (path === col.path || path.startsWith(`${col.path}.`)) return header[i];
    }
    return null;
  };
  const idIndex = columns.findIndex((c) => c.path === "id");
  const valid: Array<{ key: CsvRow; event: NormalizedEvent }> = [];

  for (const r of result.rows) {
    const id = (r.cells[idIndex] ?? "").trim() || null;
    const push = (list: CsvError[], i: FieldIssue) =>
      list.push({ line: r.line, row: r.row, id, column: i.path ? columnFor(i.path) : null, path: i.path, message: i.message });
    const quoting = quotingErrors.get(r.row);
    if (quoting) {
      push(result.errors, { path: "", message: quoting });
      continue;
    }
    if (r.cells.length > header.length) {
      push(result.errors, { path: "", message: `has ${r.cells.length} fields but the header has ${header.length}` });
      continue;
    }
    const { event, issues } = rowToEvent(r.cells, columns);
    const v = validateEvent(event, now);
    if (!v.ok || issues.length > 0) {
      for (const i of issues) push(result.errors, i);
      if (!v.ok) for (const i of v.issues) push(result.errors, i);
      continue;
    }
    for (const w of v.warnings) push(result.warnings, { path: "", message: w });
    valid.push({ key: r, event: v.event });
  }

  const dedup = collapseDuplicates(valid);
  for (const c of dedup.conflicts) {
    for (const r of c.positions) {
      const others = c.positions.filter((p) => p !== r).map((p) => p.line);
      result.errors.push({
        line: r.line,
        row: r.row,
        id: c.id,
        column: columnFor("id"),
        path: "id",
        message: `duplicate id "${c.id}" with different content (also on line${others.length > 1 ? "s" : ""} ${others.join(", ")})`,
      });
    }
  }
  result.errors.sort((a, b) => a.row - b.row);
  result.duplicatesCollapsed = dedup.collapsed;
  result.events = dedup.keys
    .map((k, i) => ({ k, e: dedup.events[i] }))
    .sort((a, b) => a.k.row - b.k.row)
    .map((x) => x.e);
  return result;
}

/** Keeps spreadsheet apps from executing cell text as a formula (CSV injection) when the report is opened. */
function neutralizeFormula(value: string): string {
  if (/^[=+@\t\r]/.test(value) || /^-(?![\d.])/.test(value)) return `'${value}`;
  return value;
}

function csvCell(value: string): string {
  const v = neutralizeFormula(value);
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * A downloadable per-row error report: line, row, id, field, message, then the original row's values (when the
 * original header and rows are given). One report line per error. CRLF line endings and a UTF-8 BOM so Excel opens
 * it correctly.
 */
export function errorReportCsv(errors: readonly CsvError[], original?: { header: string[]; rows: CsvRow[] }): string {
  const header = ["line", "row", "id", "field", "message", ...(original?.header ?? [])];
  const byLine = new Map((original?.rows ?? []).map((r) => [r.line, r] as const));
  const lines = [header.map(csvCell).join(",")];
  for (const e of errors) {
    const cells = [String(e.line), String(e.row), e.id ?? "", e.column ?? e.path, e.message];
    if (original) {
      const row = byLine.get(e.line);
      for (let i = 0; i < original.header.length; i++) cells.push(row?.cells[i] ?? "");
    }
    lines.push(cells.map(csvCell).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
