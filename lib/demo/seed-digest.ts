import { db } from "@/lib/db/client";
import { replaceSubscriptions } from "@/lib/digest/queries";
import { DEMO_PASSWORDS } from "./catalog";

/** The demo admin receives the weekly digest of every team, so Weekly digest shows a preview with data. */
export async function seedDemoDigest(orgId: string, now: Date): Promise<void> {
  const admin = await db().user.findUniqueOrThrow({ where: { email: DEMO_PASSWORDS.admin.email }, select: { id: true } });
  const teams = await db().team.findMany({ where: { orgId }, orderBy: { name: "asc" }, select: { id: true } });
  await db().$transaction((tx) => replaceSubscriptions(tx, orgId, admin.id, teams.map((t) => t.id), now));
}
