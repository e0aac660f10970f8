"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";

/** Saves the worksheet on screen against a feature (POST /api/v1/estimates), then opens its comparison page. */
export function SaveEstimateForm({ inputs, features, defaultName }: { inputs: Record<string, unknown>; features: string[]; defaultName: string }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState(defaultName);
  const [feature, setFeature] = useState(features[0] ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/estimates", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, feature, inputs }),
      });
      const body = (await res.json().catch(() => ({}))) as { id?: string; detail?: string };
      if (!res.ok || !body.id) throw new Error(body.detail ?? `Saving failed (${res.status})`);
      router.push(`/estimate/${body.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Save this estimate">
      <div className="flex flex-col">
        <label htmlFor={`${id}-name`} className="text-xs font-medium text-gray-500">
          Name
        </label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} className="w-64 rounded-md border-gray-300 py-1.5 text-sm shadow-sm" />
      </div>
      <div className="flex flex-col">
        <label htmlFor={`${id}-feature`} className="text-xs font-medium text-gray-500">
          Feature it budgets
        </label>
        <input id={`${id}-feature`} list={`${id}-features`} value={feature} onChange={(e) => setFeature(e.target.value)} required maxLength={100} className="w-64 rounded-md border-gray-300 py-1.5 text-sm shadow-sm" />
        <datalist id={`${id}-features`}>
          {features.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </div>
      <button type="submit" disabled={busy} className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-blue-700 disabled:opacity-60">
        {busy ? "Saving…" : "Save estimate"}
      </button>
      {error ? (
        <p role="alert" className="w-full text-sm text-rose-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
