import { describe, expect, it } from "vitest";
import { canBrowseSpend, canEditPricing, canIngestFor, canManageAlertsFor, visibleTeamIds, type Principal } from "./permissions";

const user = (role: "admin" | "member" | "viewer", teamIds: string[] = ["t1"]): Principal => ({ kind: "user", userId: "u", orgId: "o", email: "e", name: "n", role, teamIds });
const key = (scopes: string[], teamId: string | null = null): Principal => ({ kind: "key", keyId: "k", orgId: "o", prefix: "ss_x", teamId, scopes });

describe("permissions", () => {
  it.each([
    ["admin edits pricing", canEditPricing(user("admin")), true],
    ["member cannot edit pricing", canEditPricing(user("member")), false],
    ["viewer cannot edit pricing", canEditPricing(user("viewer")), false],
    ["keys never edit pricing", canEditPricing(key(["ingest", "read"])), false],
    ["viewer browses", canBrowseSpend(user("viewer")), true],
    ["read key browses", canBrowseSpend(key(["read"])), true],
    ["ingest-only key does not browse", canBrowseSpend(key(["ingest"])), false],
    ["admin ingests for any team", canIngestFor(user("admin", []), "t9"), true],
    ["member ingests for own team", canIngestFor(user("member", ["t1"]), "t1"), true],
    ["member cannot ingest for another team", canIngestFor(user("member", ["t1"]), "t2"), false],
    ["viewer cannot ingest", canIngestFor(user("viewer", ["t1"]), "t1"), false],
    ["org ingest key ingests for any team", canIngestFor(key(["ingest"]), "t2"), true],
    ["team key ingests for its team", canIngestFor(key(["ingest"], "t1"), "t1"), true],
    ["team key cannot ingest for another team", canIngestFor(key(["ingest"], "t1"), "t2"), false],
    ["read key cannot ingest", canIngestFor(key(["read"]), "t1"), false],
    ["member manages own team alerts", canManageAlertsFor(user("member", ["t1"]), "t1"), true],
    ["member cannot manage org-wide alerts", canManageAlertsFor(user("member", ["t1"]), null), false],
    ["admin manages org-wide alerts", canManageAlertsFor(user("admin"), null), true],
    ["viewer manages no alerts", canManageAlertsFor(user("viewer", ["t1"]), "t1"), false],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it("team keys see only their team; users and org keys see all", () => {
    expect(visibleTeamIds(key(["read"], "t1"))).toEqual(["t1"]);
    expect(visibleTeamIds(key(["read"]))).toBeNull();
    expect(visibleTeamIds(user("viewer"))).toBeNull();
  });
});
