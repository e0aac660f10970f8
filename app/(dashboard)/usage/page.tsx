import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/require";
import { isAdmin } from "@/lib/auth/permissions";
import { canUploadUsage } from "@/lib/ingest/permissions";
import { uploadTeamsFor } from "@/lib/ingest/upload-teams";
import { listTeamRefs, summarizeIngestion } from "@/lib/ingest/queries";
import { listEvents, type EventView } from "@/lib/ingest/events";
import { listProjectMappingViews } from "@/lib/ingest/imports";
import { CSV_COLUMN_DOCS } from "@/lib/ingest/csv-docs";
import { formatUsd } from "@/lib/money/decimal";
import { Badge, Card } from "@/components/tremor";
import { CsvUpload } from "./_components/csv-upload";
import { CostsImport, ImagesImport } from "./_components/openai-imports";
import { ProjectMappings } from "./_components/project-mappings";

export const metadata: Metadata = { title: "Usage" };

const TABS = [
  { id: "upload", label: "Upload CSV" },
  { id: "events", label: "Latest events" },
  { id: "openai", label: "OpenAI imports", adminOnly: true },
  { id: "projects", label: "OpenAI projects" },
] as const;
type TabId = (typeof TABS)[number]["id"];

const SOURCE_LABELS: Record<string, string> = { api: "API", csv: "CSV upload", openai_import: "OpenAI import", seed: "Demo data" };
const nf = new Intl.NumberFormat("en-US");

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const admin = isAdmin(user);
  const sp = await searchParams;
  const tabs = TABS.filter((t) => !("adminOnly" in t) || admin);
  const requested = typeof sp.tab === "string" ? sp.tab : "upload";
  const tab: TabId = tabs.some((t) => t.id === requested) ? (requested as TabId) : "upload";
  const since = new Date(Date.now() - 30 * 86_400_000);
  const summary = await summarizeIngestion(user.orgId, since);

  return (
    <>
      <PageHeader
        title="Usage"
        description="Usage events arrive through the ingestion API (POST /api/v1/usage, the TypeScript SDK), CSV uploads and OpenAI exports. Every event is priced on arrival and counted once, whatever path it took."
        actions={
          <div className="flex min-w-max gap-2">
            <Link href="/api-docs" className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">
              API reference
            </Link>
            <a href="/api/v1/usage/csv/sample" className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50" download>
              Sample CSV
            </a>
          </div>
        }
      />

      <section aria-labelledby="summary-heading" className="mb-6">
        <h2 id="summary-heading" className="sr-only">
          Events of the last 30 days by source
        </h2>
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {(["api", "csv", "openai_import", "seed"] as const).map((s) => {
            const row = summary.find((r) => r.source === s);
            return (
              <Card key={s} className="p-4">
                <p className="text-xs font-medium text-gray-500">{SOURCE_LABELS[s]} · 30 days</p>
                <p className="mt-1 text-xl font-semibold tabular-nums text-gray-900">{nf.format(Number(row?.events ?? 0))}</p>
                <p className="mt-1 text-xs text-gray-500">
                  {row && Number(row.unpriced) > 0 ? `${nf.format(Number(row.unpriced))} unpriced · ` : ""}
                  {row && Number(row.estimated) > 0 ? `${nf.format(Number(row.estimated))} estimated` : row ? "all from reported tokens" : "none yet"}
                </p>
              </Card>
            );
          })}
        </div>
      </section>

      <nav aria-label="Usage sections" className="mb-4 flex gap-1 overflow-x-auto border-b border-gray-200">
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={`/usage?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${t.id === tab ? "border-blue-600 text-blue-700" : "border-transparent text-gray-600 hover:text-gray-900"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>

      {tab === "upload" ? <UploadTab user={user} /> : null}
      {tab === "events" ? <EventsTab orgId={user.orgId} /> : null}
      {tab === "openai" && admin ? <OpenAITab orgId={user.orgId} /> : null}
      {tab === "projects" ? <ProjectsTab orgId={user.orgId} canEdit={admin} /> : null}
    </>
  );
}

async function UploadTab({ user }: { user: Awaited<ReturnType<typeof requireUser>> }) {
  const allowed = canUploadUsage(user);
  const teams = allowed ? await uploadTeamsFor(user) : [];
  return (
    <div className="space-y-6">
      {allowed ? (
        <CsvUpload teams={teams} canPickAnyTeam={isAdmin(user)} />
      ) : (
        <Card>
          <p className="text-sm text-gray-600">Viewers can browse usage but not upload it. Ask an admin, or a member of the team, to upload the file.</p>
        </Card>
      )}
      <Card>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold text-gray-900" id="columns-heading">
            CSV columns
          </h2>
          <a href="/api/v1/usage/csv/sample" className="text-sm font-medium text-blue-700 hover:underline" download>
            Download a sample file
          </a>
        </div>
        <p className="mt-1 text-sm text-gray-500">
          One event per row, with a header row. Column names are case-insensitive (<code>trace_id</code> or <code>traceId</code>); empty cells mean &ldquo;not given&rdquo;.
          The rules are those of the API: give token counts, or leave them empty and give images, size and quality to have the cost estimated.
        </p>
        <dl className="mt-4 divide-y divide-gray-100 rounded-lg border border-gray-200" aria-labelledby="columns-heading">
          {CSV_COLUMN_DOCS.map((c) => (
            <div key={c.name} className="px-3 py-2.5 sm:grid sm:grid-cols-[17rem_1fr] sm:gap-4">
              <dt>
                <code className="text-sm font-semibold text-gray-900">{c.name}</code>
                <span className="mt-0.5 block text-xs text-gray-500">
                  {c.type} · required: {c.required}
                </span>
              </dt>
              <dd className="mt-1 text-sm text-gray-700 sm:mt-0">{c.description}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}

async function EventsTab({ orgId }: { orgId: string }) {
  const events = await listEvents(orgId, { limit: 50 });
  return (
    <Card>
      <h2 className="text-lg font-semibold text-gray-900">Latest events</h2>
      <p className="mt-1 text-sm text-gray-500">The 50 latest events by time of the call, whatever their source. Costs are as priced on arrival (or repriced since); hover a cost for its exact value.</p>
      {events.length === 0 ? (
        <p className="mt-4 text-sm text-gray-500">No events yet.</p>
      ) : (
        <>
          <ul className="mt-4 divide-y divide-gray-100 rounded-lg border border-gray-200 md:hidden" aria-label="Latest usage events">
            {events.map((e) => (
              <li key={e.id} className="flex items-start justify-between gap-3 px-3 py-2.5 text-sm">
                <div className="min-w-0">
                  <p className="truncate text-gray-900">
                    {e.team} <span className="text-gray-500">· {e.feature}</span>
                  </p>
                  <p className="truncate text-xs text-gray-500">
                    <ModelCalled e={e} /> · {e.outcome}
                    {e.attempt > 1 ? ` · retry ${e.attempt - 1}` : ""}
                    {e.batch ? " · batch" : ""}
                  </p>
                  <p className="text-xs tabular-nums text-gray-400">
                    {e.occurredAt.slice(0, 16).replace("T", " ")} UTC · {SOURCE_LABELS[e.source] ?? e.source}
                  </p>
                </div>
                <div className="shrink-0 text-right tabular-nums">
                  <EventCost e={e} />
                </div>
              </li>
            ))}
          </ul>
          <div className="mt-4 hidden overflow-x-auto rounded-lg border border-gray-200 md:block">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Latest usage events</caption>
              <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
                <tr>
                  <th scope="col" className="px-3 py-2">When (UTC)</th>
                  <th scope="col" className="px-3 py-2">Team · feature</th>
                  <th scope="col" className="px-3 py-2">Model</th>
                  <th scope="col" className="px-3 py-2">Outcome</th>
                  <th scope="col" className="px-3 py-2 text-right">Cost</th>
                  <th scope="col" className="px-3 py-2">Source</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {events.map((e) => (
                  <tr key={e.id}>
                    <td className="whitespace-nowrap px-3 py-2 tabular-nums text-gray-600">{e.occurredAt.slice(0, 16).replace("T", " ")}</td>
                    <td className="px-3 py-2">
                      <span className="text-gray-900">{e.team}</span> <span className="text-gray-500">· {e.feature}</span>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">
                      <ModelCalled e={e} />
                      {e.batch ? <span className="ml-1 text-xs text-gray-500">batch</span> : null}
                      {e.attempt > 1 ? <span className="ml-1 text-xs text-gray-500">retry {e.attempt - 1}</span> : null}
                    </td>
                    <td className="px-3 py-2 text-gray-600">{e.outcome}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                      <EventCost e={e} />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-xs text-gray-500">{SOURCE_LABELS[e.source] ?? e.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

/** The model name as called; when it folds into another canonical model, which one it counts under. */
function ModelCalled({ e }: { e: EventView }) {
  return (
    <>
      <span className="font-mono text-xs">{e.modelAsCalled}</span>
      {e.modelAsCalled !== e.model ? (
        <span className="ml-1 text-xs text-gray-500" title="Counts under this model in every view, budget and rule">
          → {e.model}
        </span>
      ) : null}
    </>
  );
}

function EventCost({ e }: { e: EventView }) {
  if (!e.priced) {
    return (
      <span title={e.unpricedReason ?? undefined}>
        <Badge color="amber">unpriced</Badge>
      </span>
    );
  }
  return (
    <span title={`$${e.cost}`}>
      {formatUsd(e.cost)}
      {e.estimated ? <span className="ml-1 text-xs text-gray-500">est.</span> : null}
    </span>
  );
}

async function OpenAITab({ orgId }: { orgId: string }) {
  const teams = await listTeamRefs(orgId);
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <CostsImport />
      <ImagesImport teams={teams.map((t) => ({ slug: t.slug, name: t.name }))} />
    </div>
  );
}

async function ProjectsTab({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const [mappings, teams] = await Promise.all([listProjectMappingViews(orgId), listTeamRefs(orgId)]);
  return <ProjectMappings initial={mappings} teams={teams.map((t) => ({ slug: t.slug, name: t.name }))} canEdit={canEdit} />;
}
