/**
 * Typed errors that services throw; lib/api/problem.ts maps them to problem+json in one place.
 */
export interface InvalidField {
  /** Dotted/bracketed path into the request, e.g. "events[3].usage.imageOutputTokens" or query "from". */
  path: string;
  message: string;
  /** Index of the offending item in a batch, when there is one. */
  index?: number;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: { invalidFields?: InvalidField[]; retryAfterSeconds?: number; type?: string; [k: string]: unknown } = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, invalidFields: InvalidField[] = []) =>
  new AppError(400, "Invalid request", message, { invalidFields });
export const unauthorized = (message = "Sign in or send a valid API key (Authorization: Bearer <key>).") =>
  new AppError(401, "Unauthorized", message);
export const forbidden = (message = "You do not have permission to do this.") => new AppError(403, "Forbidden", message);
export const notFound = (message = "Not found.") => new AppError(404, "Not found", message);
export const conflict = (message: string, invalidFields: InvalidField[] = []) =>
  new AppError(409, "Conflict", message, { invalidFields });
export const payloadTooLarge = (message: string) => new AppError(413, "Payload too large", message);
export const tooManyRequests = (retryAfterSeconds: number, message = "Rate limit exceeded; retry later.") =>
  new AppError(429, "Too many requests", message, { retryAfterSeconds });
/** The database (or another dependency) is unreachable: nothing was stored; retry the same request later. */
export const serviceUnavailable = (
  retryAfterSeconds: number,
  message = "The database is unreachable right now; nothing was stored. Retry the same request later.",
) => new AppError(503, "Service unavailable", message, { retryAfterSeconds });
export const unprocessable = (message: string, invalidFields: InvalidField[] = []) =>
  new AppError(422, "Unprocessable", message, { invalidFields });

/** zod issue path -> "a.b[2].c" */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ""): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}
