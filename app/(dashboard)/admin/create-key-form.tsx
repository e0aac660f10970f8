"use client";

import { useActionState } from "react";
import { createKeyAction, type CreateKeyState } from "./actions";

export function CreateKeyForm({ teams }: { teams: Array<{ slug: string; name: string }> }) {
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createKeyAction, {});
  return (
    <form action={action} className="mt-4 grid gap-3 rounded-lg bg-gray-50 p-4 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
      <div>
        <label htmlFor="key-name" className="block text-xs font-medium text-gray-700">Name</label>
        <input id="key-name" name="name" required maxLength={100} placeholder="image-service production" className="mt-1 block w-full rounded-md border-gray-300 text-sm" aria-invalid={Boolean(state.fields?.name)} />
        {state.fields?.name ? <p className="mt-1 text-xs text-red-600">{state.fields.name}</p> : null}
      </div>
      <div>
        <label htmlFor="key-team" className="block text-xs font-medium text-gray-700">Scope</label>
        <select id="key-team" name="team" className="mt-1 block w-full rounded-md border-gray-300 text-sm">
          <option value="">Whole organization</option>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>Team: {t.name}</option>
          ))}
        </select>
      </div>
      <fieldset className="flex gap-3 text-sm">
        <legend className="sr-only">Permissions</legend>
        <label className="flex items-center gap-1"><input type="checkbox" name="scopes" value="ingest" defaultChecked className="rounded border-gray-300" /> ingest</label>
        <label className="flex items-center gap-1"><input type="checkbox" name="scopes" value="read" className="rounded border-gray-300" /> read</label>
      </fieldset>
      <button type="submit" disabled={pending} className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60">
        {pending ? "Creating…" : "Create key"}
      </button>
      {state.error && !state.fields?.name ? <p role="alert" className="text-sm text-red-600 sm:col-span-4">{state.error}</p> : null}
      {state.key ? (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm sm:col-span-4">
          <p className="font-medium text-emerald-800">Key {state.prefix} created. Copy it now: it will not be shown again.</p>
          <code data-testid="new-api-key" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs">{state.key}</code>
        </div>
      ) : null}
    </form>
  );
}
