"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { deleteRuleAction, muteRuleAction, rotateWebhookSecretAction, testRuleAction, type ActionResult } from "../actions";
import { SecretOnce } from "./secret-once";

const MUTES = [
  ["1", "1 hour"],
  ["24", "1 day"],
  ["168", "1 week"],
] as const;

export function RuleActions({ id, name, muted, hasWebhook = false }: { id: string; name: string; muted: boolean; hasWebhook?: boolean }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  const act = (fn: () => Promise<ActionResult>) => start(async () => setResult(await fn()));
  const btn = "rounded-md border border-gray-300 bg-white px-2.5 py-1.5 text-xs font-medium text-gray-700 hover:bg-gray-50 disabled:opacity-60";
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/alerts/rules/${id}`} className={btn}>Edit</Link>
        <button type="button" className={btn} disabled={pending} onClick={() => act(() => testRuleAction(id))}>Send test</button>
        {muted ? (
          <button type="button" className={btn} disabled={pending} onClick={() => act(() => muteRuleAction(id, null))}>Unmute</button>
        ) : (
          <label className="flex items-center gap-1 text-xs text-gray-600">
            <span className="sr-only">Mute {name} for</span>
            <select
              className="rounded-md border-gray-300 py-1 pl-2 pr-7 text-xs"
              value=""
              disabled={pending}
              onChange={(e) => {
                const hours = Number(e.target.value);
                if (hours > 0) act(() => muteRuleAction(id, hours));
              }}
            >
              <option value="">Mute…</option>
              {MUTES.map(([h, label]) => (
                <option key={h} value={h}>for {label}</option>
              ))}
            </select>
          </label>
        )}
        {hasWebhook ? (
          <button
            type="button"
            className={btn}
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Rotate the webhook signing secret of "${name}"? The old secret stops working at once.`)) act(() => rotateWebhookSecretAction(id));
            }}
          >
            Rotate secret
          </button>
        ) : null}
        <button
          type="button"
          className="rounded-md px-2.5 py-1.5 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
          disabled={pending}
          onClick={() => {
            if (window.confirm(`Delete the rule "${name}" and its firing history?`)) act(() => deleteRuleAction(id));
          }}
        >
          Delete
        </button>
      </div>
      {pending ? <p className="text-xs text-gray-500" role="status">Working…</p> : null}
      {!pending && result?.ok && result.webhookSecret ? <SecretOnce secret={result.webhookSecret} onDone={() => setResult(null)} /> : null}
      {!pending && result && !result.webhookSecret ? (
        <p role={result.ok ? "status" : "alert"} className={`text-xs ${result.ok ? "text-emerald-700" : "text-red-600"}`}>
          {result.ok ? (result.message ?? "Done.") : result.message}
        </p>
      ) : null}
    </div>
  );
}
