import { formatUsd } from "@/lib/money/decimal";
import type { NameAsCalledRow } from "@/lib/spend/queries";

/** The model drill-down's names as called: what the applications sent, folded into the canonical model. */
export function NamesAsCalled({ rows }: { rows: readonly NameAsCalledRow[] }) {
  return (
    <section aria-labelledby="names-as-called-heading" className="space-y-2" data-testid="names-as-called">
      <h2 id="names-as-called-heading" className="pt-2 text-lg font-semibold text-gray-900">
        Names as called
      </h2>
      <p className="text-sm text-gray-500">
        Aliases, dated variants and vendor prefixes the applications sent; every view counts them under this model.
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-gray-500">No events in this range.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-gray-200">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Model names as called</caption>
            <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
              <tr>
                <th scope="col" className="px-3 py-2">Name as called</th>
                <th scope="col" className="px-3 py-2">Provider</th>
                <th scope="col" className="px-3 py-2 text-right">Events</th>
                <th scope="col" className="px-3 py-2 text-right">Spend</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {rows.map((r) => (
                <tr key={`${r.asCalled}|${r.model}|${r.provider}`}>
                  <td className="break-all px-3 py-2 font-mono text-xs">{r.asCalled}</td>
                  <td className="px-3 py-2 text-gray-600">{r.provider}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.events.toLocaleString("en-US")}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{formatUsd(r.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
