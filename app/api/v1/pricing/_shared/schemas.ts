import { z } from "zod";
import { badRequest } from "@/lib/api/errors";
import { readText } from "@/lib/api/route";

/** Route params and helpers shared by the pricing routes. */

export const IdParams = z.object({ id: z.uuid({ error: "must be an id (UUID)" }) });

/** JSON body that may be absent (e.g. clone options): empty -> {}. */
export async function optionalJsonBody(req: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const text = await readText(req, maxBytes);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`The body is not valid JSON: ${(e as Error).message}`, [{ path: "(body)", message: "invalid JSON" }]);
  }
}
