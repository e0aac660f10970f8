"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@tremor/react";
import type { SnapshotSummary } from "@/lib/pricing/views";
import { callApi } from "./api";

/** Admin buttons on a snapshot: clone (any), edit / publish / delete (drafts). */
export function SnapshotActions({ snapshot, impactSummary = null }: { snapshot: SnapshotSummary; impactSummary?: Promise<string | null> | null }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/pricing/snapshots/${snapshot.id}`;

  async function run<T>(what: string, url: string, method: string, after: (data: T) => void) {
    setBusy(what);
    setError(null);
    const r = await callApi<T>(url, { method });
    setBusy(null);
    if (!r.ok) setError(r.problem.detail || r.problem.title);
    else after(r.data);
  }

  const clone = () => run<{ id: string }>("clone", `${base}/clone`, "POST", (d) => router.push(`/pricing/${d.id}/edit`));
  const publish = async () => {
    setBusy("publish");
    const summary = impactSummary ? await impactSummary : null;
    setBusy(null);
    const msg = `Publish ${snapshot.provider} v${snapshot.version}? A published snapshot cannot be changed. Usage from ${snapshot.effectiveFrom.slice(0, 10)} on that this card now governs will be repriced.${summary ? `\n\nRepricing impact: ${summary}.` : ""}`;
    if (!window.confirm(msg)) return;
    void run("publish", `${base}/publish`, "POST", () => router.refresh());
  };
  const remove = () => {
    if (!window.confirm(`Delete the draft ${snapshot.provider} v${snapshot.version}? This cannot be undone.`)) return;
    void run("delete", base, "DELETE", () => router.push("/pricing"));
  };

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap gap-2">
        {snapshot.status === "draft" ? (
          <>
            <Button variant="secondary" onClick={() => router.push(`/pricing/${snapshot.id}/edit`)} disabled={busy !== null}>
              Edit draft
            </Button>
            <Button onClick={() => void publish()} loading={busy === "publish"} disabled={busy !== null}>
              Publish
            </Button>
            <Button variant="light" color="red" onClick={remove} loading={busy === "delete"} disabled={busy !== null}>
              Delete draft
            </Button>
          </>
        ) : (
          <Button onClick={() => void clone()} loading={busy === "clone"} disabled={busy !== null}>
            Clone to draft
          </Button>
        )}
      </div>
      {error ? (
        <p role="alert" className="max-w-md rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
