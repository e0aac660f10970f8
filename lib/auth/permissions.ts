/**
 * Who may do what. Pure functions of the principal, so pages, API routes and the CLI share one answer.
 * admin: everything; member: browse all spend, manage alert rules and upload usage for their teams;
 * viewer: browse only.
 */
export type Role = "admin" | "member" | "viewer";

export interface UserPrincipal {
  kind: "user";
  userId: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  teamIds: string[];
}

export interface KeyPrincipal {
  kind: "key";
  keyId: string;
  orgId: string;
  prefix: string;
  /** null: organization-wide key. */
  teamId: string | null;
  scopes: string[];
}

export type Principal = UserPrincipal | KeyPrincipal;

export const isAdmin = (p: Principal): boolean => p.kind === "user" && p.role === "admin";

export const canBrowseSpend = (p: Principal): boolean =>
  p.kind === "user" || p.scopes.includes("read");

export const canEditPricing = (p: Principal): boolean => isAdmin(p);

export const canAdminister = (p: Principal): boolean => isAdmin(p);

/** Upload usage for a team: admins, members of that team, ingest keys of that team or org-wide. */
export function canIngestFor(p: Principal, teamId: string): boolean {
  if (p.kind === "key") return p.scopes.includes("ingest") && (p.teamId === null || p.teamId === teamId);
  if (p.role === "admin") return true;
  return p.role === "member" && p.teamIds.includes(teamId);
}

/** Manage budgets and alert rules scoped to a team (null = organization-wide: admins only). */
export function canManageAlertsFor(p: Principal, teamId: string | null): boolean {
  if (p.kind !== "user") return false;
  if (p.role === "admin") return true;
  return p.role === "member" && teamId !== null && p.teamIds.includes(teamId);
}

/** Team keys only see their own team's spend. */
export function visibleTeamIds(p: Principal): string[] | null {
  return p.kind === "key" && p.teamId ? [p.teamId] : null;
}

/**
 * What a principal may read: its organization, narrowed to `visibleTeamIds` (null = every team). Every read query
 * over team-owned rows takes one (SpendContext is one), so a team key cannot reach another team's rows by any route.
 */
export interface ReadScope {
  orgId: string;
  visibleTeamIds: string[] | null;
}

export const readScopeOf = (p: Principal): ReadScope => ({ orgId: p.orgId, visibleTeamIds: visibleTeamIds(p) });

export function actorOf(p: Principal): { actor: string; actorLabel: string } {
  return p.kind === "user"
    ? { actor: `user:${p.userId}`, actorLabel: p.email }
    : { actor: `key:${p.prefix}`, actorLabel: `API key ${p.prefix}` };
}
