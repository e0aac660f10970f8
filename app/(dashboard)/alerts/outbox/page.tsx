import type { Metadata } from "next";
import { Badge, Card } from "@/components/tremor";
import Link from "next/link";
import { requireUserWhere } from "@/lib/auth/require";
import { canAdminister } from "@/lib/auth/permissions";
import { listOutboxViews } from "@/lib/alerts/service";
import { findOrgBrief } from "@/lib/alerts/queries";
import { formatInstant } from "../_components/format";
import { RetryButton } from "../_components/retry-button";

export const metadata: Metadata = { title: "Outbox" };

const STATUSES = ["pending", "sent", "failed"] as const;
type Status = (typeof STATUSES)[number];
const COLORS: Record<Status, "amber" | "emerald" | "red"> = { pending: "amber", sent: "emerald", failed: "red" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserWhere(canAdminister);
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === sp.status);
  const [{ items, counts }, org] = await Promise.all([listOutboxViews(user, { status, pageSize: 100 }), findOrgBrief(user.orgId)]);
  const tz = org?.timeZone ?? "UTC";
  // A message under a live lease is in a worker's hands: Retry would be refused (see retryOutboxMessage).
  const now = Date.now();
  const tab = (s: Status | undefined, label: string) => (
    <Link
      key={label}
      href={s ? `/alerts/outbox?status=${s}` : "/alerts/outbox"}
      aria-current={status === s ? "page" : undefined}
      className={`rounded-full px-3 py-1 text-sm ${status === s ? "bg-gray-900 text-white" : "bg-gray-100 text-gray-700 hover:bg-gray-200"}`}
    >
      {label}
    </Link>
  );
  return (
    <section aria-labelledby="outbox-heading">
      <div className="mb-4">
        <h2 id="outbox-heading" className="text-lg font-semibold text-gray-900">Outbox</h2>
        <p className="text-sm text-gray-500">Every alert email and webhook, written in the same transaction as its firing and sent with retries. A message is marked sent only once the server accepted it. Times in {tz}; newest 100.</p>
      </div>
      {counts.failed > 0 ? (
        <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid="outbox-failed-banner">
          <p className="font-medium">
            {counts.failed} message{counts.failed === 1 ? "" : "s"} could not be delivered and will not be retried automatically.
          </p>
          <p>
            Check the last error, fix the mail server or the address, then use Retry.{" "}
            {status !== "failed" ? <Link href="/alerts/outbox?status=failed" className="font-medium underline">Show failed messages</Link> : null}
          </p>
        </div>
      ) : null}
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2">
        {tab(undefined, `All (${counts.pending + counts.sent + counts.failed})`)}
        {STATUSES.map((s) => tab(s, `${s[0].toUpperCase()}${s.slice(1)} (${counts[s]})`))}
      </nav>
      {items.length === 0 ? (
        <Card><p className="text-sm text-gray-500">No messages{status ? ` with status ${status}` : ""}.</p></Card>
      ) : (
        <Card className="p-0">
          <ul className="divide-y divide-gray-100">
            {items.map((m) => (
              <li key={m.id} className="grid gap-2 p-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)_auto]" data-testid="outbox-row">
                <div className="min-w-0">
                  <p className="truncate font-medium text-gray-900" title={m.subject}>{m.subject}</p>
                  <p className="truncate text-sm text-gray-600">{m.kind === "webhook" ? "Webhook" : "Email"} to {m.recipient}</p>
                  <details className="mt-1 text-sm">
                    <summary className="cursor-pointer text-blue-700">Body</summary>
                    <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-gray-50 p-3 text-xs text-gray-800">{m.kind === "webhook" ? prettyJson(m.textBody) : m.textBody}</pre>
                  </details>
                </div>
                <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
                  <dt className="text-gray-500">Created</dt><dd className="text-gray-800">{formatInstant(m.createdAt, tz)}</dd>
                  <dt className="text-gray-500">Attempts</dt><dd className="text-gray-800">{m.attempts}</dd>
                  {m.status === "sent" ? (
                    <><dt className="text-gray-500">Sent</dt><dd className="text-gray-800">{formatInstant(m.sentAt, tz)}</dd></>
                  ) : m.status === "pending" ? (
                    <><dt className="text-gray-500">Next attempt</dt><dd className="text-gray-800">{formatInstant(m.nextAttemptAt, tz)}</dd></>
                  ) : null}
                  {m.lastError ? (<><dt className="text-gray-500">Last error</dt><dd className="break-words text-red-700">{m.lastError}</dd></>) : null}
                </dl>
                <div className="flex items-start gap-2 md:flex-col md:items-end">
                  <Badge color={COLORS[m.status]}>{m.status}</Badge>
                  {m.status === "pending" && m.lockedUntil && m.lockedUntil.getTime() > now ? (
                    <span className="text-xs text-gray-500">being sent</span>
                  ) : m.status !== "sent" ? (
                    <RetryButton id={m.id} />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}

function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}
