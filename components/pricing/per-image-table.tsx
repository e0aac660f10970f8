import { QUALITIES, type PricingRow } from "@/lib/cost/types";
import { formatExactUsd, formatTokens, perImageTable } from "@/lib/pricing/display";

/**
 * Output tokens per generated image and the image-output cost they mean at this card's rate,
 * per size × quality (standard API; the page states the Batch multiplier). Prompt and input-image tokens come on top.
 */
export function PerImageTable({ row, batchMultiplier }: { row: PricingRow; batchMultiplier: string }) {
  const table = perImageTable(row, batchMultiplier);
  if (table.length === 0) return null;
  return (
    <section aria-labelledby={`per-image-${row.model}`} className="min-w-0">
      <h3 id={`per-image-${row.model}`} className="mb-2 text-sm font-semibold text-gray-900">
        {row.model}
        {row.rates.imageOutput === null ? <span className="ml-2 text-xs font-normal text-gray-500">(image output rate not listed)</span> : null}
      </h3>
      <div className="overflow-x-auto rounded-lg border border-gray-200">
        <table className="min-w-full text-xs sm:text-sm">
          <caption className="sr-only">Output tokens and image output cost per image for {row.model}</caption>
          <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
            <tr>
              <th scope="col" className="px-2 py-2 sm:px-3">Size</th>
              {QUALITIES.map((q) => (
                <th key={q} scope="col" className="px-2 py-2 text-right capitalize sm:px-3">{q}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {table.map((r) => (
              <tr key={r.size}>
                <th scope="row" className="whitespace-nowrap px-2 py-2 text-left font-medium text-gray-700 sm:px-3">{r.size}</th>
                {r.cells.map((c) => (
                  <td key={c.quality} className="whitespace-nowrap px-2 py-2 text-right align-top tabular-nums sm:px-3">
                    {c.tokens === null ? (
                      <span className="text-gray-400">—</span>
                    ) : (
                      <>
                        <div className="font-medium text-gray-900">{c.cost === null ? "—" : formatExactUsd(c.cost, 3)}</div>
                        <div className="text-xs text-gray-500" title={c.batchCost !== null ? `Batch API: ${formatExactUsd(c.batchCost, 3)}` : undefined}>
                          {formatTokens(c.tokens)} tok
                        </div>
                      </>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
