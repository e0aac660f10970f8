import { db } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/audit/log";
import { createTeam, createUser } from "@/lib/org/service";
import { DEMO_ORG, DEMO_PASSWORDS, DEMO_TEAMS } from "./catalog";

/** Organization, teams, features and one user per role, through the same services the CLI and UI use. */
export async function seedDemoOrg() {
  const org = await db().organization.create({ data: { name: DEMO_ORG.name, timeZone: DEMO_ORG.timeZone, currency: "USD" } });
  for (const t of DEMO_TEAMS) {
    const team = await createTeam(org.id, { slug: t.slug, name: t.name }, CLI_ACTOR);
    await db().feature.createMany({
      data: t.features.map((f) => ({ orgId: org.id, name: f.name, teamId: team.id, description: f.description, delayable: f.delayable ?? false })),
    });
  }
  const { admin, member, viewer } = DEMO_PASSWORDS;
  await createUser(org.id, { ...admin, role: "admin" }, CLI_ACTOR);
  await createUser(org.id, { ...member, role: "member", teams: ["creative-studio", "growth"] }, CLI_ACTOR);
  await createUser(org.id, { ...viewer, role: "viewer" }, CLI_ACTOR);
  return org;
}
