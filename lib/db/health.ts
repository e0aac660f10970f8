import { db } from "./client";
import { reportDatabaseDown, reportDatabaseUp } from "./availability";

/** One `SELECT 1`, bounded by timeoutMs; records the outcome for lib/db/availability.ts. */
export async function checkDatabase(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    reportDatabaseUp();
    return true;
  } catch {
    reportDatabaseDown();
    return false;
  } finally {
    clearTimeout(timer);
  }
}
