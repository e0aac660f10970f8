import Link from "next/link";
import { Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/tremor";
import { formatInstant } from "@/lib/pricing/display";
import type { SnapshotSummary } from "@/lib/pricing/views";
import { StatusBadge } from "./status-badge";

/** Every snapshot: provider, version, effective date, status, row count. */
export function SnapshotList({ snapshots }: { snapshots: SnapshotSummary[] }) {
  if (snapshots.length === 0) {
    return (
      <Card>
        <p className="text-sm text-gray-600">No pricing snapshots yet. Until one is published, usage is stored but unpriced.</p>
      </Card>
    );
  }
  return (
    <>
      {/* Phones: one card per snapshot; the table needs more width than a phone has. */}
      <ul className="space-y-2 sm:hidden" aria-label="Pricing snapshots">
        {snapshots.map((s) => (
          <li key={s.id} data-testid="snapshot-card" className="rounded-lg border border-gray-200 bg-white p-3 shadow-sm">
            <Link href={`/pricing/${s.id}`} className="font-medium text-blue-700 hover:underline">
              {s.name}
            </Link>
            <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-gray-600">
              <span>
                {s.provider} v{s.version}
              </span>
              <span aria-hidden="true">·</span>
              <span className="tabular-nums">from {formatInstant(s.effectiveFrom)}</span>
              <span aria-hidden="true">·</span>
              <span>{s.rowCount} rows</span>
            </div>
            <div className="mt-2">
              <StatusBadge status={s.status} inForce={s.inForce} />
            </div>
          </li>
        ))}
      </ul>
      <Card className="hidden p-0 sm:block">
        <Table aria-label="Pricing snapshots">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Snapshot</TableHeaderCell>
              <TableHeaderCell>Provider</TableHeaderCell>
              <TableHeaderCell className="text-right">Version</TableHeaderCell>
              <TableHeaderCell>Effective from</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell className="text-right">Rows</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {snapshots.map((s) => (
              <TableRow key={s.id} data-testid="snapshot-row">
                <TableCell className="max-w-xs whitespace-normal">
                  <Link href={`/pricing/${s.id}`} className="font-medium text-blue-700 hover:underline">
                    {s.name}
                  </Link>
                </TableCell>
                <TableCell>{s.provider}</TableCell>
                <TableCell className="text-right tabular-nums">v{s.version}</TableCell>
                <TableCell className="tabular-nums">{formatInstant(s.effectiveFrom)}</TableCell>
                <TableCell>
                  <StatusBadge status={s.status} inForce={s.inForce} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{s.rowCount}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
    </>
  );
}
