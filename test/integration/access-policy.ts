/**
 * The access policy of every API route (each method) and server action, as data. The matrix test discovers the
 * endpoints from the file system and fails when one is missing here, then checks every endpoint × principal.
 *
 * Grants (an endpoint lists the ones that allow it; anything else is denied):
 *   public          everyone, signed in or not
 *   any-signed-in   every user (viewer, members, admin)
 *   editor          admins and members of any team
 *   member-of-team  admins and members of the team that owns the target (always alpha here)
 *   admin           admins
 *   key:read        keys with the read scope      } a team key only for its own team's target when the
 *   key:ingest      keys with the ingest scope    } endpoint's scope is "team"
 *   key:any         any valid key
 * Denied means 401 for anonymous and revoked keys (and keys on session-only endpoints), else 403 or 404.
 */
import { EXPORT_TABLES } from "@/lib/spend/links";
import { cloneSnapshot, pricingActorOf } from "@/lib/pricing/service";
import { createBudget, createRule } from "@/lib/alerts/service";
import type { AccessWorld, PrincipalName } from "./access-fixtures";

export type Grant =
  | "public"
  | "any-signed-in"
  | "editor"
  | "member-of-team"
  | "admin"
  | "key:read"
  | "key:ingest"
  | "key:any";

export interface ApiRequest {
  path: string;
  params?: Record<string, string | string[]>;
  body?: string;
  contentType?: string;
}

export interface ApiCase {
  /** e.g. "/api/v1/budgets/[id]": the route file's folder under app/. */
  route: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Distinguishes several cases of one route (export tables). */
  variant?: string;
  grants: Grant[];
  /** "team": the request targets alpha's rows; another team's key or member is out of scope. */
  scope: "org" | "team";
  /**
   * How a denial shows: by status (default), or "row-errors" for usage files, where rows of a team the uploader
   * may not write are refused one by one (400, or 200 with ok:false on the dry run) naming the team column.
   */
  denyAs?: "status" | "row-errors" | "refused";
  /** Builds the request; may create a fresh target so destructive calls never see each other. */
  request: (w: AccessWorld, who: PrincipalName) => Promise<ApiRequest>;
}

const RANGE = "from=2026-11-01&to=2026-11-30";
const json = (v: unknown) => JSON.stringify(v);
const fixed = (r: ApiRequest) => async () => r;

let serial = 0;
export const fresh = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

export const alphaBudget = (w: AccessWorld) =>
  createBudget(w.adminPrincipal, { name: fresh("Alpha budget"), period: "month", amount: "50", team: "alpha" });
export const alphaRule = async (w: AccessWorld) => {
  const b = await alphaBudget(w);
  return createRule(w.adminPrincipal, {
    name: fresh("Alpha rule"),
    metric: "spend",
    budgetId: b.id,
    config: { unit: "percent_of_budget", thresholds: ["80"] },
    recipients: ["alerts@test.local"],
  });
};
const draft = async (w: AccessWorld) =>
  (await cloneSnapshot(w.org.id, w.snapshotId, pricingActorOf(w.adminPrincipal), {})).summary.id;

export const ruleInput = (name: string) => ({
  name,
  metric: "spend",
  team: "alpha",
  config: { unit: "usd", thresholds: ["10"], periodKind: "month" },
  recipients: ["alerts@test.local"],
});
const csvBody = () =>
  "id,timestamp,team,feature,workflow,model,text_input_tokens,image_output_tokens,images\n" +
  `${fresh("csv")},2026-11-02T10:00:00Z,alpha,alpha-csv-feature,text_to_image,gpt-image-2,100,1756,1\n`;
const usageBody = () => {
  const event = {
    id: fresh("api"),
    timestamp: "2026-11-02T10:00:00Z",
    team: "alpha",
    feature: "alpha-api-feature",
    workflow: "text_to_image",
    model: "gpt-image-2",
    usage: { textInputTokens: 100, imageOutputTokens: 1756 },
    images: 1,
  };
  return json({ events: [event] });
};

