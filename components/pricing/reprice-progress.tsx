"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ProgressBar } from "@tremor/react";
import type { RepriceJobView } from "@/lib/pricing/views";
import { callApi } from "./api";

const POLL_MS = 1000;

/** A reprice job's progress, polled until it is done or failed; then the page re-renders with the new totals. */
export function RepriceProgress({ job: initial }: { job: RepriceJobView }) {
  const router = useRouter();
  const [job, setJob] = useState(initial);
  const active = job.status === "queued" || job.status === "running";

  useEffect(() => {
    if (!active) return;
    const t = setTimeout(async () => {
      const r = await callApi<RepriceJobView>(`/api/v1/pricing/reprice-jobs/${job.id}`, { method: "GET" });
      if (r.ok) {
        setJob(r.data);
        if (r.data.status === "done" || r.data.status === "failed") router.refresh();
      }
    }, POLL_MS);
    return () => clearTimeout(t);
  }, [active, job, router]);

  const label = job.snapshotName ? `${job.snapshotName} (v${job.snapshotVersion})` : job.provider;
  const state =
    job.status === "done"
      ? `Repriced ${job.processed.toLocaleString("en-US")} events`
      : job.status === "failed"
        ? `Failed after ${job.processed.toLocaleString("en-US")} of ${job.total.toLocaleString("en-US")} events: ${job.error ?? "unknown error"}`
        : job.status === "queued"
          ? `Waiting to reprice ${job.total.toLocaleString("en-US")} events`
          : `Repricing: ${job.processed.toLocaleString("en-US")} of ${job.total.toLocaleString("en-US")} events`;
  return (
    <div className="space-y-1" data-testid="reprice-job" data-status={job.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium text-gray-900">{label}</span>
        <span className="text-gray-600" aria-live="polite">
          {state}
        </span>
      </div>
      <div role="progressbar" aria-label={`Repricing ${label}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={job.percent}>
        <ProgressBar value={job.percent} color={job.status === "failed" ? "red" : job.status === "done" ? "emerald" : "blue"} showAnimation />
      </div>
      <p className="text-xs text-gray-500">
        Events of {job.provider} from {job.rangeStart.slice(0, 10)}
        {job.rangeEnd ? ` to ${job.rangeEnd.slice(0, 10)}` : " on"}
        {job.status === "done" ? (
          <>
            {" · "}
            <a href={`/pricing/${job.snapshotId}#impact`} className="text-blue-700 hover:underline">
              Repricing impact by team and month
            </a>
          </>
        ) : null}
      </p>
    </div>
  );
}
