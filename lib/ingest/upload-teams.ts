import type { Principal } from "@/lib/auth/permissions";
import { listTeamRefs } from "./queries";

export interface UploadTeam {
  slug: string;
  name: string;
}

/** Teams the principal may upload usage for (admins and org keys: all; members: theirs; team keys: theirs). */
export async function uploadTeamsFor(p: Principal): Promise<UploadTeam[]> {
  const teams = await listTeamRefs(p.orgId);
  const allowed = p.kind === "key" ? (p.teamId ? [p.teamId] : null) : p.role === "admin" ? null : p.role === "member" ? p.teamIds : [];
  return teams.filter((t) => allowed === null || allowed.includes(t.id)).map((t) => ({ slug: t.slug, name: t.name }));
}

/** A team slug to put in the sample file: one the principal may upload for, else the first team. */
export async function sampleTeamFor(p: Principal): Promise<string> {
  const mine = await uploadTeamsFor(p);
  if (mine[0]) return mine[0].slug;
  const all = await listTeamRefs(p.orgId);
  return all[0]?.slug ?? "my-team";
}
