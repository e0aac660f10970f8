import type { Metadata } from "next";
import { Fragment, type ReactNode } from "react";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/require";
import { openApiDocument } from "@/lib/openapi";
import { flattenSchema, type FieldRow } from "@/lib/openapi/render";
import type { JsonSchema } from "@/lib/openapi/json-schema";

export const metadata: Metadata = { title: "API reference" };

interface Param {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: Param[];
  requestBody?: { description?: string; content: Record<string, { schema: JsonSchema; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

const METHOD_COLORS: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  patch: "bg-amber-100 text-amber-800",
  delete: "bg-red-100 text-red-800",
};

/** `code` and **bold** in descriptions; nothing else is interpreted. */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) =>
    part.startsWith("`") ? (
      <code key={i} className="rounded bg-gray-100 px-1 text-[0.85em]">
        {part.slice(1, -1)}
      </code>
    ) : part.startsWith("**") ? (
      <strong key={i}>{part.slice(2, -2)}</strong>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

const anchor = (method: string, path: string) => `${method}-${path.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-|-$/g, "")}`;

function Fields({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  if (rows.length === 0) return null;
  return (
    <dl className="divide-y divide-gray-100 rounded-lg border border-gray-200" aria-label={caption}>
      {rows.map((r) => (
        <div key={r.path} className="py-2 pr-3 sm:grid sm:grid-cols-[minmax(11rem,17rem)_1fr] sm:gap-4" style={{ paddingLeft: `${0.75 + r.depth * 1}rem` }}>
          <dt className="min-w-0">
            <code className="break-all text-sm font-semibold text-gray-900">{r.depth > 0 ? r.path.split(".").pop() : r.path}</code>
            {r.required ? (
              <span className="ml-1.5 text-xs font-medium text-red-700">required</span>
            ) : null}
            <span className="block break-words font-mono text-xs text-gray-500">{r.type}</span>
          </dt>
          <dd className="mt-1 text-sm text-gray-700 sm:mt-0">
            {r.description ? inline(r.description) : null}
            {r.constraints.length ? <span className="block text-xs text-gray-500">{r.constraints.join(" · ")}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function OperationCard({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : null;
  const [intro, ...rest] = op.description.split("\n\n");
  return (
    <article id={anchor(method, path)} className="scroll-mt-4 rounded-xl border border-gray-200 bg-white p-4 md:p-6" aria-labelledby={`${anchor(method, path)}-title`}>
      <header className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_COLORS[method] ?? "bg-gray-100"}`}>{method}</span>
        <code className="break-all text-sm font-semibold text-gray-900">{path}</code>
      </header>
      <h3 id={`${anchor(method, path)}-title`} className="mt-2 text-base font-semibold text-gray-900">
        {op.summary}
      </h3>
      <div className="mt-1 space-y-1 text-sm text-gray-600">
        {[intro, ...rest].filter(Boolean).map((p, i) => (
          <p key={i}>{inline(p)}</p>
        ))}
      </div>

      {op.parameters.length ? (
        <section className="mt-4">
          <h4 className="mb-2 text-sm font-semibold text-gray-800">Parameters</h4>
          <Fields
            caption={`Parameters of ${method.toUpperCase()} ${path}`}
            rows={op.parameters.map((p) => ({
              path: p.name,
              depth: 0,
              type: `${p.in}: ${flattenType(p.schema)}`,
              required: p.required,
              description: p.description ?? "",
              constraints: p.schema.default !== undefined ? [`default ${JSON.stringify(p.schema.default)}`] : [],
            }))}
          />
        </section>
      ) : null}

      {body ? (
        <section className="mt-4">
          <h4 className="mb-2 text-sm font-semibold text-gray-800">
            Request body <span className="font-normal text-gray-500">({body[0]})</span>
          </h4>
          {op.requestBody?.description ? <p className="mb-2 text-sm text-gray-600">{inline(op.requestBody.description)}</p> : null}
          <Fields caption={`Request body of ${method.toUpperCase()} ${path}`} rows={flattenSchema(body[1].schema)} />
          {body[1].example !== undefined ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-sm font-medium text-blue-700">Example</summary>
              <pre className="mt-2 overflow-x-auto rounded-lg bg-gray-900 p-3 text-xs text-gray-100">{JSON.stringify(body[1].example, null, 2)}</pre>
            </details>
          ) : null}
        </section>
      ) : null}

      <section className="mt-4">
        <h4 className="mb-2 text-sm font-semibold text-gray-800">Responses</h4>
        <ul className="space-y-2 text-sm">
          {Object.entries(op.responses).map(([status, r]) => {
            const content = r.content ? Object.entries(r.content)[0] : null;
            const rows = content && !content[1].schema.$ref ? flattenSchema(content[1].schema) : [];
            return (
              <li key={status}>
                <span className={`mr-2 inline-block rounded px-1.5 font-mono text-xs font-semibold ${Number(status) < 400 ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>{status}</span>
                <span className="text-gray-700">{inline(r.description)}</span>
                {content && content[0] !== "application/json" && content[0] !== "application/problem+json" ? <span className="ml-1 text-xs text-gray-500">({content[0]})</span> : null}
                {rows.length ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs font-medium text-blue-700">Fields</summary>
                    <div className="mt-2">
                      <Fields caption={`${status} response of ${method.toUpperCase()} ${path}`} rows={rows} />
                    </div>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
    </article>
  );
}

function flattenType(s: JsonSchema): string {
  const rows = flattenSchema({ type: "object", properties: { x: s } });
  return rows[0]?.type ?? "any";
}

export default async function ApiDocsPage() {
  await requireUser();
  const doc = openApiDocument();
  const byTag = new Map<string, Array<{ method: string; path: string; op: Operation }>>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const o = op as Operation;
      const tag = o.tags[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op: o }]);
    }
  }
  const tags = doc.tags.map((t) => t.name).filter((t) => byTag.has(t));
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            {inline(doc.info.description)} The machine-readable OpenAPI {doc.openapi} document is at{" "}
            <a className="font-medium text-blue-700 hover:underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      <div className="lg:grid lg:grid-cols-[14rem_1fr] lg:gap-8">
        <nav aria-label="API sections" className="mb-6 text-sm lg:sticky lg:top-4 lg:mb-0 lg:self-start">
          <ul className="space-y-3">
            {tags.map((tag) => (
              <li key={tag}>
                <a href={`#tag-${tag}`} className="font-semibold text-gray-900 hover:underline">
                  {tag}
                </a>
                <ul className="mt-1 hidden space-y-0.5 lg:block">
                  {byTag.get(tag)!.map(({ method, path, op }) => (
                    <li key={`${method} ${path}`}>
                      <a href={`#${anchor(method, path)}`} className="block truncate text-gray-600 hover:text-gray-900" title={`${method.toUpperCase()} ${path}`}>
                        {op.summary}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 space-y-10">
          <section aria-labelledby="quickstart" className="rounded-xl border border-gray-200 bg-white p-4 md:p-6">
            <h2 id="quickstart" className="text-lg font-semibold text-gray-900">
              Quick start
            </h2>
            <p className="mt-1 text-sm text-gray-600">
              Create a key with the <code>ingest</code> scope (<code>npx spendscope key create --team creative-studio --scopes ingest --name my-app</code>), then send usage.
              The TypeScript SDK in <code>lib/sdk</code> batches, retries and records OpenAI image responses for you.
            </p>
            <pre className="mt-3 overflow-x-auto rounded-lg bg-gray-900 p-3 text-xs text-gray-100">{`curl -X POST $SPENDSCOPE_URL/api/v1/usage \\
  -H "Authorization: Bearer $SPENDSCOPE_KEY" -H "Content-Type: application/json" \\
  -d '{"events":[{"id":"req-1","timestamp":"2026-11-01T09:30:00Z","feature":"hero-image-generator",
       "workflow":"text_to_image","model":"gpt-image-2","images":1,"size":"1024x1024","quality":"medium",
       "usage":{"textInputTokens":120,"imageOutputTokens":1756}}]}'`}</pre>
          </section>
          {tags.map((tag) => (
            <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-4">
              <div>
                <h2 id={`tag-${tag}`} className="scroll-mt-4 text-xl font-semibold text-gray-900">
                  {tag}
                </h2>
                <p className="text-sm text-gray-500">{doc.tags.find((t) => t.name === tag)?.description}</p>
              </div>
              {byTag.get(tag)!.map(({ method, path, op }) => (
                <OperationCard key={`${method} ${path}`} method={method} path={path} op={op} />
              ))}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
