import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { requireUserWhere } from "@/lib/auth/require";
import { canAdminister } from "@/lib/auth/permissions";
import { auditFilterChoices, auditQuerySchema, listAudit, type AuditEntryView } from "@/lib/audit/service";

export const metadata: Metadata = { title: "Audit log" };

type SP = Record<string, string | string[] | undefined>;
const FILTERS = ["actor", "entityType", "action", "from", "to"] as const;

function one(sp: SP, k: string): string | undefined {
  const v = sp[k];
  return Array.isArray(v) ? v[0] : v;
}

const input = "mt-1 block w-full min-w-0 rounded-md border border-gray-300 px-2 py-1.5 text-sm";
const FORM = "grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-end";
const PRIMARY = "rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700";
const SECONDARY = "rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50";
const PRE = "mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-gray-50 p-2 text-xs text-gray-800";

export default async function AuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  const user = await requireUserWhere(canAdminister);
  const sp = await searchParams;
  const raw: Record<string, string> = {};
  for (const k of [...FILTERS, "cursor"]) {
    const v = one(sp, k);
    if (v) raw[k] = v;
  }
  const parsed = auditQuerySchema.safeParse(raw);
  const [choices, page] = await Promise.all([
    auditFilterChoices(user),
    parsed.success ? listAudit(user, parsed.data).catch(() => null) : Promise.resolve(null),
  ]);
  const problems = !parsed.success
    ? parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
    : page
      ? []
      : ["cursor: not a cursor this page made"];
  const filters = new URLSearchParams(Object.entries(raw).filter(([k]) => k !== "cursor"));
  const next = new URLSearchParams(filters);
  if (page?.nextCursor) next.set("cursor", page.nextCursor);
  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          "Every admin change with who made it, before and after. " +
          "Webhook URLs, key hashes and passwords are redacted."
        }
      />
      <Card>
        <form method="get" aria-label="Filter the audit log" className={FORM}>
          <label className="text-sm text-gray-700 lg:col-span-2">
            Actor
            <input name="actor" defaultValue={raw.actor ?? ""} placeholder="email, user:…, key:…" className={input} />
          </label>
          <label className="text-sm text-gray-700">
            Entity
            <select name="entityType" defaultValue={raw.entityType ?? ""} className={input}>
              <option value="">All</option>
              {choices.entityTypes.map((t) => (
                <option key={t} value={t}>{t}</option>
              ))}
            </select>
          </label>
          <label className="text-sm text-gray-700">
            Action
            <select name="action" defaultValue={raw.action ?? ""} className={input}>
              <option value="">All</option>
              {choices.actions.map((a) => (
                <option key={a} value={a}>{a}</option>
              ))}
            </select>
          </label>
          <label className="text-sm text-gray-700">
            From (UTC)
            <input type="date" name="from" defaultValue={raw.from ?? ""} className={input} />
          </label>
          <label className="text-sm text-gray-700">
            To (UTC)
            <input type="date" name="to" defaultValue={raw.to ?? ""} className={input} />
          </label>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
            <button type="submit" className={PRIMARY}>Filter</button>
            <Link href="/admin/audit" className={SECONDARY}>Clear</Link>
          </div>
        </form>
      </Card>
      {problems.length ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-700">{problems.join(" ")}</p>
      ) : null}
      <Card className="mt-6">
        <ul className="divide-y divide-gray-100" aria-label="Audit entries">
          {(page?.entries ?? []).map((e) => (
            <AuditItem key={e.id} e={e} />
          ))}
          {page && page.entries.length === 0 ? (
            <li className="py-3 text-sm text-gray-500">No entries match these filters.</li>
          ) : null}
        </ul>
        <div className="mt-4 flex justify-between gap-2">
          {raw.cursor ? (
            <Link href={`/admin/audit?${filters}`} className="text-sm text-blue-700 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {page?.nextCursor ? (
            <Link href={`/admin/audit?${next}`} className={SECONDARY}>
              Older →
            </Link>
          ) : null}
        </div>
      </Card>
    </>
  );
}

function AuditItem({ e }: { e: AuditEntryView }) {
  return (
    <li className="py-3 text-sm">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <time dateTime={e.at} className="font-mono text-xs text-gray-500">
          {e.at.slice(0, 19).replace("T", " ")} UTC
        </time>
        <span className="font-medium text-gray-900">{e.action}</span>
        <span className="min-w-0 break-all text-gray-600">{e.entityType}{e.entityId ? ` ${e.entityId}` : ""}</span>
        <span className="min-w-0 break-all text-gray-500">by {e.actorLabel}</span>
      </div>
      {e.before !== null || e.after !== null ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-blue-700">Before and after</summary>
          <div className="mt-2 grid grid-cols-1 gap-2 md:grid-cols-2 [&>*]:min-w-0">
            <JsonBlock label="Before" value={e.before} />
            <JsonBlock label="After" value={e.after} />
          </div>
        </details>
      ) : null}
    </li>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <div className="text-xs font-medium text-gray-500">{label}</div>
      <pre className={PRE}>
        {value === null ? "—" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}
