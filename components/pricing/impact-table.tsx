import { Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/tremor";
import { dec, formatUsd } from "@/lib/money/decimal";
import type { ImpactFigures } from "@/lib/pricing/impact";
import type { SnapshotImpact } from "@/lib/pricing/impact-service";

function signedUsd(v: string): string {
  const d = dec(v);
  return `${d.gt(0) ? "+" : ""}${formatUsd(d)}`;
}

function pct(v: string | null): string {
  return v === null ? "—" : `${v.startsWith("-") ? "" : "+"}${v} %`;
}

function flips(f: ImpactFigures): string {
  const parts = [f.becomePriced ? `${f.becomePriced} become priced` : "", f.becomeUnpriced ? `${f.becomeUnpriced} become unpriced` : ""].filter(Boolean);
  return parts.length ? parts.join(", ") : "—";
}

/** One-line summary of the total, also repeated in the publish confirmation. */
export function impactSummary(i: SnapshotImpact): string {
  const t = i.total;
  return `${signedUsd(t.delta)} (${pct(t.deltaPercent)}) on ${t.events.toLocaleString("en-US")} events, ${t.changedEvents.toLocaleString("en-US")} changed: ${formatUsd(t.currentCost)} → ${formatUsd(t.newCost)}`;
}

/** What shows while the impact is computed (it reads every event the snapshot governs). */
export function ImpactPending() {
  return (
    <Card id="impact" aria-busy="true">
      <h2 className="text-base font-semibold text-gray-900">Repricing impact</h2>
      <p className="mt-1 text-sm text-gray-500">Computing the change by team and month from the stored events…</p>
    </Card>
  );
}

/** The repricing impact of a snapshot by team and month (computed on page load, nothing written). */
export function ImpactSection({ impact }: { impact: SnapshotImpact }) {
  const draft = impact.basis === "stored";
  const range = `${impact.snapshot.provider} events from ${impact.range.from.slice(0, 10)}${impact.range.to ? ` to ${impact.range.to.slice(0, 10)}` : " on"}`;
  return (
    <Card id="impact" data-testid="impact">
      <h2 className="text-base font-semibold text-gray-900">Repricing impact</h2>
      <p className="mt-1 text-sm text-gray-500">
        {draft
          ? `What publishing this draft would change in stored ${range}: current cost against the cost under this draft, by team and month. Nothing is written until you publish.`
          : `What publishing this snapshot changed in ${range}: cost under the previous snapshots against under this one, by team and month (recomputed).`}
      </p>
      <p className="mt-3 text-sm font-medium text-gray-900" data-testid="impact-total">
        Total: {impactSummary(impact)}
      </p>
      {impact.rows.length === 0 ? (
        <p className="mt-3 text-sm text-gray-500">No stored events in this range.</p>
      ) : (
        <>
          <ul className="mt-3 divide-y divide-gray-100 sm:hidden" aria-label="Repricing impact by team and month">
            {impact.rows.map((r) => (
              <li key={`${r.month}-${r.teamId}`} className="py-3 text-sm">
                <div className="flex justify-between font-medium text-gray-900">
                  <span>{r.teamName}</span>
                  <span className="tabular-nums">{r.month}</span>
                </div>
                <div className="mt-1 flex justify-between tabular-nums text-gray-700">
                  <span>
                    {formatUsd(r.currentCost)} → {formatUsd(r.newCost)}
                  </span>
                  <span>
                    {signedUsd(r.delta)} ({pct(r.deltaPercent)})
                  </span>
                </div>
                <div className="text-xs text-gray-500">
                  {r.events.toLocaleString("en-US")} events, {r.changedEvents.toLocaleString("en-US")} changed{r.becomePriced || r.becomeUnpriced ? `; ${flips(r)}` : ""}
                </div>
              </li>
            ))}
          </ul>
          <div className="mt-3 hidden overflow-x-auto sm:block">
            <Table aria-label="Repricing impact by team and month">
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Month</TableHeaderCell>
                  <TableHeaderCell>Team</TableHeaderCell>
                  <TableHeaderCell className="text-right">Events</TableHeaderCell>
                  <TableHeaderCell className="text-right">{draft ? "Current" : "Before"}</TableHeaderCell>
                  <TableHeaderCell className="text-right">{draft ? "Under draft" : "After"}</TableHeaderCell>
                  <TableHeaderCell className="text-right">Change</TableHeaderCell>
                  <TableHeaderCell className="text-right">%</TableHeaderCell>
                  <TableHeaderCell>Priced / unpriced</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {impact.rows.map((r) => (
                  <TableRow key={`${r.month}-${r.teamId}`}>
                    <TableCell className="tabular-nums">{r.month}</TableCell>
                    <TableCell>{r.teamName}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      {r.events.toLocaleString("en-US")}
                      <div className="text-xs text-gray-500">{r.changedEvents.toLocaleString("en-US")} changed</div>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatUsd(r.currentCost)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatUsd(r.newCost)}</TableCell>
                    <TableCell className="text-right tabular-nums">{signedUsd(r.delta)}</TableCell>
                    <TableCell className="text-right tabular-nums">{pct(r.deltaPercent)}</TableCell>
                    <TableCell className="whitespace-normal text-sm text-gray-600">{flips(r)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
      <a href={`/api/v1/pricing/snapshots/${impact.snapshot.id}/impact`} className="mt-3 inline-block text-sm text-blue-700 hover:underline">
        Impact as JSON
      </a>
    </Card>
  );
}
