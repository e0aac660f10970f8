"use client";

import { useState, useTransition } from "react";
import { deleteBudgetAction } from "../actions";

export function DeleteBudgetButton({ id, name }: { id: string; name: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          if (!window.confirm(`Delete the budget "${name}"?`)) return;
          start(async () => {
            const r = await deleteBudgetAction(id);
            setError(r.ok ? null : (r.message ?? "Could not delete."));
          });
        }}
        className="text-red-700 hover:underline disabled:opacity-60"
      >
        {pending ? "Deleting…" : "Delete"}
      </button>
      {error ? <p role="alert" className="basis-full text-xs text-red-600">{error}</p> : null}
    </>
  );
}
