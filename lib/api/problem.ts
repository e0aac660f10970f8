import { AppError } from "./errors";

/** RFC 9457 problem details; the only error shape the API answers with. */
export function problemResponse(err: AppError, instance?: string): Response {
  const { invalidFields, retryAfterSeconds, type, ...rest } = err.extra;
  const body = {
    type: type ?? "about:blank",
    title: err.title,
    status: err.status,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...(invalidFields && invalidFields.length ? { invalidFields } : {}),
    ...rest,
  };
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (retryAfterSeconds !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  return new Response(JSON.stringify(body), { status: err.status, headers });
}

export function internalErrorResponse(instance?: string): Response {
  return problemResponse(new AppError(500, "Internal error", "Something went wrong on our side; it has been logged."), instance);
}
