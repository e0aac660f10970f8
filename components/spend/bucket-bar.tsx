import { COST_BUCKETS, COST_BUCKET_LABELS, type CostBucket } from "@/lib/cost/types";
import { sharePercent, type Figures } from "@/lib/spend/figures";

const COLORS: Record<CostBucket, string> = {
  textInput: "bg-sky-400",
  cachedTextInput: "bg-sky-200",
  textOutput: "bg-violet-400",
  imageInput: "bg-amber-400",
  cachedImageInput: "bg-amber-200",
  imageOutput: "bg-blue-600",
  perImage: "bg-emerald-500",
};

/** A one-line stacked bar of the cost buckets (six token buckets + per image), with the shares spelled out for screen readers. */
export function BucketBar({ figures }: { figures: Figures }) {
  const parts = COST_BUCKETS.map((b) => ({ b, pct: Number(sharePercent(figures.buckets[b], figures.cost) ?? "0") })).filter((p) => p.pct > 0);
  const text = parts.map((p) => `${COST_BUCKET_LABELS[p.b]} ${p.pct.toFixed(1)}%`).join(", ");
  return (
    <div>
      <div className="flex h-2.5 w-full overflow-hidden rounded-full bg-gray-100" role="img" aria-label={text || "No cost"}>
        {parts.map((p) => (
          <div key={p.b} className={COLORS[p.b]} style={{ width: `${p.pct}%` }} title={`${COST_BUCKET_LABELS[p.b]} ${p.pct.toFixed(1)}%`} />
        ))}
      </div>
      <ul className="mt-1.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-gray-500" aria-hidden="true">
        {parts.map((p) => (
          <li key={p.b} className="flex items-center gap-1">
            <span className={`inline-block h-2 w-2 rounded-full ${COLORS[p.b]}`} />
            {COST_BUCKET_LABELS[p.b]} {p.pct.toFixed(0)}%
          </li>
        ))}
      </ul>
    </div>
  );
}
