import type { AlertExplanation } from "@/lib/alerts/explain";
import { DIM_HEADINGS, contributorText, explanationHeading } from "@/lib/alerts/explain-render";

/** What drove a firing, as recorded with it: the top contributors per open dimension and their change. */
export function Explanation({ e }: { e: AlertExplanation }) {
  return (
    <div className="mt-3 rounded-md bg-gray-50 p-3 text-sm" data-testid="firing-explanation">
      <p className="font-medium text-gray-900">{explanationHeading(e)}</p>
      {e.notes?.length ? (
        <>
          <p className="mt-1 text-gray-700">{e.notes[0]}</p>
          <ul className="mt-1 space-y-1">
            {e.notes.slice(1).map((n) => (
              <li key={n} className="break-words text-gray-700">
                {n}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="mt-2 grid gap-3 sm:grid-cols-3">
        {e.groups.map((g) => (
          <div key={g.dim} className="min-w-0">
            <p className="text-xs font-medium uppercase tracking-wide text-gray-500">{DIM_HEADINGS[g.dim]}</p>
            {g.items.length === 0 ? (
              <p className="text-gray-500">(none)</p>
            ) : (
              <ul className="mt-1 space-y-1">
                {g.items.map((c) => (
                  <li key={c.key} className="break-words text-gray-700">
                    <span className="font-medium text-gray-900">{c.label}</span>: {contributorText(e.measure, c)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
      <p className="mt-2">
        <a href={e.link} className="text-blue-700 hover:underline">View this scope and period</a>
      </p>
    </div>
  );
}
