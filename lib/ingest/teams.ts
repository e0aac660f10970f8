import { canIngestFor, type Principal } from "@/lib/auth/permissions";

/**
 * Which team each event is recorded for, and who may record it. Pure: the caller loads the teams.
 * Rules (issue 4): a team key may omit `team` (its own team is used) and may not name another team (403);
 * an organization-wide key must name the team; an unknown slug is invalid (400) whoever asks;
 * signed-in users (CSV upload) may record for the teams they can ingest for (admins: all, members: theirs),
 * with an optional default team for rows that name none.
 */

export interface TeamRef {
  id: string;
  slug: string;
}

export interface TeamIssue {
  /** Position of the event in the list given. */
  position: number;
  field: "team";
  message: string;
  /** invalid -> 400; forbidden -> 403. */
  kind: "invalid" | "forbidden";
}

export interface ResolveTeamsInput {
  events: ReadonlyArray<{ team: string | null }>;
  teamsBySlug: ReadonlyMap<string, TeamRef>;
  /** null: trusted internal caller (seed, imports); only the slug rules apply. */
  principal: Principal | null;
  /** Used for events without a team when the principal has no team of its own (CSV default team, imports). */
  defaultTeam?: TeamRef | null;
  /** Slug of the key's own team, for messages. */
  keyTeamSlug?: string | null;
}

export function resolveTeams(input: ResolveTeamsInput): { teamIds: Array<string | null>; issues: TeamIssue[] } {
  const { principal, teamsBySlug } = input;
  const issues: TeamIssue[] = [];
  const keyTeamId = principal?.kind === "key" ? principal.teamId : null;
  const teamIds = input.events.map((e, position): string | null => {
    let team: TeamRef | null = null;
    if (e.team) {
      team = teamsBySlug.get(e.team) ?? null;
      if (!team) {
        issues.push({ position, field: "team", kind: "invalid", message: `unknown team "${e.team}"` });
        return null;
      }
    } else if (keyTeamId) {
      return keyTeamId;
    } else if (input.defaultTeam) {
      team = input.defaultTeam;
    } else {
      const message =
        principal?.kind === "key"
          ? "is required: an organization-wide API key must name the team (its slug)"
          : "is required: name the team (its slug) or choose a default team";
      issues.push({ position, field: "team", kind: "invalid", message });
      return null;
    }
    if (principal && !canIngestFor(principal, team.id)) {
      const message =
        principal.kind === "key"
          ? `this API key belongs to team "${input.keyTeamSlug ?? "another team"}" and may not record usage for team "${team.slug}"`
          : `you may not upload usage for team "${team.slug}" (members upload for their own teams)`;
      issues.push({ position, field: "team", kind: "forbidden", message });
      return null;
    }
    return team.id;
  });
  return { teamIds, issues };
}

/** Slug of each team id an event may be stored under (the loaded teams plus an API key's own team). */
export function teamSlugsById(teams: { bySlug: ReadonlyMap<string, TeamRef>; keyTeamSlug: string | null }, principal: Principal | null): Map<string, string> {
  const out = new Map([...teams.bySlug.values()].map((t) => [t.id, t.slug] as const));
  if (principal?.kind === "key" && principal.teamId && teams.keyTeamSlug) out.set(principal.teamId, teams.keyTeamSlug);
  return out;
}
