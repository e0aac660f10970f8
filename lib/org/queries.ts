import { db, type Tx } from "@/lib/db/client";

export function findOrganization() {
  return db().organization.findFirst({ orderBy: { createdAt: "asc" } });
}

export function listTeams(orgId: string) {
  return db().team.findMany({ where: { orgId }, orderBy: { slug: "asc" } });
}

export function findTeamBySlug(orgId: string, slug: string, tx: Tx = db()) {
  return tx.team.findUnique({ where: { orgId_slug: { orgId, slug } } });
}

export function listUsers(orgId: string) {
  return db().user.findMany({
    where: { orgId },
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true, memberships: { select: { team: { select: { slug: true } } } } },
  });
}

export function listApiKeys(orgId: string) {
  return db().apiKey.findMany({
    where: { orgId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true, team: { select: { slug: true } } },
  });
}
