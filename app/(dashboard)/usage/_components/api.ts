/** Browser-side calls to the usage API: problem+json errors come back as data, never thrown. */

export interface UsageProblem {
  status: number;
  title: string;
  detail: string;
  invalidFields?: Array<{ path: string; message: string }>;
  [k: string]: unknown;
}

export type Result<T> = { ok: true; data: T } | { ok: false; problem: UsageProblem };

export async function send<T>(url: string, init: { method: string; body?: string; contentType?: string; json?: unknown }): Promise<Result<T>> {
  let res: Response;
  try {
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    const type = init.json !== undefined ? "application/json" : init.contentType;
    res = await fetch(url, { method: init.method, headers: type ? { "content-type": type } : {}, body });
  } catch (e) {
    return { ok: false, problem: { status: 0, title: "Network error", detail: (e as Error).message } };
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.ok) return { ok: true, data: parsed as T };
  const p = (parsed ?? {}) as Partial<UsageProblem>;
  return { ok: false, problem: { ...p, status: res.status, title: p.title ?? res.statusText, detail: p.detail ?? text.slice(0, 500) } };
}

/** Offers text as a file download (the per-row error report). */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const inputClass = "mt-1 block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500";
export const fileClass =
  "mt-1 block w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border-0 file:bg-gray-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-gray-200";
