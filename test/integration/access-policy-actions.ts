/**
 * The access policy of every server action, as data (grants as in ./access-policy.ts). Each is called as its
 * exported function inside a request scope carrying the principal's credentials.
 */
import { CLI_ACTOR } from "@/lib/audit/log";
import { createRule } from "@/lib/alerts/service";
import { createApiKey } from "@/lib/org/service";
import type { AccessWorld } from "./access-fixtures";
import { alphaBudget, alphaRule, fresh, ruleInput, type Grant } from "./access-policy";

// ---------------------------------------------------------------------------------------------------------------
// Server actions: called as exported functions inside a request scope carrying the principal's credentials.
// Keys never reach an action (actions read the session cookie only), so no action grants a key.
// ---------------------------------------------------------------------------------------------------------------

type ActionModule = Record<string, (...args: never[]) => Promise<unknown>>;

export interface ActionCase {
  /** The action's file under app/, e.g. "(dashboard)/alerts/actions.ts". */
  file: string;
  name: string;
  grants: Grant[];
  scope: "org" | "team";
  /** "refused": turns everyone away in the matrix's world, anonymous included (403, not a sign-in redirect). */
  denyAs?: "refused";
  invoke: (w: AccessWorld, fn: ActionModule[string]) => Promise<unknown>;
}

const call = (fn: ActionModule[string], ...args: unknown[]) => (fn as (...a: unknown[]) => Promise<unknown>)(...args);
const ALERTS = "(dashboard)/alerts/actions.ts";
const ADMIN = "(dashboard)/admin/actions.ts";

export const ACTION_CASES: ActionCase[] = [
  {
    // The first-run form works only while the organization has no user; in this world users exist, so it refuses
    // everyone, signed in or not (lib/org/first-admin.ts: 409 without invalid fields).
    file: "(auth)/setup/actions.ts",
    name: "createFirstAdminAction",
    grants: [],
    scope: "org",
    denyAs: "refused",
    invoke: async (_w, fn) => {
      const form = new FormData();
      form.set("email", `${fresh("first")}@example.test`.replace(/\s+/g, "-"));
      form.set("name", "First Admin");
      form.set("password", "correct horse battery staple 42");
      form.set("confirm", "correct horse battery staple 42");
      return call(fn, {}, form);
    },
  },
  {
    file: ADMIN,
    name: "createKeyAction",
    grants: ["admin"],
    scope: "org",
    invoke: async (_w, fn) => {
      const form = new FormData();
      form.set("name", fresh("matrix key"));
      form.set("team", "alpha");
      form.append("scopes", "read");
      return call(fn, {}, form);
    },
  },
  {
    file: ADMIN,
    name: "revokeKeyAction",
    grants: ["admin"],
    scope: "org",
    invoke: async (w, fn) => {
      const k = await createApiKey(w.org.id, { name: fresh("to revoke"), team: null, scopes: ["read"] }, CLI_ACTOR);
      return call(fn, k.prefix);
    },
  },
  {
    file: ALERTS,
    name: "saveBudgetAction",
    grants: ["member-of-team"],
    scope: "team",
    invoke: async (w, fn) =>
      call(fn, w.budgets.alpha.id, { name: "Alpha open budget", period: "month", amount: "100", team: "alpha" }),
  },
  {
    file: ALERTS,
    name: "deleteBudgetAction",
    grants: ["member-of-team"],
    scope: "team",
    invoke: async (w, fn) => call(fn, (await alphaBudget(w)).id),
  },
  {
    file: ALERTS,
    name: "saveRuleAction",
    grants: ["member-of-team"],
    scope: "team",
    invoke: async (_w, fn) => call(fn, null, ruleInput(fresh("Alpha action rule"))),
  },
  {
    file: ALERTS,
    name: "deleteRuleAction",
    grants: ["member-of-team"],
    scope: "team",
    invoke: async (w, fn) => call(fn, (await alphaRule(w)).id),
  },
  {
    file: ALERTS,
    name: "muteRuleAction",
    grants: ["member-of-team"],
    scope: "team",
    invoke: async (w, fn) => call(fn, w.rules.alpha.id, null),
  },
  {
    file: ALERTS,
    name: "testRuleAction",
    grants: ["member-of-team"],
    scope: "team",
    invoke: async (w, fn) => call(fn, w.rules.alpha.id),
  },
  {
    file: ALERTS,
    name: "rotateWebhookSecretAction",
    grants: ["member-of-team"],
    scope: "team",
    invoke: async (w, fn) => {
      const b = await alphaBudget(w);
      const r = await createRule(w.adminPrincipal, { name: fresh("Alpha hook action rule"), metric: "spend", budgetId: b.id, config: { unit: "percent_of_budget", thresholds: ["80"] }, webhookUrl: "https://hooks.example.com/alpha" });
      return call(fn, r.id);
    },
  },
  {
    file: ALERTS,
    name: "retryOutboxAction",
    grants: ["admin"],
    scope: "org",
    invoke: async (w, fn) => call(fn, w.outboxMessageId),
  },
  {
    // Every user chooses their own digest teams; an empty choice is always allowed.
    file: "(dashboard)/settings/digest/actions.ts",
    name: "saveDigestAction",
    grants: ["any-signed-in"],
    scope: "org",
    invoke: async (_w, fn) => call(fn, {}, new FormData()),
  },
];
