import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await checkDatabase();
  return Response.json(ok ? { status: "ok", db: "ok" } : { status: "degraded", db: "unreachable" }, { status: ok ? 200 : 503 });
}
