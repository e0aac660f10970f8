import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/permissions";
import { resolveTeams, type TeamRef } from "./teams";

const A: TeamRef = { id: "team-a", slug: "alpha" };
const B: TeamRef = { id: "team-b", slug: "beta" };
const teamsBySlug = new Map([[A.slug, A], [B.slug, B]]);

const orgKey: Principal = { kind: "key", keyId: "k1", orgId: "o", prefix: "ss_x", teamId: null, scopes: ["ingest"] };
const alphaKey: Principal = { ...orgKey, teamId: A.id };
const admin: Principal = { kind: "user", userId: "u", orgId: "o", email: "a@x", name: "A", role: "admin", teamIds: [] };
const alphaMember: Principal = { ...admin, role: "member", teamIds: [A.id] };
const viewer: Principal = { ...admin, role: "viewer", teamIds: [A.id] };

describe("resolveTeams", () => {
  it.each([
    { name: "org key naming a team", principal: orgKey, team: "beta", id: "team-b", issue: null },
    { name: "org key without a team", principal: orgKey, team: null, id: null, issue: ["invalid", /organization-wide API key must name the team/] },
    { name: "team key without a team uses its own", principal: alphaKey, team: null, id: "team-a", issue: null },
    { name: "team key naming its own team", principal: alphaKey, team: "alpha", id: "team-a", issue: null },
    { name: "team key naming another team", principal: alphaKey, team: "beta", id: null, issue: ["forbidden", /belongs to team "alpha" and may not record usage for team "beta"/] },
    { name: "unknown slug", principal: alphaKey, team: "gamma", id: null, issue: ["invalid", /unknown team "gamma"/] },
    { name: "admin any team", principal: admin, team: "beta", id: "team-b", issue: null },
    { name: "member own team", principal: alphaMember, team: "alpha", id: "team-a", issue: null },
    { name: "member other team", principal: alphaMember, team: "beta", id: null, issue: ["forbidden", /may not upload usage for team "beta"/] },
    { name: "viewer", principal: viewer, team: "alpha", id: null, issue: ["forbidden", /alpha/] },
    { name: "internal caller", principal: null, team: "beta", id: "team-b", issue: null },
    { name: "internal caller without team", principal: null, team: null, id: null, issue: ["invalid", /is required/] },
  ] as const)("$name", ({ principal, team, id, issue }) => {
    const r = resolveTeams({ events: [{ team }], teamsBySlug, principal, keyTeamSlug: "alpha" });
    expect(r.teamIds).toEqual([id]);
    if (issue === null) expect(r.issues).toEqual([]);
    else expect(r.issues).toEqual([expect.objectContaining({ position: 0, field: "team", kind: issue[0], message: expect.stringMatching(issue[1]) })]);
  });

  it("uses the default team for rows without one, and still checks permission on it", () => {
    expect(resolveTeams({ events: [{ team: null }], teamsBySlug, principal: alphaMember, defaultTeam: A }).teamIds).toEqual(["team-a"]);
    const r = resolveTeams({ events: [{ team: null }, { team: "alpha" }], teamsBySlug, principal: alphaMember, defaultTeam: B });
    expect(r.teamIds).toEqual([null, "team-a"]);
    expect(r.issues.map((i) => [i.position, i.kind])).toEqual([[0, "forbidden"]]);
  });
});
