"use client";

import { useState } from "react";

/** A webhook signing secret, shown once after it was issued (it cannot be read again). */
export function SecretOnce({ secret, onDone }: { secret: string; onDone?: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="webhook-secret">
      <p className="font-medium">Webhook signing secret: copy it now, it is shown only once.</p>
      <p className="mt-1 text-xs">Receivers check the <code>Spendscope-Signature</code> header with it (see docs/webhooks.md).</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs text-gray-900" data-testid="webhook-secret-value">{secret}</code>
        <button
          type="button"
          className="rounded-md border border-amber-400 bg-white px-2.5 py-1 text-xs font-medium hover:bg-amber-100"
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => undefined)}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        {onDone ? (
          <button type="button" className="rounded-md bg-amber-600 px-2.5 py-1 text-xs font-semibold text-white hover:bg-amber-700" onClick={onDone}>
            Done
          </button>
        ) : null}
      </div>
    </div>
  );
}
