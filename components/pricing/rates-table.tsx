import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/tremor";
import { BUCKETS, BUCKET_LABELS, type PricingRow } from "@/lib/cost/types";
import { formatRate } from "@/lib/pricing/display";

/** A rate that the card does not list, shown as such: never as $0. */
export function RateCell({ rate }: { rate: string | null }) {
  return rate === null ? <span className="text-xs font-medium uppercase tracking-wide text-gray-400">Not listed</span> : <span className="tabular-nums">{formatRate(rate)}</span>;
}

/** The snapshot's rates, USD per 1M tokens, one row per model (a list of cards on phones). */
export function RatesTable({ rows }: { rows: PricingRow[] }) {
  return (
    <>
      <ul className="divide-y divide-gray-100 sm:hidden" aria-label="Rates in USD per 1M tokens">
        {rows.map((r) => (
          <li key={r.model} className="py-3">
            <div className="font-medium text-gray-900">{r.model}</div>
            {r.aliases.length ? <div className="break-all text-xs text-gray-500">also {r.aliases.join(", ")}</div> : null}
            <dl className="mt-2 grid grid-cols-1 gap-y-1 text-sm">
              {BUCKETS.map((b) => (
                <div key={b} className="flex items-baseline justify-between gap-2">
                  <dt className="text-gray-500">{BUCKET_LABELS[b]}</dt>
                  <dd className="text-right">
                    <RateCell rate={r.rates[b]} />
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto sm:block">
      <Table aria-label="Rates in USD per 1M tokens">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Model</TableHeaderCell>
            {BUCKETS.map((b) => (
              <TableHeaderCell key={b} className="whitespace-normal text-right">
                {BUCKET_LABELS[b]}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.model}>
              <TableCell className="min-w-[9rem] whitespace-normal">
                <div className="whitespace-nowrap font-medium text-gray-900">{r.model}</div>
                {r.aliases.length ? <div className="break-all text-xs text-gray-500">also {r.aliases.join(", ")}</div> : null}
              </TableCell>
              {BUCKETS.map((b) => (
                <TableCell key={b} className="text-right">
                  <RateCell rate={r.rates[b]} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      </div>
    </>
  );
}
