import { db } from "./client";
import { isDatabaseUnavailable, reportDatabaseDown, reportDatabaseUp } from "./availability";

/**
 * One `SELECT 1`: true when it succeeds within timeoutMs, false when it fails, null when it has not answered yet
 * (a busy pool is not an outage, so only a connection error records one). The query's outcome is recorded for
 * lib/db/availability.ts even when it comes after the answer.
 */
export async function probeDatabase(timeoutMs: number): Promise<boolean | null> {
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
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const answer = await Promise.race([query, timeout]);
  clearTimeout(timer);
  return answer;
}

/** For /api/health: the database answered `SELECT 1` within timeoutMs. */
export async function checkDatabase(timeoutMs = 2000): Promise<boolean> {
  return (await probeDatabase(timeoutMs)) === true;
}
