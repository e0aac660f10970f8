import type { z } from "zod";

/**
 * The API's operations, registered next to the zod schemas that validate them. lib/openapi/document.ts turns the
 * registry into the OpenAPI 3.1 document served at /api/v1/openapi.json and rendered on the API reference page.
 *
 * To document a route: add (or extend) a file in lib/openapi/routes/, call registerOperation with the SAME schemas
 * the route passes to apiRoute, and import the file from lib/openapi/routes/index.ts. Registering the same
 * method + path again replaces the earlier entry (a route's owner can refine a placeholder contract).
 * lib/openapi/coverage.test.ts fails when an app/api/v1 route handler has no registration.
 */

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type AuthMode = "public" | "session" | "key" | "session-or-key";

export interface ResponseSpec {
  description: string;
  /** JSON body schema (validated output). */
  schema?: z.ZodType;
  /** Non-JSON bodies (e.g. text/csv), described in words. */
  contentType?: string;
  headers?: Record<string, { description: string; schema: { type: "string" | "integer" } }>;
}

export interface RequestBodySpec {
  /** JSON body schema (the one the route validates with). */
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
  description?: string;
  required?: boolean;
  example?: unknown;
}

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI path, e.g. "/api/v1/pricing/snapshots/{id}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  auth: AuthMode;
  /** Key scopes accepted (any of them). */
  scopes?: string[];
  /** Who may call it beyond authentication, in words ("admins", "members for their teams"). */
  access?: string;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Descriptions of query/path parameters whose schema carries none. */
  paramDocs?: Record<string, string>;
  body?: RequestBodySpec;
  /** Success responses (2xx). Errors are added from `errors`. */
  responses: Record<number, ResponseSpec>;
  /** Error statuses the operation can answer, with what they mean here. 401 is added for non-public routes. */
  errors?: Record<number, string>;
}

const operations = new Map<string, OperationSpec>();

const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

export function registerOperation(op: OperationSpec): void {
  operations.set(keyOf(op.method, op.path), op);
}

export function registeredOperations(): OperationSpec[] {
  return [...operations.values()];
}

export function isRegistered(method: string, path: string): boolean {
  return operations.has(keyOf(method, path));
}
