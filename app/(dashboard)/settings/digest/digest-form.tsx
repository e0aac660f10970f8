"use client";

import { useActionState } from "react";
import { saveDigestAction, type DigestFormState } from "./actions";

export function DigestForm({ teams }: { teams: Array<{ slug: string; name: string; subscribed: boolean }> }) {
  const [state, action, pending] = useActionState<DigestFormState, FormData>(saveDigestAction, {});
  return (
    <form action={action} className="mt-4 space-y-3">
      <fieldset>
        <legend className="text-sm font-medium text-gray-700">Teams</legend>
        {teams.length === 0 ? <p className="mt-2 text-sm text-gray-500">You belong to no team, so there is no digest to choose.</p> : null}
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {teams.map((t) => (
            <label key={t.slug} className="flex items-center gap-2 rounded-md border border-gray-200 px-3 py-2 text-sm">
              <input type="checkbox" name="teams" value={t.slug} defaultChecked={t.subscribed} className="rounded border-gray-300" />
              {t.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60">
          {pending ? "Saving…" : "Save"}
        </button>
        {state.saved ? <p role="status" className="text-sm text-emerald-700">Saved.</p> : null}
        {state.error ? <p role="alert" className="text-sm text-red-600">{state.error}</p> : null}
      </div>
    </form>
  );
}
