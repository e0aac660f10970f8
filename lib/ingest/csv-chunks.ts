/**
 * Splits a usage CSV into chunks of at most `maxRows` data rows, each with the header, for upload in atomic pieces
 * after the whole file was validated. Browser-safe (no imports). Records are cut only at line breaks outside quoted
 * fields; blank lines and rows of empty cells are skipped exactly as the server's parser skips them, so `firstRow`
 * numbers rows the way the server's validation report does and `firstLine` is the row's physical line.
 */

export interface CsvChunk {
  text: string;
  /** Physical line (1-based) of the chunk's first data row in the original file. */
  firstLine: number;
  /** Data row number (1-based) of the chunk's first row in the original file. */
  firstRow: number;
  rows: number;
}

interface RawRecord {
  text: string;
  line: number;
  blank: boolean;
}

function records(src: string): RawRecord[] {
  const out: RawRecord[] = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let inQuotes = false;
  let sawQuote = false;
  const push = (end: number) => {
    const text = src.slice(start, end);
    out.push({ text, line: startLine, blank: !sawQuote && /^[\s,]*$/.test(text) });
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') {
      inQuotes = !inQuotes; // an escaped "" toggles twice
      sawQuote = true;
    } else if ((ch === "\n" || ch === "\r") && !inQuotes) {
      push(i);
      if (ch === "\r" && src[i + 1] === "\n") i++;
      line++;
      start = i + 1;
      startLine = line;
      sawQuote = false;
    } else if (ch === "\n" || (ch === "\r" && src[i + 1] !== "\n")) {
      line++; // a line break inside a quoted field
    } else if (ch === "\r") {
      line++;
      i++;
    }
  }
  if (start < src.length) push(src.length);
  return out;
}

export function splitCsvChunks(text: string, maxRows: number): { header: string; rowCount: number; chunks: CsvChunk[] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const all = records(src);
  const headerIndex = all.findIndex((r) => r.text.trim() !== "");
  if (headerIndex < 0) return { header: "", rowCount: 0, chunks: [] };
  const header = all[headerIndex].text;
  const data = all.slice(headerIndex + 1).filter((r) => !r.blank);
  const chunks: CsvChunk[] = [];
  for (let i = 0; i < data.length; i += maxRows) {
    const part = data.slice(i, i + maxRows);
    chunks.push({ text: `${header}\n${part.map((r) => r.text).join("\n")}\n`, firstLine: part[0].line, firstRow: i + 1, rows: part.length });
  }
  return { header, rowCount: data.length, chunks };
}
