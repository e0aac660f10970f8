import { BUCKET_LABELS } from "@/lib/cost/types";
import { dec } from "@/lib/money/decimal";
import type { ImagePriceChange, SnapshotDiff, TokenChange } from "@/lib/pricing/diff";
import { hasUnitPrices } from "@/lib/cost/image-prices";
import { UnitPricesTable } from "./unit-prices-table";
import { formatPct, formatRateDelta, formatTokens } from "@/lib/pricing/display";
import { RateCell, RatesTable } from "./rates-table";

/** A whole table added or removed reads as one phrase; otherwise each size/quality that changed. */
function tokenChangeText(changes: TokenChange[]): string {
  if (changes.every((t) => t.to === null)) return `table removed (${changes.length} entries)`;
  if (changes.every((t) => t.from === null)) return `table added (${changes.length} entries)`;
  const n = (v: number | null) => (v === null ? "none" : formatTokens(v));
  return changes.map((t) => `${t.size} ${t.quality} ${n(t.from)} → ${n(t.to)}`).join(", ");
}

/** "1024x1024 hd $0.08 → $0.09, * * none → $0.1" ("*" = any size / quality). */
function imagePriceChangeText(changes: ImagePriceChange[]): string {
  const p = (v: string | null) => (v === null ? "none" : `$${v}`);
  return changes.map((c) => `${c.size} ${c.quality} ${p(c.from)} → ${p(c.to)}`).join(", ");
}

function deltaClass(delta: string | null): string {
  if (delta === null) return "text-gray-500";
  const d = dec(delta);
  return d.isZero() ? "text-gray-700" : d.isNegative() ? "text-emerald-700" : "text-red-700";
}

/** What changes from "before" to "after": rows added and removed, each changed rate in $ per 1M tokens and %. */
export function DiffView({ diff, beforeLabel = "Before", afterLabel = "After" }: { diff: SnapshotDiff; beforeLabel?: string; afterLabel?: string }) {
  const rateChanges = diff.changed.flatMap((c) => c.rates.map((r) => ({ model: c.model, ...r })));
  const other = diff.changed.filter((c) => c.aliases || c.imageOutputTokens.length > 0 || c.previousModel || c.imagePrices || c.megapixelPrice);
  const addedUnits = diff.added.filter(hasUnitPrices);
  const nothing = !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.batchMultiplier;
  return (
    <div className="space-y-6" data-testid="snapshot-diff">
      <p className="text-sm text-gray-700" aria-live="polite">
        {diff.added.length} row{diff.added.length === 1 ? "" : "s"} added, {diff.removed.length} removed, {diff.changed.length} changed,{" "}
        {diff.unchanged} unchanged.
        {nothing ? " The two rate cards price every model the same." : ""}
      </p>

      {diff.batchMultiplier ? (
        <p className="text-sm text-gray-700">
          Batch multiplier: {diff.batchMultiplier.from} → <strong>{diff.batchMultiplier.to}</strong>
        </p>
      ) : null}

      {rateChanges.length > 0 ? (
        <section aria-labelledby="diff-rates">
          <h3 id="diff-rates" className="mb-2 text-sm font-semibold text-gray-900">Changed rates (USD per 1M tokens)</h3>
          <ul className="divide-y divide-gray-100 rounded-lg border border-gray-200 sm:hidden">
            {rateChanges.map((r) => (
              <li key={`${r.model}-${r.bucket}`} className="px-3 py-2 text-sm" data-testid="rate-change-card">
                <div className="font-medium text-gray-900">
                  {r.model} · {BUCKET_LABELS[r.bucket]}
                </div>
                <div className="mt-1 flex flex-wrap items-baseline gap-x-2 tabular-nums">
                  <RateCell rate={r.from} />
                  <span aria-hidden="true">→</span>
                  <span className="sr-only">to</span>
                  <RateCell rate={r.to} />
                  <span className={deltaClass(r.deltaUsd)}>{formatRateDelta(r.deltaUsd)}</span>
                  <span className={deltaClass(r.deltaPct)}>({formatPct(r.deltaPct)})</span>
                </div>
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto rounded-lg border border-gray-200 sm:block">
            <table className="min-w-full text-sm">
              <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Model</th>
                  <th scope="col" className="px-3 py-2">Rate</th>
                  <th scope="col" className="px-3 py-2 text-right">{beforeLabel}</th>
                  <th scope="col" className="px-3 py-2 text-right">{afterLabel}</th>
                  <th scope="col" className="px-3 py-2 text-right">Change</th>
                  <th scope="col" className="px-3 py-2 text-right">Change %</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {rateChanges.map((r) => (
                  <tr key={`${r.model}-${r.bucket}`} data-testid="rate-change">
                    <th scope="row" className="px-3 py-2 text-left font-medium text-gray-900">{r.model}</th>
                    <td className="px-3 py-2 text-gray-700">{BUCKET_LABELS[r.bucket]}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right"><RateCell rate={r.from} /></td>
                    <td className="whitespace-nowrap px-3 py-2 text-right"><RateCell rate={r.to} /></td>
                    <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${deltaClass(r.deltaUsd)}`}>{formatRateDelta(r.deltaUsd)}</td>
                    <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${deltaClass(r.deltaPct)}`}>{formatPct(r.deltaPct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {other.length > 0 ? (
        <section aria-labelledby="diff-other">
          <h3 id="diff-other" className="mb-2 text-sm font-semibold text-gray-900">Other changes</h3>
          <ul className="space-y-1 text-sm text-gray-700">
            {other.map((c) => (
              <li key={c.model}>
                <span className="font-medium text-gray-900">{c.model}</span>
                {c.previousModel ? ` (was ${c.previousModel})` : ""}
                {c.aliases?.added.length ? ` · aliases added: ${c.aliases.added.join(", ")}` : ""}
                {c.aliases?.removed.length ? ` · aliases removed: ${c.aliases.removed.join(", ")}` : ""}
                {c.imageOutputTokens.length ? ` · output tokens per image: ${tokenChangeText(c.imageOutputTokens)}` : ""}
                {c.imagePrices ? <span data-testid="image-price-change">{` · per-image prices: ${imagePriceChangeText(c.imagePrices)}`}</span> : null}
                {c.megapixelPrice ? ` · per megapixel: ${c.megapixelPrice.from === null ? "none" : `$${c.megapixelPrice.from}`} → ${c.megapixelPrice.to === null ? "none" : `$${c.megapixelPrice.to}`}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {diff.added.length > 0 ? (
        <section aria-labelledby="diff-added">
          <h3 id="diff-added" className="mb-2 text-sm font-semibold text-gray-900">Rows added</h3>
          <RatesTable rows={diff.added} />
          {addedUnits.length ? (
            <div className="mt-4 grid gap-6 lg:grid-cols-2">
              {addedUnits.map((r) => (
                <UnitPricesTable key={r.model} row={r} />
              ))}
            </div>
          ) : null}
        </section>
      ) : null}

      {diff.removed.length > 0 ? (
        <section aria-labelledby="diff-removed">
          <h3 id="diff-removed" className="mb-2 text-sm font-semibold text-gray-900">Rows removed</h3>
          <p className="mb-2 text-xs text-gray-500">Events of these models would be stored unpriced under the new card.</p>
          <RatesTable rows={diff.removed} />
        </section>
      ) : null}
    </div>
  );
}
