import { checkDatabase } from "@/lib/db/health";
import { outboxHealth } from "@/lib/alerts/outbox";

export const dynamic = "force-dynamic";

/** Unauthenticated: status words and counts only, nothing about any organization or message. */
export async function GET() {
  const ok = await checkDatabase();
  if (!ok) return Response.json({ status: "degraded", db: "unreachable" }, { status: 503 });
  const outbox = await outboxHealth().catch(() => null);
  return Response.json({ status: "ok", db: "ok", ...(outbox ? { outbox } : {}) });
}
