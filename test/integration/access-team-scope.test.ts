import { beforeAll, describe, expect, it } from "vitest";
import { GET as listEstimates } from "@/app/api/v1/estimates/route";
import { GET as compareEstimate } from "@/app/api/v1/estimates/[id]/route";
import { GET as exportTable } from "@/app/api/v1/export/[table]/route";
import { callRoute } from "@/test/support/request-call";
import { buildAccessWorld, type AccessWorld } from "./access-fixtures";

/**
 * Defect 6: a team key read organization-wide rows through billed costs and saved estimates. Each read below is
 * made with the alpha team's key and must hold nothing of beta's; the org-wide key still sees both teams.
 */
let w: AccessWorld;
beforeAll(async () => {
  w = await buildAccessWorld();
});

const RANGE = "from=2026-11-01&to=2026-11-30";
type Handler = Parameters<typeof callRoute>[0];
const get = (handler: Handler, path: string, params: Record<string, string>, key: string) =>
  callRoute(handler, { method: "GET", path, params, key });
const names = (text: string) => (JSON.parse(text).estimates as { name: string }[]).map((e) => e.name).sort();

describe("team keys read their own team's rows only", () => {
  it("GET /api/v1/estimates lists the team's features' estimates", async () => {
    const team = await get(listEstimates, "/api/v1/estimates", {}, w.keys.teamKey.key);
    expect(team.status).toBe(200);
    expect(names(team.text)).toEqual(["Alpha open estimate"]);
    const org = await get(listEstimates, "/api/v1/estimates", {}, w.keys.orgKey.key);
    expect(names(org.text)).toEqual(["Alpha open estimate", "Beta secret estimate"]);
  });

  it("GET /api/v1/estimates/:id of another team's estimate is 404", async () => {
    const path = (id: string) => `/api/v1/estimates/${id}?${RANGE}`;
    const { alpha, beta } = w.estimates;
    const other = await get(compareEstimate, path(beta.id), { id: beta.id }, w.keys.teamKey.key);
    expect(other.status).toBe(404);
    expect(other.text).not.toContain("Beta secret estimate");
    const own = await get(compareEstimate, path(alpha.id), { id: alpha.id }, w.keys.teamKey.key);
    expect(own.status).toBe(200);
  });

  it("GET /api/v1/export/estimates holds the team's estimates only", async () => {
    const r = await get(exportTable, `/api/v1/export/estimates?${RANGE}`, { table: "estimates" }, w.keys.teamKey.key);
    expect(r.status).toBe(200);
    expect(r.text).toContain("Alpha open estimate");
    expect(r.text).not.toContain("Beta secret estimate");
  });

  it("GET /api/v1/export/billed sums the team's mapped projects only", async () => {
    const team = await get(exportTable, `/api/v1/export/billed?${RANGE}`, { table: "billed" }, w.keys.teamKey.key);
    expect(team.status).toBe(200);
    expect(team.text).toContain("1.25");
    expect(team.text).not.toContain("777.77");
    expect(team.text).not.toContain("779.02");
    const org = await get(exportTable, `/api/v1/export/billed?${RANGE}`, { table: "billed" }, w.keys.orgKey.key);
    expect(org.text).toContain("779.02");
  });
});
