"use client";

import { useState, useTransition } from "react";
import { retryOutboxAction } from "../actions";

export function RetryButton({ id }: { id: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() => start(async () => {
          const r = await retryOutboxAction(id);
          setError(r.ok ? null : (r.message ?? "Could not retry."));
        })}
        className="rounded-md border border-gray-300 bg-white px-2 py-1 text-xs font-medium text-gray-700 hover:bg-gray-50 disabled:opacity-60"
      >
        {pending ? "Sending…" : "Retry now"}
      </button>
      {error ? <p role="alert" className="mt-1 text-xs text-red-600">{error}</p> : null}
    </>
  );
}
