import { checkDatabase } from "@/lib/db/health";
import { outboxHealth } from "@/lib/alerts/outbox";
import { DB_RETRY_AFTER_SECONDS } from "@/lib/db/availability";

export const dynamic = "force-dynamic";

/**
 * Unauthenticated: status words and counts only, nothing about any organization or message. 200 when the database
 * answers a `SELECT 1` within 2 s; otherwise 503 with db "unreachable" and Retry-After.
 */
export async function GET() {
  const ok = await checkDatabase();
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (!ok) {
    headers["retry-after"] = String(DB_RETRY_AFTER_SECONDS);
    return Response.json({ status: "degraded", db: "unreachable" }, { status: 503, headers });
  }
  const outbox = await outboxHealth().catch(() => null);
  return Response.json({ status: "ok", db: "ok", ...(outbox ? { outbox } : {}) }, { headers });
}
