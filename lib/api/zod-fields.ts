import type { z } from "zod";
import { formatPath, type InvalidField } from "./errors";

/** zod issues -> invalid fields (path + reason); framework-free so services and the CLI can use it. */
export function zodIssuesToFieldsPlain(error: z.ZodError, prefix = ""): InvalidField[] {
  return error.issues.map((i) => ({ path: formatPath(i.path, prefix) || "(root)", message: i.message }));
}
