import type { SnapshotSummary } from "@/lib/pricing/views";

function label(s: SnapshotSummary): string {
  return `${s.provider} v${s.version} — ${s.name} (${s.status})`;
}

/** Pick any two snapshots to compare; a plain GET form, so the choice lives in the URL (?a=&b=). */
export function CompareForm({ snapshots, a, b }: { snapshots: SnapshotSummary[]; a?: string; b?: string }) {
  const select = "mt-1 block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500";
  return (
    <form action="/pricing/diff" method="get" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      <div>
        <label htmlFor="compare-a" className="block text-sm font-medium text-gray-700">
          Before
        </label>
        <select id="compare-a" name="a" defaultValue={a} required className={select}>
          {snapshots.map((s) => (
            <option key={s.id} value={s.id}>
              {label(s)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="compare-b" className="block text-sm font-medium text-gray-700">
          After
        </label>
        <select id="compare-b" name="b" defaultValue={b ?? snapshots[0]?.id} required className={select}>
          {snapshots.map((s) => (
            <option key={s.id} value={s.id}>
              {label(s)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md bg-white px-3 py-2 text-sm font-semibold text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300 hover:bg-gray-50">
        Compare
      </button>
    </form>
  );
}
