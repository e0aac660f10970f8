"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Button, Card } from "@tremor/react";
import { BUCKETS, BUCKET_LABELS, QUALITIES, type Bucket, type Quality } from "@/lib/cost/types";
import type { SnapshotDocument } from "@/lib/pricing/store";
import { clientErrors, emptyQualities, emptyRates, newKey, toBody, toEditorState, type EditorRow, type EditorState } from "@/lib/pricing/draft-form";
import { callApi, fieldErrors, type Problem } from "./api";

const input =
  "block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500 aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-500";

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700" data-testid="field-error">
      {message}
    </p>
  );
}

/** One labelled input with its error underneath (aria-invalid + aria-describedby). */
function Field(props: {
  id: string;
  label: React.ReactNode;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  placeholder?: string;
  hint?: string;
  inputMode?: "decimal" | "numeric" | "text";
  className?: string;
}) {
  const errId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  return (
    <div className={props.className}>
      <label htmlFor={props.id} className="block text-xs font-medium text-gray-700">
        {props.label}
      </label>
      <input
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={[props.error ? errId : "", props.hint ? hintId : ""].filter(Boolean).join(" ") || undefined}
        className={`mt-1 ${input}`}
      />
      {props.hint ? (
        <p id={hintId} className="mt-1 text-xs text-gray-500">
          {props.hint}
        </p>
      ) : null}
      <FieldError id={errId} message={props.error} />
    </div>
  );
}

/**
 * Edits a draft snapshot: metadata, rates (empty = not listed) and output-token tables. Errors show next
 * to their inputs as you type (client checks) and after saving (the server's answer, by field path).
 */
