"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Card } from "@tremor/react";
import { formatUsd } from "@/lib/money/decimal";
import { fileClass, inputClass, send, type UsageProblem } from "./api";

interface CostsResult {
  rows: number;
  from: string | null;
  to: string | null;
  total: string;
  currency: string;
  projects: string[];
  unmappedProjects: string[];
}
interface ImagesResult {
  rows: number;
  events: number;
  inserted: number;
  duplicates: number;
  unpriced: number;
  cost: string;
  quality: string;
}

function Problem({ p }: { p: UsageProblem }) {
  return (
    <div className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert">
      <p>{p.detail || p.title}</p>
      {p.invalidFields && p.invalidFields.length > 1 ? (
        <ul className="mt-1 list-disc pl-5 text-xs">
          {p.invalidFields.slice(0, 10).map((f, i) => (
            <li key={i}>{f.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Costs API export -> billed cost (what OpenAI charged), for reconciliation against tracked cost. */
export function CostsImport() {
  const router = useRouter();
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CostsResult | null>(null);
  const [problem, setProblem] = useState<UsageProblem | null>(null);

  async function submit() {
    if (!text) return;
    setBusy(true);
    setProblem(null);
    const r = await send<CostsResult>("/api/v1/usage/imports/openai-costs", { method: "POST", body: text, contentType: "application/json" });
    setBusy(false);
    if (r.ok) {
      setResult(r.data);
      router.refresh();
    } else setProblem(r.problem);
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold text-gray-900">OpenAI Costs API export</h2>
      <p className="mt-1 text-sm text-gray-500">
        Pages of <code>GET /v1/organization/costs</code> saved as JSON (one page, an array of pages, or one page per line). Stored as <strong>billed</strong> cost per
        day, project and line item, to compare with the cost Spendscope tracks. Importing a day again replaces it.
      </p>
      <form
        className="mt-4 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <JsonFileInput id="costs-file" label="Costs export file"
          onText={(t) => {
            setResult(null);
            setProblem(null);
            setText(t);
          }}
        />
        <Button type="submit" disabled={!text || busy} loading={busy}>
          Import billed costs
        </Button>
      </form>
      {problem ? <Problem p={problem} /> : null}
      {result ? (
        <div className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" role="status">
          <p>
            {result.rows} cost rows from {result.from} to {result.to}: {formatUsd(result.total)} billed ({result.currency}).
          </p>
          {result.unmappedProjects.length ? (
            <p className="mt-1">
              Projects without a team: {result.unmappedProjects.join(", ")}.{" "}
              <a className="font-medium underline" href="/usage?tab=projects">
                Map them
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

/** Images usage export -> estimated events (image counts priced from the snapshot's per-image tables). */
export function ImagesImport({ teams }: { teams: Array<{ slug: string; name: string }> }) {
  const router = useRouter();
  const [text, setText] = useState<string | null>(null);
  const [team, setTeam] = useState("");
  const [quality, setQuality] = useState("medium");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImagesResult | null>(null);
  const [problem, setProblem] = useState<UsageProblem | null>(null);

  async function submit() {
    if (!text) return;
    setBusy(true);
    setProblem(null);
    const q = new URLSearchParams({ quality });
    if (team) q.set("team", team);
    const r = await send<ImagesResult>(`/api/v1/usage/imports/openai-images?${q}`, { method: "POST", body: text, contentType: "application/json" });
    setBusy(false);
    if (r.ok) {
      setResult(r.data);
      router.refresh();
    } else setProblem(r.problem);
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold text-gray-900">OpenAI images usage export</h2>
      <p className="mt-1 text-sm text-gray-500">
        Pages of <code>GET /v1/organization/usage/images</code> grouped by model, size, source and project. Each result becomes an event with an image count, priced from
        the snapshot&apos;s per-image table and marked <strong>estimated</strong>: the export has no token counts and no quality, so choose the quality to estimate at.
        Importing the same export again changes nothing.
      </p>
      <form
        className="mt-4 grid gap-4 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <JsonFileInput id="images-file" label="Images usage export file" className="sm:col-span-3"
          onText={(t) => {
            setResult(null);
            setProblem(null);
            setText(t);
          }}
        />
        <div>
          <label htmlFor="images-quality" className="block text-sm font-medium text-gray-700">
            Estimate at quality
          </label>
          <select id="images-quality" value={quality} onChange={(e) => setQuality(e.target.value)} className={inputClass}>
            <option value="low">low</option>
            <option value="medium">medium</option>
            <option value="high">high</option>
          </select>
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="images-team" className="block text-sm font-medium text-gray-700">
            Team for unmapped projects
          </label>
          <select id="images-team" value={team} onChange={(e) => setTeam(e.target.value)} className={inputClass}>
            <option value="">None (all projects mapped)</option>
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name} ({t.slug})
              </option>
            ))}
          </select>
        </div>
        <div className="sm:col-span-3">
          <Button type="submit" disabled={!text || busy} loading={busy}>
            Import as estimated events
          </Button>
        </div>
      </form>
      {problem ? <Problem p={problem} /> : null}
      {result ? (
        <div className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" role="status">
          {result.inserted} estimated events stored ({result.duplicates} already imported) from {result.rows} export rows, estimated at {result.quality} quality:{" "}
          {formatUsd(result.cost)}
          {result.unpriced ? `; ${result.unpriced} could not be priced (model not in the snapshot)` : ""}.
        </div>
      ) : null}
    </Card>
  );
}

/** A JSON / JSONL export picked from disk, handed over as text (null when the choice is cleared). */
function JsonFileInput({ id, label, className, onText }: { id: string; label: string; className?: string; onText: (text: string | null) => void }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept=".json,.jsonl,application/json"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          onText(f ? await f.text() : null);
        }}
        className={fileClass}
      />
    </div>
  );
}
