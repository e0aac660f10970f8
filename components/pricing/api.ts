import type { ImportIssue } from "@/lib/pricing/formats/result";

/** Browser-side calls to the pricing API; problem+json errors come back as data, never thrown. */

export interface Problem {
  status: number;
  title: string;
  detail: string;
  invalidFields?: { path: string; message: string }[];
  errors?: ImportIssue[];
  warnings?: ImportIssue[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export async function callApi<T>(url: string, init: { method: string; body?: unknown }): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (e) {
    return { ok: false, problem: { status: 0, title: "Network error", detail: (e as Error).message } };
  }
  if (res.status === 204) return { ok: true, data: undefined as T };
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) return { ok: true, data: body as T };
  const p = (body ?? {}) as Partial<Problem>;
  return { ok: false, problem: { status: res.status, title: p.title ?? res.statusText, detail: p.detail ?? text, invalidFields: p.invalidFields, errors: p.errors, warnings: p.warnings } };
}

/** invalidFields as a map path -> messages, for showing errors next to inputs. */
export function fieldErrors(problem: Problem | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of problem?.invalidFields ?? []) out[f.path] = out[f.path] ? `${out[f.path]}; ${f.message}` : f.message;
  return out;
}
