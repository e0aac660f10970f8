"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Card } from "@tremor/react";
import type { ImportIssue } from "@/lib/pricing/formats/result";
import type { ImportOutcome } from "@/lib/pricing/views";
import { callApi, type Problem } from "./api";
import { DiffView } from "./diff-view";

type Format = "json" | "csv" | "litellm";

const input = "mt-1 block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500";

/** Same rule as the CLI: .csv is CSV; JSON with "rows" is a snapshot; JSON keyed by model with litellm_provider is LiteLLM. */
function guessFormat(filename: string, text: string): Format {
  if (/\.(csv|tsv|txt)$/i.test(filename)) return "csv";
  const head = text.slice(0, 200_000);
  if (!/"rows"\s*:/.test(head) && /"litellm_provider"\s*:/.test(head)) return "litellm";
  return "json";
}

function IssueTable({ issues, caption }: { issues: ImportIssue[]; caption: string }) {
  return (
    <>
      <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200 text-sm sm:hidden" aria-label={caption}>
        {issues.map((i, k) => (
          <li key={k} className="px-3 py-2">
            <div className="text-xs text-gray-500">
              {[i.line !== undefined ? `Line ${i.line}` : null, i.model ?? null, i.path && i.path !== i.model ? i.path : null].filter(Boolean).join(" · ")}
            </div>
            <div className="text-gray-900">{i.message}</div>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded-lg border border-gray-200 sm:block">
        <table className="min-w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
            <tr>
              <th scope="col" className="px-3 py-2">Line</th>
              <th scope="col" className="px-3 py-2">Model</th>
              <th scope="col" className="px-3 py-2">Field</th>
              <th scope="col" className="px-3 py-2">Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {issues.map((i, k) => (
              <tr key={k} data-testid="import-issue">
                <td className="px-3 py-2 tabular-nums">{i.line ?? "—"}</td>
                <td className="px-3 py-2">{i.model ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">{i.path || "—"}</td>
                <td className="px-3 py-2">{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Import a rate card: read the file, preview what changes against the card in force, then save (and publish). */
export function ImportForm() {
  const router = useRouter();
  const [format, setFormat] = useState<Format>("json");
  const [fileName, setFileName] = useState<string | null>(null);
  const [content, setContent] = useState("");
  const [provider, setProvider] = useState("");
  const [name, setName] = useState("");
  const [effectiveFrom, setEffectiveFrom] = useState("");
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [preview, setPreview] = useState<ImportOutcome | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<"preview" | "draft" | "publish" | null>(null);

  const changed = () => {
    setPreview(null);
    setProblem(null);
  };

  const body = (extra: { dryRun?: boolean; publish?: boolean }) => ({
    format,
    content,
    ...(provider.trim() ? { provider: provider.trim() } : {}),
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(effectiveFrom.trim() ? { effectiveFrom: effectiveFrom.trim() } : {}),
    skipInvalid,
    ...extra,
  });

  async function send(kind: "preview" | "draft" | "publish") {
    setBusy(kind);
    setProblem(null);
    const r = await callApi<ImportOutcome>("/api/v1/pricing/snapshots/import", {
      method: "POST",
      body: body(kind === "preview" ? { dryRun: true } : { publish: kind === "publish" }),
    });
    setBusy(null);
    if (!r.ok) {
      setPreview(null);
      setProblem(r.problem);
      return;
    }
    if (kind === "preview") setPreview(r.data);
    else if (r.data.created) router.push(`/pricing/${r.data.created.id}`);
  }

  async function onFile(file: File | undefined) {
    changed();
    if (!file) return;
    const text = await file.text();
    setFileName(`${file.name} (${(file.size / 1024).toFixed(0)} KB)`);
    setContent(text);
    setFormat(guessFormat(file.name, text));
  }

  const doc = preview?.document;
  return (
    <div className="space-y-6">
      <Card>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send("preview");
          }}
          className="grid gap-4 sm:grid-cols-2"
        >
          <div className="sm:col-span-2">
            <label htmlFor="imp-file" className="block text-sm font-medium text-gray-700">
              File
            </label>
            <input
              id="imp-file"
              type="file"
              accept=".json,.csv,.tsv,.txt,application/json,text/csv"
              onChange={(e) => void onFile(e.target.files?.[0])}
              className="mt-1 block w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-gray-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-gray-200"
            />
            {fileName ? <p className="mt-1 text-xs text-gray-500">Loaded {fileName}</p> : null}
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="imp-content" className="block text-sm font-medium text-gray-700">
              Or paste the file&apos;s text
            </label>
            <textarea
              id="imp-content"
              rows={fileName ? 3 : 8}
              value={fileName ? "" : content}
              placeholder={fileName ? "Using the loaded file" : '{ "name": …, "provider": "openai", "effectiveFrom": …, "rows": [ … ] }'}
              onChange={(e) => {
                changed();
                setFileName(null);
                setContent(e.target.value);
              }}
              className={`${input} font-mono`}
            />
          </div>
          <div>
            <label htmlFor="imp-format" className="block text-sm font-medium text-gray-700">
              Format
            </label>
            <select
              id="imp-format"
              value={format}
              onChange={(e) => {
                changed();
                setFormat(e.target.value as Format);
              }}
              className={input}
            >
              <option value="json">Spendscope JSON snapshot</option>
              <option value="csv">CSV (one row per model)</option>
              <option value="litellm">LiteLLM price map (model_prices_and_context_window.json)</option>
            </select>
          </div>
          <div>
            <label htmlFor="imp-provider" className="block text-sm font-medium text-gray-700">
              Provider
            </label>
            <input id="imp-provider" value={provider} onChange={(e) => (changed(), setProvider(e.target.value))} placeholder={format === "json" ? "from the file" : "openai"} className={input} />
          </div>
          <div>
            <label htmlFor="imp-name" className="block text-sm font-medium text-gray-700">
              Name
            </label>
            <input id="imp-name" value={name} onChange={(e) => (changed(), setName(e.target.value))} placeholder={format === "json" ? "from the file" : "generated"} className={input} />
          </div>
          <div>
            <label htmlFor="imp-from" className="block text-sm font-medium text-gray-700">
              Effective from
            </label>
            <input
              id="imp-from"
              value={effectiveFrom}
              onChange={(e) => (changed(), setEffectiveFrom(e.target.value))}
              placeholder={format === "json" ? "from the file" : "now, e.g. 2026-06-11T00:00:00Z"}
              className={input}
              aria-describedby="imp-from-hint"
            />
            <p id="imp-from-hint" className="mt-1 text-xs text-gray-500">
              A date before existing usage reprices that usage when published.
            </p>
          </div>
          <div className="flex items-center gap-2 sm:col-span-2">
            <input id="imp-skip" type="checkbox" checked={skipInvalid} onChange={(e) => (changed(), setSkipInvalid(e.target.checked))} className="rounded border-gray-300" />
            <label htmlFor="imp-skip" className="text-sm text-gray-700">
              Skip invalid rows (otherwise a file with errors imports nothing)
            </label>
          </div>
          <div className="sm:col-span-2">
            <Button type="submit" loading={busy === "preview"} disabled={!content.trim() || busy !== null}>
              Preview changes
            </Button>
          </div>
        </form>
      </Card>

      <div aria-live="polite" className="space-y-4">
        {problem ? (
          <Card>
            <h2 className="text-base font-semibold text-red-700">Nothing was imported</h2>
            <p className="mt-1 text-sm text-gray-700">
              {problem.errors?.length
                ? `The file has ${problem.errors.length} problem${problem.errors.length === 1 ? "" : "s"}. Fix them, or tick “Skip invalid rows” to import the rest.`
                : problem.detail}
            </p>
            {problem.errors?.length ? (
              <div className="mt-3">
                <IssueTable issues={problem.errors} caption="Problems in the file" />
              </div>
            ) : problem.invalidFields?.length ? (
              <ul className="mt-2 list-disc pl-5 text-sm text-gray-700">
                {problem.invalidFields.map((f) => (
                  <li key={f.path}>
                    {f.path}: {f.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </Card>
        ) : null}

        {preview && doc ? (
          <Card>
            <h2 className="text-base font-semibold text-gray-900">Preview: {doc.name}</h2>
            <p className="mt-1 text-sm text-gray-600">
              {doc.provider} · {doc.rows.length} rows · effective {doc.effectiveFrom} · compared with{" "}
              {preview.against ? `${preview.against.provider} v${preview.against.version} (${preview.against.name})` : "nothing yet published for this provider"}
            </p>
            <div className="mt-4">
              <DiffView diff={preview.diff} beforeLabel={preview.against ? `v${preview.against.version}` : "Before"} afterLabel="Import" />
            </div>
            {preview.skipped.length ? (
              <div className="mt-4">
                <h3 className="mb-2 text-sm font-semibold text-gray-900">Skipped rows</h3>
                <IssueTable issues={preview.skipped} caption="Skipped rows" />
              </div>
            ) : null}
            {preview.warnings.length ? (
              <div className="mt-4">
                <h3 className="mb-2 text-sm font-semibold text-gray-900">Warnings</h3>
                <ul className="list-disc space-y-1 pl-5 text-sm text-amber-800">
                  {preview.warnings.map((w, k) => (
                    <li key={k}>
                      {w.line ? `line ${w.line}: ` : ""}
                      {w.path ? `${w.path}: ` : ""}
                      {w.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div className="mt-6 flex flex-wrap gap-2">
              <Button onClick={() => void send("draft")} variant="secondary" loading={busy === "draft"} disabled={busy !== null}>
                Save as draft
              </Button>
              <Button onClick={() => void send("publish")} loading={busy === "publish"} disabled={busy !== null}>
                Save and publish
              </Button>
            </div>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
