import type { SearchParams } from "@/lib/spend/filters";

/**
 * Chooses the what-if targets with a plain GET form (works without JavaScript): every other URL parameter
 * rides along as hidden fields, so the view keeps its range and filters.
 */
export function WhatIfForm({ action, sp, quality, model, models }: { action: string; sp: SearchParams; quality: string; model: string; models: string[] }) {
  const hidden = Object.entries(sp).flatMap(([k, v]) => (k === "wq" || k === "wm" || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x] as const)));
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-3 shadow-sm" aria-label="What-if settings">
      {hidden.map(([k, v], i) => (
        <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
      ))}
      <div className="flex flex-col">
        <label htmlFor="wq" className="text-xs font-medium text-gray-500">
          Another quality
        </label>
        <select id="wq" name="wq" defaultValue={quality} className="rounded-md border-gray-300 py-1.5 text-sm shadow-sm">
          <option value="low">low</option>
          <option value="medium">medium</option>
          <option value="high">high</option>
        </select>
      </div>
      <div className="flex flex-col">
        <label htmlFor="wm" className="text-xs font-medium text-gray-500">
          Another model
        </label>
        <select id="wm" name="wm" defaultValue={model} className="rounded-md border-gray-300 py-1.5 text-sm shadow-sm">
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-blue-700 focus:outline-none focus:ring-2 focus:ring-blue-500 focus:ring-offset-1">
        Compare
      </button>
    </form>
  );
}
