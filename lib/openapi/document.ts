import type { OperationSpec } from "./registry";
import { ProblemSchema } from "./common";
import { toJsonSchema, type JsonSchema } from "./json-schema";

/** Builds the OpenAPI 3.1 document from registered operations (pure: same registry, same document). */

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description?: string }>;
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown>; responses: Record<string, unknown> };
}

const ERROR_MEANING: Record<number, string> = {
  400: "Invalid request: problem+json listing every invalid field by path",
  401: "No valid session or API key",
  403: "Authenticated, but not allowed to do this",
  404: "Not found",
  409: "Conflict",
  413: "Request body too large",
  422: "Unprocessable",
  429: "Rate limited: retry after the number of seconds in Retry-After",
};

/** Reading order of the reference (others follow alphabetically). */
const TAG_ORDER = ["Usage", "Costs", "Pricing", "Budgets", "Meta"];

const METHOD_ORDER = ["get", "post", "put", "patch", "delete"];

export const TAG_DESCRIPTIONS: Record<string, string> = {
  Usage: "Record usage events (the ingestion API), upload CSV files, import OpenAI exports.",
  Costs: "Spend, grouped and filtered, computed from stored usage.",
  Pricing: "Effective-dated pricing snapshots (rate cards).",
  Budgets: "Budget decisions before an expensive request.",
  Meta: "This document.",
};

function security(op: OperationSpec): Array<Record<string, string[]>> | undefined {
  switch (op.auth) {
    case "public":
      return [];
    case "key":
      return [{ apiKey: op.scopes ?? [] }];
    case "session":
      return [{ session: [] }];
    case "session-or-key":
      return [{ session: [] }, { apiKey: op.scopes ?? [] }];
  }
}

function parameters(schema: OperationSpec["query"] | OperationSpec["params"], where: "query" | "path", docs: Record<string, string> = {}) {
  if (!schema) return [];
  const js = toJsonSchema(schema, "input");
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => {
    const { description: own, ...rest } = s;
    const description = own ?? docs[name];
    return {
      name,
      in: where,
      required: where === "path" ? true : required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function accessText(op: OperationSpec): string {
  const who =
    op.auth === "public"
      ? "No authentication."
      : op.auth === "key"
        ? `API key (Authorization: Bearer) with scope ${(op.scopes ?? []).join(" or ") || "any"}.`
        : op.auth === "session"
          ? "Signed-in session."
          : `Signed-in session, or an API key with scope ${(op.scopes ?? []).join(" or ") || "any"}.`;
  return op.access ? `${who} ${op.access}` : who;
}

export function buildOpenApiDocument(ops: readonly OperationSpec[], opts: { version?: string; serverUrl?: string } = {}): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  const sorted = [...ops].sort((a, b) => a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
  for (const op of sorted) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.headers ? { headers: r.headers } : {}),
        ...(r.schema
          ? { content: { [r.contentType ?? "application/json"]: { schema: toJsonSchema(r.schema, "output") } } }
          : r.contentType
            ? { content: { [r.contentType]: { schema: { type: "string" } } } }
            : {}),
      };
    }
    const errors: Record<number, string> = { ...(op.errors ?? {}) };
    if (op.auth !== "public" && !(401 in errors)) errors[401] = ERROR_MEANING[401];
    for (const [status, meaning] of Object.entries(errors)) {
      responses[status] = {
        description: meaning || ERROR_MEANING[Number(status)] || "Error",
        ...(Number(status) === 429 ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } } : {}),
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    }
    const body = op.body
      ? {
          requestBody: {
            required: op.body.required ?? true,
            ...(op.body.description ? { description: op.body.description } : {}),
            content: {
              [op.body.contentType ?? "application/json"]: {
                schema: op.body.schema ? toJsonSchema(op.body.schema, "input") : { type: "string" },
                ...(op.body.example !== undefined ? { example: op.body.example } : {}),
              },
            },
          },
        }
      : {};
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      description: [op.description, `**Access:** ${accessText(op)}`].filter(Boolean).join("\n\n"),
      tags: [op.tag],
      security: security(op),
      parameters: [...parameters(op.params, "path", op.paramDocs), ...parameters(op.query, "query", op.paramDocs)],
      ...body,
      responses,
      "x-auth": op.auth,
      ...(op.scopes ? { "x-scopes": op.scopes } : {}),
    };
  }
  const rank = (t: string) => (TAG_ORDER.indexOf(t) + TAG_ORDER.length + 1) % (TAG_ORDER.length + 1);
  const tags = [...new Set(sorted.map((o) => o.tag))]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) }));
  return {
    openapi: "3.1.0",
    info: {
      title: "Spendscope API",
      version: opts.version ?? "1",
      description:
        "Team spend for AI image and multimodal APIs. Authenticate with `Authorization: Bearer <key>` (keys carry the " +
        "scopes `ingest` and/or `read`; team keys act for their team only) or a signed-in session. Amounts are decimal " +
        "strings, never JSON numbers. Errors are RFC 9457 problem+json with every invalid field listed.",
    },
    servers: [{ url: opts.serverUrl ?? "/", description: "This Spendscope server" }],
    tags,
    paths,
    components: {
      schemas: { Problem: toJsonSchema(ProblemSchema, "output") },
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key: ss_<prefix>_<secret>" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "Browser session after sign-in" },
      },
      responses: {},
    },
  };
}
