import Link from "next/link";
import { BadgeDelta, Card } from "@/components/tremor";
import { formatUsd } from "@/lib/money/decimal";
import { changePercent } from "@/lib/spend/figures";
import { formatCell } from "@/lib/spend/table-model";

/** One headline figure; `amount` is an exact decimal string (kept in data-amount), shown formatted. */
export function KpiCard({
  label,
  amount,
  count,
  previous,
  note,
  href,
  testId,
  decimals,
}: {
  label: string;
  amount?: string;
  count?: number;
  previous?: string;
  note?: React.ReactNode;
  href?: string;
  testId?: string;
  /** Decimals for the amount (default: formatUsd's choice by size). */
  decimals?: number;
}) {
  const change = amount !== undefined && previous !== undefined ? changePercent(amount, previous) : null;
  const value = amount !== undefined ? formatUsd(amount, { decimals }) : formatCell("count", count ?? 0);
  return (
    <Card className="p-4" data-testid={testId}>
      <p className="text-sm text-gray-500">{label}</p>
      <div className="mt-1 flex flex-wrap items-baseline gap-2">
        <p className="num text-2xl font-semibold text-gray-900" data-amount={amount}>
          {href ? (
            <Link href={href} className="hover:text-blue-700 hover:underline">
              {value}
            </Link>
          ) : (
            value
          )}
        </p>
        {change !== null ? (
          <BadgeDelta
            deltaType={Number(change) > 0 ? "moderateIncrease" : Number(change) < 0 ? "moderateDecrease" : "unchanged"}
            isIncreasePositive={false}
            size="xs"
            title="Change versus the previous period"
          >
            {formatCell("change", change)}
          </BadgeDelta>
        ) : null}
      </div>
      {note ? <div className="mt-1 text-xs text-gray-500">{note}</div> : null}
    </Card>
  );
}
