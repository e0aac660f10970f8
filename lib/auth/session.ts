import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import { findApiKeyByPrefix, findUserPrincipalRow, touchApiKey } from "./queries";
import { keyMatches, parseApiKey } from "./api-key-format";
import type { KeyPrincipal, UserPrincipal } from "./permissions";

/** The signed-in user, read once per request; role and teams come from the database, not the token. */
export const getSession = cache(async (): Promise<UserPrincipal | null> => {
  const session = (await getServerSession(authOptions())) as { uid?: string } | null;
  if (!session?.uid) return null;
  const user = await findUserPrincipalRow(session.uid);
  if (!user || user.disabledAt) return null;
  return {
    kind: "user",
    userId: user.id,
    orgId: user.orgId,
    email: user.email,
    name: user.name,
    role: user.role,
    teamIds: user.memberships.map((m) => m.teamId),
  };
});

const TOUCH_EVERY_MS = 60_000;

/** Resolves `Authorization: Bearer <key>`; null when absent or not a valid, unrevoked key. */
export async function principalFromAuthorization(header: string | null, now = new Date()): Promise<KeyPrincipal | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "");
  if (!m) return null;
  const parsed = parseApiKey(m[1]);
  if (!parsed) return null;
  const key = await findApiKeyByPrefix(parsed.prefix);
  if (!key || key.revokedAt || !keyMatches(m[1], key.hash)) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await touchApiKey(key.id, now).catch(() => undefined);
  }
  return { kind: "key", keyId: key.id, orgId: key.orgId, prefix: key.prefix, teamId: key.teamId, scopes: key.scopes };
}
