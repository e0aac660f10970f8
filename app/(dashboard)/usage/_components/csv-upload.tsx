"use client";

import { useRef, useState } from "react";
import { Badge, Button, Card, ProgressBar } from "@tremor/react";
import { splitCsvChunks, type CsvChunk } from "@/lib/ingest/csv-chunks";
import { formatUsd, sum } from "@/lib/money/decimal";
import { downloadText, fileClass, inputClass, send, type UsageProblem } from "./api";

/** The server's answers (lib/ingest/api-schemas.ts). */
interface CsvError {
  line: number;
  row: number;
  id: string | null;
  column: string | null;
  path: string;
  message: string;
}
interface Validation {
  ok: boolean;
  rowCount: number;
  validRows: number;
  duplicatesCollapsed: number;
  alreadyStored: number;
  errors: CsvError[];
  warnings: CsvError[];
  errorReport: string | null;
}
interface ChunkResult {
  received: number;
  inserted: number;
  duplicates: number;
  unpriced: number;
  cost: string;
}

type Phase =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "invalid"; validation: Validation }
  | { kind: "importing"; done: number; total: number }
  | { kind: "stalled"; done: number; total: number; problem: UsageProblem }
  | { kind: "done"; total: number; inserted: number; duplicates: number; unpriced: number; cost: string }
  | { kind: "failed"; problem: UsageProblem };

const CHUNK_ROWS = 5000;
const SHOWN_ERRORS = 200;
const nf = new Intl.NumberFormat("en-US");

/**
 * CSV upload: the whole file is checked first (nothing is stored if any row is bad, and every bad row is listed with
 * a downloadable report); a valid file is then sent in chunks of 5,000 rows, each stored atomically. Event ids make
 * a re-sent chunk harmless, so a failed chunk is retried and the upload can resume where it stopped.
 */
export function CsvUpload({ teams, canPickAnyTeam }: { teams: Array<{ slug: string; name: string }>; canPickAnyTeam: boolean }) {
  const [file, setFile] = useState<{ name: string; size: number; text: string } | null>(null);
  const [team, setTeam] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const pending = useRef<{ chunks: CsvChunk[]; next: number; results: ChunkResult[] } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const query = (extra: Record<string, string | number> = {}) => {
    const q = new URLSearchParams();
    if (team) q.set("team", team);
    for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : "";
  };

  async function onFile(f: File | undefined) {
    setPhase({ kind: "idle" });
    pending.current = null;
    setFile(f ? { name: f.name, size: f.size, text: await f.text() } : null);
  }

  async function importChunks() {
    const p = pending.current;
    if (!p) return;
    const total = p.chunks.reduce((s, c) => s + c.rows, 0);
    const doneRows = () => p.results.reduce((s, r) => s + r.received, 0);
    setPhase({ kind: "importing", done: doneRows(), total });
    while (p.next < p.chunks.length) {
      const c = p.chunks[p.next];
      let r = await send<ChunkResult>(`/api/v1/usage/csv${query({ firstLine: c.firstLine, firstRow: c.firstRow })}`, { method: "POST", body: c.text, contentType: "text/csv" });
      // Transient failures: the chunk is idempotent, so sending it again is safe.
      for (let attempt = 1; !r.ok && (r.problem.status === 0 || r.problem.status === 429 || r.problem.status >= 500) && attempt < 3; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
        r = await send<ChunkResult>(`/api/v1/usage/csv${query({ firstLine: c.firstLine, firstRow: c.firstRow })}`, { method: "POST", body: c.text, contentType: "text/csv" });
      }
      if (!r.ok) {
        setPhase({ kind: "stalled", done: doneRows(), total, problem: r.problem });
        return;
      }
      p.results.push(r.data);
      p.next++;
      setPhase({ kind: "importing", done: doneRows(), total });
    }
    const rs = p.results;
    setPhase({
      kind: "done",
      total,
      inserted: rs.reduce((s, r) => s + r.inserted, 0),
      duplicates: rs.reduce((s, r) => s + r.duplicates, 0),
      unpriced: rs.reduce((s, r) => s + r.unpriced, 0),
      cost: sum(rs.map((r) => r.cost)).toFixed(),
    });
    pending.current = null;
  }

  async function upload() {
    if (!file) return;
    setPhase({ kind: "checking" });
    const v = await send<Validation>(`/api/v1/usage/csv/validate${query()}`, { method: "POST", body: file.text, contentType: "text/csv" });
    if (!v.ok) return setPhase({ kind: "failed", problem: v.problem });
    if (!v.data.ok) return setPhase({ kind: "invalid", validation: v.data });
    pending.current = { chunks: splitCsvChunks(file.text, CHUNK_ROWS).chunks, next: 0, results: [] };
    await importChunks();
  }

  function reset() {
    setFile(null);
    setPhase({ kind: "idle" });
    pending.current = null;
    if (fileInput.current) fileInput.current.value = "";
  }

  const busy = phase.kind === "checking" || phase.kind === "importing";
  const percent = phase.kind === "importing" || phase.kind === "stalled" ? (phase.total ? Math.floor((phase.done * 100) / phase.total) : 100) : phase.kind === "done" ? 100 : 0;

  return (
    <Card>
      <h2 className="text-lg font-semibold text-gray-900">Upload a CSV file</h2>
      <p className="mt-1 text-sm text-gray-500">
        The whole file is checked first: if any row has a problem nothing is stored, and you get every problem with its line. Rows whose id is already stored with the same
        content are skipped, so uploading a file again is safe.
      </p>
      <form
        className="mt-4 grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <div>
          <label htmlFor="csv-file" className="block text-sm font-medium text-gray-700">
            CSV file
          </label>
          <input ref={fileInput} id="csv-file" name="file" type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => void onFile(e.target.files?.[0])} className={fileClass} />
          {file ? (
            <p className="mt-1 text-xs text-gray-500" data-testid="csv-file-info">
              {file.name} · {nf.format(Math.ceil(file.size / 1024))} KB
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="csv-team" className="block text-sm font-medium text-gray-700">
            Default team
          </label>
          <select id="csv-team" value={team} disabled={busy} onChange={(e) => setTeam(e.target.value)} className={inputClass} aria-describedby="csv-team-hint">
            <option value="">None: every row names its team</option>
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name} ({t.slug})
              </option>
            ))}
          </select>
          <p id="csv-team-hint" className="mt-1 text-xs text-gray-500">
            {canPickAnyTeam ? "Used for rows with an empty team column." : "Used for rows with an empty team column. You can upload for your own teams only."}
          </p>
        </div>
        <div className="flex flex-wrap gap-2 sm:col-span-2">
          <Button type="submit" disabled={!file || busy} loading={busy}>
            {phase.kind === "checking" ? "Checking…" : phase.kind === "importing" ? "Uploading…" : "Check and upload"}
          </Button>
          {phase.kind !== "idle" && !busy ? (
            <Button type="button" variant="secondary" onClick={reset}>
              Start over
            </Button>
          ) : null}
        </div>
      </form>

      <div aria-live="polite" className="mt-4 space-y-3">
        {phase.kind === "checking" ? <p className="text-sm text-gray-600">Checking every row of {file?.name}…</p> : null}

        {phase.kind === "importing" || phase.kind === "stalled" || phase.kind === "done" ? (
          <div>
            <div className="mb-1 flex justify-between text-sm text-gray-700">
              <span id="csv-progress-label">{phase.kind === "done" ? "Uploaded" : "Uploading"}</span>
              <span className="tabular-nums" data-testid="csv-progress-text">
                {nf.format(phase.kind === "done" ? phase.total : phase.done)} of {nf.format(phase.total)} rows
              </span>
            </div>
            <div role="progressbar" aria-labelledby="csv-progress-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
              <ProgressBar value={percent} color={phase.kind === "stalled" ? "amber" : "blue"} />
            </div>
          </div>
        ) : null}

        {phase.kind === "done" ? (
          <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="csv-done">
            <p className="font-medium">
              {nf.format(phase.inserted)} new event{phase.inserted === 1 ? "" : "s"} stored
              {phase.duplicates ? `, ${nf.format(phase.duplicates)} already stored (skipped)` : ""}.
            </p>
            <p className="mt-1">
              Cost of the new events: <span className="font-medium tabular-nums">{formatUsd(phase.cost)}</span>
              {phase.unpriced ? ` · ${nf.format(phase.unpriced)} could not be priced (no rate for their model)` : ""}
            </p>
          </div>
        ) : null}

        {phase.kind === "stalled" ? (
          <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="alert">
            <p>
              The upload stopped: {phase.problem.detail || phase.problem.title}. The rows uploaded so far are stored; continuing is safe.
            </p>
            <Button className="mt-2" size="xs" variant="secondary" onClick={() => void importChunks()}>
              Continue the upload
            </Button>
          </div>
        ) : null}

        {phase.kind === "failed" ? (
          <div className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert">
            {phase.problem.title}: {phase.problem.detail}
          </div>
        ) : null}

        {phase.kind === "invalid" ? <ValidationErrors v={phase.validation} fileName={file?.name ?? "usage.csv"} /> : null}
      </div>
    </Card>
  );
}