export function DraftEditor({ id, document, version }: { id: string; document: SnapshotDocument; version: number }) {
  const router = useRouter();
  const [state, setState] = useState<EditorState>(() => toEditorState(document));
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [server, setServer] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [newSizes, setNewSizes] = useState<Record<string, string>>({});

  const local = useMemo(() => clientErrors(state), [state]);
  const errors: Record<string, string> = { ...server, ...local };
  const errorCount = Object.keys(errors).length;
  // Server errors that no input shows (e.g. a duplicate alias at rows[1].aliases[0]).
  const shown = (path: string) => path in errors;
  const unplaced = Object.entries(server).filter(([p]) => !/^(name|provider|effectiveFrom|source|notes|batchMultiplier)$/.test(p) && !/^rows\[\d+\]\.(model|rates\.\w+|imageOutputTokens\.[^.]+(\.\w+)?|imagePrices(\..*)?|megapixelPrice)$/.test(p));

  // A server error disappears once its field is edited (the next save re-checks everything).
  const dismiss = (match: (path: string) => boolean) => setServer((m) => Object.fromEntries(Object.entries(m).filter(([p]) => !match(p))));
  const set = (patch: Partial<EditorState>) => {
    setTouched(true);
    dismiss((p) => p in patch || (patch.rows !== undefined && p.startsWith("rows")));
    setState((s) => ({ ...s, ...patch }));
  };
  const setRow = (i: number, patch: Partial<EditorRow>, path?: string) => {
    setTouched(true);
    dismiss((p) => (path ? p === path : Object.keys(patch).some((k) => p.startsWith(`rows[${i}].${k}`))));
    setState((s) => ({ ...s, rows: s.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  };
  const setRate = (i: number, b: Bucket, v: string) => setRow(i, { rates: { ...state.rows[i].rates, [b]: v } }, `rows[${i}].rates.${b}`);
  const setTokens = (i: number, t: number, q: Quality, v: string) =>
    setRow(
      i,
      { tokens: state.rows[i].tokens.map((x, k) => (k === t ? { ...x, values: { ...x.values, [q]: v } } : x)) },
      `rows[${i}].imageOutputTokens.${state.rows[i].tokens[t].size}.${q}`,
    );

  async function save() {
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    setProblem(null);
    setServer({});
    const r = await callApi<{ id: string }>(`/api/v1/pricing/snapshots/${id}`, { method: "PATCH", body: toBody(state) });
    setSaving(false);
    if (!r.ok) {
      setProblem(r.problem);
      setServer(fieldErrors(r.problem));
      return;
    }
    router.push(`/pricing/${id}`);
    router.refresh();
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      className="space-y-6"
      aria-describedby="editor-status"
    >
      <div id="editor-status" aria-live="polite">
        {problem && !problem.invalidFields?.length ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {problem.detail || problem.title}
          </p>
        ) : null}
        {errorCount > 0 && (touched || problem) ? (
          <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {errorCount === 1 ? "1 value needs fixing" : `${errorCount} values need fixing`} before this draft can be saved.
            {unplaced.length ? (
              <ul className="mt-1 list-disc pl-5">
                {unplaced.map(([p, m]) => (
                  <li key={p}>
                    {p}: {m}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>

      <Card>
        <h2 className="mb-4 text-base font-semibold text-gray-900">Snapshot (draft v{version})</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="f-name" label="Name" value={state.name} onChange={(v) => set({ name: v })} error={errors.name} />
          <Field id="f-provider" label="Provider" value={state.provider} onChange={(v) => set({ provider: v })} error={errors.provider} hint='"openai" for direct OpenAI, or a router such as "flatkey"' />
          <Field
            id="f-effective"
            label="Effective from"
            value={state.effectiveFrom}
            onChange={(v) => set({ effectiveFrom: v })}
            error={errors.effectiveFrom}
            hint="ISO-8601 in UTC, e.g. 2026-06-11T00:00:00Z. An earlier date than existing usage reprices that usage on publish."
          />
          <Field
            id="f-batch"
            label="Batch multiplier"
            value={state.batchMultiplier}
            onChange={(v) => set({ batchMultiplier: v })}
            error={errors.batchMultiplier}
            inputMode="decimal"
            hint="Batch API rates = listed rates × this (0.5 = half price)"
          />
          <Field id="f-source" label="Source" value={state.source} onChange={(v) => set({ source: v })} error={errors.source} className="sm:col-span-2" />
          <div className="sm:col-span-2">
            <label htmlFor="f-notes" className="block text-xs font-medium text-gray-700">
              Notes
            </label>
            <textarea id="f-notes" rows={3} value={state.notes} onChange={(e) => set({ notes: e.target.value })} className={`mt-1 ${input}`} />
            <FieldError id="f-notes-error" message={errors.notes} />
          </div>
        </div>
      </Card>

      <div className="space-y-4">
        <h2 className="text-base font-semibold text-gray-900">Rates (USD per 1M tokens; leave empty when the card does not list it)</h2>
        {state.rows.map((row, i) => (
          <Card key={row.key} data-testid="editor-row">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
              <Field id={`r${i}-model`} label="Model" value={row.model} onChange={(v) => setRow(i, { model: v })} error={errors[`rows[${i}].model`]} className="sm:w-64" />
              <Field
                id={`r${i}-aliases`}
                label="Aliases"
                value={row.aliases}
                onChange={(v) => setRow(i, { aliases: v })}
                error={Object.entries(errors).find(([p]) => p.startsWith(`rows[${i}].aliases`))?.[1]}
                hint="Other ids billed with this row, comma separated"
                className="flex-1"
              />
              <Button
                type="button"
                variant="light"
                color="red"
                className="sm:mt-5"
                onClick={() => set({ rows: state.rows.filter((_, j) => j !== i) })}
                aria-label={`Remove ${row.model || "this row"}`}
              >
                Remove
              </Button>
            </div>
            <div className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
              {BUCKETS.map((b) => (
                <Field
                  key={b}
                  id={`r${i}-${b}`}
                  label={
                    <>
                      <span className="sr-only">{row.model} </span>
                      {BUCKET_LABELS[b]}
                    </>
                  }
                  value={row.rates[b]}
                  onChange={(v) => setRate(i, b, v)}
                  error={errors[`rows[${i}].rates.${b}`]}
                  placeholder="not listed"
                  inputMode="decimal"
                />
              ))}
            </div>
            <fieldset className="mt-4">
              <legend className="text-xs font-medium text-gray-700">Output tokens per image</legend>
              {row.tokens.length ? (
                <div className="mt-2 overflow-x-auto">
                  <table className="text-sm">
                    <thead>
                      <tr className="text-left text-xs text-gray-500">
                        <th scope="col" className="pr-3 font-medium">Size</th>
                        {QUALITIES.map((q) => (
                          <th key={q} scope="col" className="pr-3 font-medium capitalize">{q}</th>
                        ))}
                        <th scope="col"><span className="sr-only">Remove</span></th>
                      </tr>
                    </thead>
                    <tbody>
                      {row.tokens.map((t, k) => (
                        <tr key={`${t.size}-${k}`} className="align-top">
                          <th scope="row" className="py-1 pr-3 text-left font-medium text-gray-700">
                            {t.size}
                            <FieldError id={`r${i}-t${k}-error`} message={shown(`rows[${i}].imageOutputTokens.${t.size}`) ? errors[`rows[${i}].imageOutputTokens.${t.size}`] : undefined} />
                          </th>
                          {QUALITIES.map((q) => {
                            const path = `rows[${i}].imageOutputTokens.${t.size}.${q}`;
                            return (
                              <td key={q} className="py-1 pr-3">
                                <label htmlFor={`r${i}-t${k}-${q}`} className="sr-only">
                                  {row.model} {t.size} {q} output tokens
                                </label>
                                <input
                                  id={`r${i}-t${k}-${q}`}
                                  value={t.values[q]}
                                  onChange={(e) => setTokens(i, k, q, e.target.value)}
                                  inputMode="numeric"
                                  aria-invalid={errors[path] ? true : undefined}
                                  aria-describedby={errors[path] ? `r${i}-t${k}-${q}-error` : undefined}
                                  className={`w-24 ${input}`}
                                />
                                <FieldError id={`r${i}-t${k}-${q}-error`} message={errors[path]} />
                              </td>
                            );
                          })}
                          <td className="py-1">
                            <Button
                              type="button"
                              variant="light"
                              onClick={() => setRow(i, { tokens: row.tokens.filter((_, j) => j !== k) })}
                              aria-label={`Remove size ${t.size} of ${row.model}`}
                            >
                              ×
                            </Button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="mt-1 text-xs text-gray-500">None: events that report only an image count are priced only by the per-image or per-megapixel prices below, if any.</p>
              )}
              <div className="mt-2 flex items-end gap-2">
                <div>
                  <label htmlFor={`r${i}-newsize`} className="sr-only">
                    New size for {row.model}
                  </label>
                  <input
                    id={`r${i}-newsize`}
                    placeholder="1024x1024"
                    value={newSizes[row.key] ?? ""}
                    onChange={(e) => setNewSizes({ ...newSizes, [row.key]: e.target.value })}
                    className={`w-32 ${input}`}
                  />
                </div>
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => {
                    const size = (newSizes[row.key] ?? "").trim().toLowerCase();
                    if (!size || row.tokens.some((t) => t.size === size)) return;
                    setRow(i, { tokens: [...row.tokens, { size, values: emptyQualities() }] });
                    setNewSizes({ ...newSizes, [row.key]: "" });
                  }}
                >
                  Add size
                </Button>
              </div>
            </fieldset>
            <div className="mt-4 grid gap-3 sm:grid-cols-3" data-testid="unit-prices">
              <Field
                id={`r${i}-imagePrices`}
                label={<><span className="sr-only">{row.model} </span>Per-image prices (USD per image)</>}
                value={row.imagePrices}
                onChange={(v) => setRow(i, { imagePrices: v })}
                error={Object.entries(errors).find(([p]) => p.startsWith(`rows[${i}].imagePrices`))?.[1]}
                placeholder="none"
                hint='SIZE:quality=price, sizes separated by spaces; * = any, e.g. "1024x1024:standard=0.04;hd=0.08 *:*=0.05". Prices image-count-only events exactly.'
                className="sm:col-span-2"
              />
              <Field
                id={`r${i}-megapixelPrice`}
                label={<><span className="sr-only">{row.model} </span>Per megapixel (USD)</>}
                value={row.megapixelPrice}
                onChange={(v) => setRow(i, { megapixelPrice: v })}
                error={errors[`rows[${i}].megapixelPrice`]}
                placeholder="none"
                inputMode="decimal"
                hint="Used when the per-image table does not list the size/quality; 1024x1536 = 1.572864 MP"
              />
            </div>
          </Card>
        ))}
        <Button type="button" variant="secondary" onClick={() => set({ rows: [...state.rows, { key: newKey(), model: "", aliases: "", rates: emptyRates(), tokens: [], imagePrices: "", megapixelPrice: "" }] })}>
          Add model row
        </Button>
      </div>

      <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t border-gray-200 bg-white/95 py-3">
        <Button type="submit" loading={saving} disabled={saving || Object.keys(local).length > 0}>
          Save draft
        </Button>
        <Link href={`/pricing/${id}`} className="text-sm text-gray-600 hover:text-gray-900 hover:underline">
          Cancel
        </Link>
        {!touched ? <span className="text-xs text-gray-500">No changes yet</span> : null}
      </div>
    </form>
  );
}
