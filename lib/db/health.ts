import { db } from "./client";
import { isDatabaseUnavailable, reportDatabaseDown, reportDatabaseUp } from "./availability";

/**
 * One `SELECT 1`, answered within timeoutMs. The query's own outcome is recorded for lib/db/availability.ts even
 * when it comes after the answer (a probe queued behind busy connections still clears an outage when it runs).
 */
export async function checkDatabase(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const query = db()
    .$queryRaw`SELECT 1`
    .then(() => {
      reportDatabaseUp();
      return true;
    })
    .catch((e: unknown) => {
      if (isDatabaseUnavailable(e)) reportDatabaseDown();
      return false;
    });
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ok = await Promise.race([query, timeout]);
  clearTimeout(timer);
  if (!ok) reportDatabaseDown();
  return ok;
}