function ValidationErrors({ v, fileName }: { v: Validation; fileName: string }) {
  const badRows = v.rowCount - v.validRows;
  const headerProblem = v.errors.some((e) => e.row === 0);
  const reportName = `${fileName.replace(/\.csv$/i, "")}-errors.csv`;
  return (
    <div className="space-y-3" data-testid="csv-errors">
      <div className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert">
        <p className="font-medium">
          {headerProblem
            ? "The header row has a problem; nothing was stored."
            : `${nf.format(badRows)} of ${nf.format(v.rowCount)} row${v.rowCount === 1 ? "" : "s"} ${badRows === 1 ? "has" : "have"} a problem; nothing was stored.`}
        </p>
        <p className="mt-1">Fix the file and choose it again. The error report lists every problem next to the original row.</p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {v.errorReport ? (
          <Button size="xs" variant="secondary" onClick={() => downloadText(reportName, v.errorReport as string)}>
            Download error report (CSV)
          </Button>
        ) : null}
        <Badge color="red">{nf.format(v.errors.length)} problem{v.errors.length === 1 ? "" : "s"}</Badge>
      </div>
      <div className="overflow-x-auto rounded-lg border border-gray-200">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Problems found in the file</caption>
          <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
            <tr>
              <th scope="col" className="px-3 py-2">Line</th>
              <th scope="col" className="px-3 py-2">Row id</th>
              <th scope="col" className="px-3 py-2">Column</th>
              <th scope="col" className="px-3 py-2">Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {v.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
              <tr key={i} data-testid="csv-error-row">
                <td className="px-3 py-2 tabular-nums">{e.line}</td>
                <td className="max-w-[10rem] truncate px-3 py-2 font-mono text-xs">{e.id ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.column ?? (e.path || "—")}</td>
                <td className="px-3 py-2">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.errors.length > SHOWN_ERRORS ? <p className="text-xs text-gray-500">Showing the first {SHOWN_ERRORS}; the report has all {nf.format(v.errors.length)}.</p> : null}
    </div>
  );
}