const READ: Grant[] = ["any-signed-in", "key:read"];

export const API_CASES: ApiCase[] = [
  {
    route: "/api/auth/[...nextauth]",
    method: "GET",
    grants: ["public"],
    scope: "org",
    request: fixed({ path: "/api/auth/providers", params: { nextauth: ["providers"] } }),
  },
  {
    route: "/api/auth/[...nextauth]",
    method: "POST",
    grants: ["public"],
    scope: "org",
    request: fixed({
      path: "/api/auth/signout",
      params: { nextauth: ["signout"] },
      body: "",
      contentType: "application/x-www-form-urlencoded",
    }),
  },
  { route: "/api/health", method: "GET", grants: ["public"], scope: "org", request: fixed({ path: "/api/health" }) },
  // Opened only by METRICS_TOKEN (no session or key does); unset in this world, so 404 for everyone.
  { route: "/api/metrics", method: "GET", grants: [], scope: "org", denyAs: "refused", request: fixed({ path: "/api/metrics" }) },
  {
    route: "/api/v1/openapi.json",
    method: "GET",
    grants: ["public"],
    scope: "org",
    request: fixed({ path: "/api/v1/openapi.json" }),
  },

  {
    route: "/api/v1/audit",
    method: "GET",
    grants: ["admin"],
    scope: "org",
    request: fixed({ path: "/api/v1/audit?limit=5" }),
  },

  {
    route: "/api/v1/alert-rules",
    method: "GET",
    grants: READ,
    scope: "org",
    request: fixed({ path: "/api/v1/alert-rules" }),
  },
  {
    route: "/api/v1/alert-rules",
    method: "POST",
    grants: ["member-of-team"],
    scope: "team",
    request: async () => ({ path: "/api/v1/alert-rules", body: json(ruleInput(fresh("Alpha new rule"))) }),
  },
  {
    route: "/api/v1/alert-rules/[id]",
    method: "GET",
    grants: READ,
    scope: "team",
    request: async (w) => ({ path: `/api/v1/alert-rules/${w.rules.alpha.id}`, params: { id: w.rules.alpha.id } }),
  },
  {
    route: "/api/v1/alert-rules/[id]",
    method: "PATCH",
    grants: ["member-of-team"],
    scope: "team",
    request: async (w) => ({
      path: `/api/v1/alert-rules/${w.rules.alpha.id}`,
      params: { id: w.rules.alpha.id },
      body: json({ name: "Alpha open rule" }),
    }),
  },
  {
    route: "/api/v1/alert-rules/[id]",
    method: "DELETE",
    grants: ["member-of-team"],
    scope: "team",
    request: async (w) => {
      const r = await alphaRule(w);
      return { path: `/api/v1/alert-rules/${r.id}`, params: { id: r.id } };
    },
  },
  {
    route: "/api/v1/alert-rules/[id]/mute",
    method: "POST",
    grants: ["member-of-team"],
    scope: "team",
    request: async (w) => ({
      path: `/api/v1/alert-rules/${w.rules.alpha.id}/mute`,
      params: { id: w.rules.alpha.id },
      body: json({ until: null }),
    }),
  },
  {
    route: "/api/v1/alert-rules/[id]/test",
    method: "POST",
    grants: ["member-of-team"],
    scope: "team",
    request: async (w) => ({ path: `/api/v1/alert-rules/${w.rules.alpha.id}/test`, params: { id: w.rules.alpha.id } }),
  },
  {
    route: "/api/v1/alert-rules/[id]/webhook-secret",
    method: "POST",
    grants: ["member-of-team"],
    scope: "team",
    request: async (w) => {
      const b = await alphaBudget(w);
      const r = await createRule(w.adminPrincipal, { name: fresh("Alpha hook rule"), metric: "spend", budgetId: b.id, config: { unit: "percent_of_budget", thresholds: ["80"] }, webhookUrl: "https://hooks.example.com/alpha" });
      return { path: `/api/v1/alert-rules/${r.id}/webhook-secret`, params: { id: r.id } };
    },
  },

  {
    route: "/api/v1/budget-check",
    method: "POST",
    grants: ["any-signed-in", "key:read", "key:ingest"],
    scope: "team",
    request: fixed({ path: "/api/v1/budget-check", body: json({ team: "alpha", estimatedCost: "0.01" }) }),
  },
  { route: "/api/v1/budgets", method: "GET", grants: READ, scope: "org", request: fixed({ path: "/api/v1/budgets" }) },
  {
    route: "/api/v1/budgets",
    method: "POST",
    grants: ["member-of-team"],
    scope: "team",
    request: async () => ({
      path: "/api/v1/budgets",
      body: json({ name: fresh("Alpha new budget"), period: "month", amount: "10", team: "alpha" }),
    }),
  },
  {
    route: "/api/v1/budgets/[id]",
    method: "GET",
    grants: READ,
    scope: "team",
    request: async (w) => ({ path: `/api/v1/budgets/${w.budgets.alpha.id}`, params: { id: w.budgets.alpha.id } }),
  },
  {
    route: "/api/v1/budgets/[id]",
    method: "PATCH",
    grants: ["member-of-team"],
    scope: "team",
    request: async (w) => ({
      path: `/api/v1/budgets/${w.budgets.alpha.id}`,
      params: { id: w.budgets.alpha.id },
      body: json({ name: "Alpha open budget" }),
    }),
  },
  {
    route: "/api/v1/budgets/[id]",
    method: "DELETE",
    grants: ["member-of-team"],
    scope: "team",
    request: async (w) => {
      const b = await alphaBudget(w);
      return { path: `/api/v1/budgets/${b.id}`, params: { id: b.id } };
    },
  },

  {
    route: "/api/v1/costs",
    method: "GET",
    grants: READ,
    scope: "org",
    request: fixed({ path: `/api/v1/costs?${RANGE}&groupBy=feature,team` }),
  },
  {
    route: "/api/v1/estimates",
    method: "GET",
    grants: READ,
    scope: "org",
    request: fixed({ path: "/api/v1/estimates" }),
  },
  {
    route: "/api/v1/estimates",
    method: "POST",
    grants: ["editor"],
    scope: "org",
    request: async () => ({
      path: "/api/v1/estimates",
      body: json({ name: fresh("New estimate"), feature: "alpha-open-feature", inputs: { model: "gpt-image-2" } }),
    }),
  },
  {
    route: "/api/v1/estimates/[id]",
    method: "GET",
    grants: READ,
    scope: "team",
    request: async (w) => ({
      path: `/api/v1/estimates/${w.estimates.alpha.id}?${RANGE}`,
      params: { id: w.estimates.alpha.id },
    }),
  },
  // One case per export table: each is a different query behind the same route.
  ...EXPORT_TABLES.map(
    (table): ApiCase => ({
      route: "/api/v1/export/[table]",
      method: "GET",
      variant: table,
      grants: READ,
      // The saved-estimate comparison targets alpha's estimate; every other table is filtered by the reader's scope.
      scope: table === "estimate-comparison" ? "team" : "org",
      request: async (w) => {
        const extra: Record<string, string> = {
          estimate: "&model=gpt-image-2",
          "estimate-comparison": `&id=${w.estimates.alpha.id}`,
        };
        return { path: `/api/v1/export/${table}?${RANGE}${extra[table] ?? ""}`, params: { table } };
      },
    }),
  ),

  {
    route: "/api/v1/pricing/diff",
    method: "GET",
    grants: READ,
    scope: "org",
    request: async (w) => ({ path: `/api/v1/pricing/diff?a=${w.snapshotId}&b=${w.snapshotId}` }),
  },
  {
    route: "/api/v1/pricing/reprice-jobs",
    method: "GET",
    grants: READ,
    scope: "org",
    request: fixed({ path: "/api/v1/pricing/reprice-jobs" }),
  },
  {
    route: "/api/v1/pricing/reprice-jobs/[id]",
    method: "GET",
    grants: READ,
    scope: "org",
    request: async (w) => ({ path: `/api/v1/pricing/reprice-jobs/${w.repriceJobId}`, params: { id: w.repriceJobId } }),
  },
  {
    route: "/api/v1/pricing/snapshots",
    method: "GET",
    grants: READ,
    scope: "org",
    request: fixed({ path: "/api/v1/pricing/snapshots" }),
  },
  {
    route: "/api/v1/pricing/snapshots",
    method: "POST",
    grants: ["admin"],
    scope: "org",
    request: fixed({ path: "/api/v1/pricing/snapshots", body: json({}) }),
  },
  {
    route: "/api/v1/pricing/snapshots/import",
    method: "POST",
    grants: ["admin"],
    scope: "org",
    request: fixed({ path: "/api/v1/pricing/snapshots/import", body: json({}) }),
  },
  {
    route: "/api/v1/pricing/snapshots/[id]",
    method: "GET",
    grants: READ,
    scope: "org",
    request: async (w) => ({ path: `/api/v1/pricing/snapshots/${w.snapshotId}`, params: { id: w.snapshotId } }),
  },
  {
    route: "/api/v1/pricing/snapshots/[id]",
    method: "PATCH",
    grants: ["admin"],
    scope: "org",
    request: async (w) => {
      const id = await draft(w);
      return { path: `/api/v1/pricing/snapshots/${id}`, params: { id }, body: json({ notes: "edited" }) };
    },
  },
  {
    route: "/api/v1/pricing/snapshots/[id]",
    method: "DELETE",
    grants: ["admin"],
    scope: "org",
    request: async (w) => {
      const id = await draft(w);
      return { path: `/api/v1/pricing/snapshots/${id}`, params: { id } };
    },
  },
  {
    route: "/api/v1/pricing/snapshots/[id]/clone",
    method: "POST",
    grants: ["admin"],
    scope: "org",
    request: async (w) => ({ path: `/api/v1/pricing/snapshots/${w.snapshotId}/clone`, params: { id: w.snapshotId } }),
  },
  {
    route: "/api/v1/pricing/snapshots/[id]/export",
    method: "GET",
    grants: READ,
    scope: "org",
    request: async (w) => ({
      path: `/api/v1/pricing/snapshots/${w.snapshotId}/export?format=csv`,
      params: { id: w.snapshotId },
    }),
  },
  {
    route: "/api/v1/pricing/snapshots/[id]/publish",
    method: "POST",
    grants: ["admin"],
    scope: "org",
    // A fresh clone (same rates): publishing it queues a reprice job that changes no cost.
    request: async (w) => {
      const id = await draft(w);
      return { path: `/api/v1/pricing/snapshots/${id}/publish`, params: { id } };
    },
  },

  {
    route: "/api/v1/usage",
    method: "POST",
    grants: ["key:ingest"],
    scope: "team",
    request: async () => ({ path: "/api/v1/usage", body: usageBody() }),
  },
  {
    route: "/api/v1/usage/validate",
    method: "POST",
    grants: ["key:ingest"],
    scope: "team",
    request: async () => ({ path: "/api/v1/usage/validate", body: usageBody() }),
  },
  {
    route: "/api/v1/usage/csv",
    method: "POST",
    grants: ["member-of-team", "key:ingest"],
    scope: "team",
    denyAs: "row-errors",
    request: async () => ({ path: "/api/v1/usage/csv", body: csvBody(), contentType: "text/csv" }),
  },
  {
    route: "/api/v1/usage/csv/validate",
    method: "POST",
    grants: ["member-of-team", "key:ingest"],
    scope: "team",
    denyAs: "row-errors",
    request: async () => ({ path: "/api/v1/usage/csv/validate", body: csvBody(), contentType: "text/csv" }),
  },
  {
    route: "/api/v1/usage/csv/sample",
    method: "GET",
    grants: ["any-signed-in", "key:any"],
    scope: "org",
    request: fixed({ path: "/api/v1/usage/csv/sample" }),
  },
  {
    route: "/api/v1/usage/events",
    method: "GET",
    grants: ["any-signed-in", "key:read", "key:ingest"],
    scope: "org",
    request: fixed({ path: "/api/v1/usage/events?limit=500" }),
  },
  {
    route: "/api/v1/usage/imports/openai-costs",
    method: "POST",
    grants: ["admin"],
    scope: "org",
    request: fixed({ path: "/api/v1/usage/imports/openai-costs", body: "{}" }),
  },
  {
    route: "/api/v1/usage/imports/openai-images",
    method: "POST",
    grants: ["admin"],
    scope: "org",
    request: fixed({ path: "/api/v1/usage/imports/openai-images", body: "{}" }),
  },
  {
    route: "/api/v1/usage/openai-projects",
    method: "GET",
    grants: ["any-signed-in"],
    scope: "org",
    request: fixed({ path: "/api/v1/usage/openai-projects" }),
  },
  {
    route: "/api/v1/usage/openai-projects",
    method: "PUT",
    grants: ["admin"],
    scope: "org",
    request: fixed({ path: "/api/v1/usage/openai-projects", body: json({ projectId: "proj_alpha", team: "alpha" }) }),
  },  {
    route: "/api/v1/pricing/snapshots/[id]/impact",
    method: "GET",
    grants: READ,
    scope: "org",
    request: async (w) => ({ path: `/api/v1/pricing/snapshots/${w.snapshotId}/impact`, params: { id: w.snapshotId } }),
  },  {
    route: "/api/v1/reconciliation",
    method: "GET",
    grants: READ,
    scope: "org",
    request: fixed({ path: "/api/v1/reconciliation" }),
  },

  {
    route: "/api/v1/me/digest",
    method: "GET",
    grants: ["any-signed-in"],
    scope: "org",
    request: fixed({ path: "/api/v1/me/digest" }),
  },
  {
    route: "/api/v1/me/digest",
    method: "PUT",
    grants: ["any-signed-in"],
    scope: "org",
    request: fixed({ path: "/api/v1/me/digest", body: json({ teams: [] }) }),
  },
  {
    // Admins may receive any team's digest, others only their teams' (a viewer or another team's member: 404).
    route: "/api/v1/me/digest/preview",
    method: "GET",
    grants: ["member-of-team"],
    scope: "team",
    request: fixed({ path: "/api/v1/me/digest/preview?team=alpha" }),
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Expected outcomes
// ---------------------------------------------------------------------------------------------------------------

const USER_GRANTS: Record<string, Grant[]> = {
  viewer: ["any-signed-in"],
  member: ["any-signed-in", "editor", "member-of-team"],
  otherMember: ["any-signed-in", "editor"],
  admin: ["any-signed-in", "editor", "member-of-team", "admin"],
};
const KEY_GRANTS: Record<string, { grants: Grant[]; ownTeam: boolean }> = {
  teamKey: { grants: ["key:read", "key:ingest", "key:any"], ownTeam: true },
  otherTeamKey: { grants: ["key:read", "key:ingest", "key:any"], ownTeam: false },
  readKey: { grants: ["key:read", "key:any"], ownTeam: true },
};

/** Whether `who` may use an endpoint with these grants and scope. */
export function isAllowed(c: { grants: Grant[]; scope: "org" | "team" }, who: PrincipalName): boolean {
  if (c.grants.includes("public")) return true;
  if (who in USER_GRANTS) return USER_GRANTS[who].some((g) => c.grants.includes(g));
  const key = KEY_GRANTS[who];
  if (!key) return false; // anonymous, revoked key
  return key.grants.some((g) => c.grants.includes(g)) && (c.scope === "org" || key.ownTeam);
}
