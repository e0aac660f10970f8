import { db } from "@/lib/db/client";

export function findUserForSignIn(email: string) {
  return db().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true } });
}

export function findUserPrincipalRow(userId: string) {
  return db().user.findUnique({
    where: { id: userId },
    select: { id: true, orgId: true, email: true, name: true, role: true, disabledAt: true, memberships: { select: { teamId: true } } },
  });
}

export function findApiKeyByPrefix(prefix: string) {
  return db().apiKey.findUnique({ where: { prefix } });
}

export function touchApiKey(id: string, now: Date) {
  return db().apiKey.update({ where: { id }, data: { lastUsedAt: now } });
}
