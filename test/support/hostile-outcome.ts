import { expect } from "vitest";
import { AppError } from "@/lib/api/errors";
import { problemResponse } from "@/lib/api/problem";

/**
 * What one hostile attempt got back, and the property every answer must have (issue 9, suite 1): a 2xx, or a
 * 4xx application/problem+json whose status matches and which names the field for a 400. Never a 5xx.
 */
export interface Outcome {
  status: number;
  contentType: string | null;
  body: Record<string, unknown> | null;
  /** Stack of an unexpected error (in-process service calls), for the failure message. */
  crash?: string;
}

export async function fromResponse(res: Response): Promise<Outcome> {
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    body = { text: text.slice(0, 200) };
  }
  return { status: res.status, contentType: res.headers.get("content-type"), body };
}

/** A service call as its route or server action answers it: AppError -> problem+json, anything else a crash. */
export async function fromService(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    const r = await fn();
    return { status: 200, contentType: "application/json", body: (r ?? {}) as Record<string, unknown> };
  } catch (e) {
    if (e instanceof AppError) return fromResponse(problemResponse(e));
    return { status: 500, contentType: null, body: null, crash: (e as Error)?.stack ?? String(e) };
  }
}

/** The answer property; `label` describes the payload in the failure message. */
export function expectClientAnswer(o: Outcome, label: string): void {
  const where = `${label} -> ${o.status} ${JSON.stringify(o.body)?.slice(0, 400)} ${o.crash ?? ""}`;
  expect(o.status, where).toBeLessThan(500);
  if (o.status >= 400) {
    expect(o.contentType, where).toBe("application/problem+json");
    expect(o.body?.status, where).toBe(o.status);
    if (o.status === 400) {
      const named = (o.body?.invalidFields ?? o.body?.errors) as unknown[] | undefined;
      expect(Array.isArray(named) && named.length > 0, `400 without the invalid field: ${where}`).toBe(true);
    }
  } else {
    expect(o.status, where).toBeGreaterThanOrEqual(200);
  }
}

/** Short description of a generated body for failure messages (bodies can be megabytes). */
export function describeBody(kind: string, text: string): string {
  return `${kind} body (${text.length} chars): ${JSON.stringify(text.slice(0, 300))}`;
}
