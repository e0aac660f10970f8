import { checkDatabase } from "@/lib/db/health";
import { DB_RETRY_AFTER_SECONDS } from "@/lib/db/availability";

export const dynamic = "force-dynamic";

/** 200 when the database answers a `SELECT 1` within 2 s; otherwise 503 with db "unreachable" and Retry-After. */
export async function GET() {
  const ok = await checkDatabase();
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (!ok) headers["retry-after"] = String(DB_RETRY_AFTER_SECONDS);
  const body = ok ? { status: "ok", db: "ok" } : { status: "degraded", db: "unreachable" };
  return Response.json(body, { status: ok ? 200 : 503, headers });
}
