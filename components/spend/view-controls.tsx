import { Suspense } from "react";
import type { FilterOptions, PageView } from "@/lib/spend/views-service";
import { FilterBar, type FilterKeyName } from "./filter-bar";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 1 – Nov 30, 2026" for inclusive calendar dates. */
export function formatRange(from: string, to: string): string {
  const f = from.split("-").map(Number);
  const t = to.split("-").map(Number);
  const d = (x: number[]) => `${MONTHS[x[1] - 1]} ${x[2]}`;
  if (from === to) return `${d(f)}, ${f[0]}`;
  return f[0] === t[0] ? `${d(f)} – ${d(t)}, ${t[0]}` : `${d(f)}, ${f[0]} – ${d(t)}, ${t[0]}`;
}

/** Filter bar, the range in words, and any problem with the URL. */
export function ViewControls({ pv, options, hidden }: { pv: PageView; options: FilterOptions; hidden?: FilterKeyName[] }) {
  const { view } = pv;
  return (
    <>
      {view.problems.length ? (
        <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {view.problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}
      <Suspense fallback={<div className="mb-6 h-24 rounded-lg border border-gray-200 bg-white" />}>
        <FilterBar
          options={options}
          selected={view.filters}
          preset={view.preset}
          from={view.range.from}
          to={view.range.to}
          tz={view.tz}
          orgTimeZone={pv.ctx.orgTimeZone}
          hidden={hidden}
        />
      </Suspense>
      <p className="-mt-4 mb-5 text-xs text-gray-500" data-testid="range-summary">
        {formatRange(view.range.from, view.range.to)} in {view.tz} · compared with {formatRange(pv.previous.range.from, pv.previous.range.to)}
      </p>
    </>
  );
}
