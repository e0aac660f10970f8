import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { callRoute } from "@/test/support/request-call";
import { inRequestScope } from "@/test/support/request-scope";
import { PAGE_CASES } from "@/test/support/page-policy";
import { ALPHA_MARKERS, BETA_MARKERS, buildAccessWorld, PRINCIPALS } from "./access-fixtures";
import type { AccessWorld, PrincipalName } from "./access-fixtures";
import { API_CASES, isAllowed, type ApiCase } from "./access-policy";
import { ACTION_CASES } from "./access-policy-actions";

/**
 * Suite 6, the access matrix: every API route method and server action × every kind of principal, against the
 * real handlers and PostgreSQL. Sessions are real next-auth cookies resolved by the production code path; keys
 * are real keys. The endpoint lists are checked against the file system, so a new route cannot skip the matrix.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

const routeFiles = walk(path.join(APP, "api")).filter((f) => f.endsWith("/route.ts"));
const routeOf = (file: string) => "/" + path.relative(APP, path.dirname(file)).split(path.sep).join("/");
const USE_SERVER = /^\s*["']use server["']/;
const actionFiles = walk(APP).filter((f) => /\.tsx?$/.test(f) && USE_SERVER.test(readFileSync(f, "utf8")));
const pageFiles = walk(path.join(APP, "(dashboard)")).filter((f) => f.endsWith("/page.tsx"));

type Module = Record<string, unknown>;
const modules = new Map<string, Module>();
const load = async (file: string) => {
  if (!modules.has(file)) modules.set(file, (await import(/* @vite-ignore */ file)) as Module);
  return modules.get(file) as Module;
};

describe("every endpoint has a declared policy", () => {
  it("API routes: the list and the tree agree on every route and method", async () => {
    const inTree: string[] = [];
    for (const f of routeFiles) {
      const mod = await load(f);
      for (const m of METHODS) if (typeof mod[m] === "function") inTree.push(`${m} ${routeOf(f)}`);
    }
    const declared = [...new Set(API_CASES.map((c) => `${c.method} ${c.route}`))];
    expect(inTree.filter((e) => !declared.includes(e)), "routes without a policy in access-policy.ts").toEqual([]);
    expect(declared.filter((e) => !inTree.includes(e)), "policies of routes that no longer exist").toEqual([]);
  });

  it("server actions: the list and the exported functions agree", async () => {
    const inTree: string[] = [];
    for (const f of actionFiles) {
      const mod = await load(f);
      const file = path.relative(APP, f);
      for (const [fn, v] of Object.entries(mod)) if (typeof v === "function") inTree.push(`${file}#${fn}`);
    }
    const declared = ACTION_CASES.map((c) => `${c.file}#${c.name}`);
    expect(inTree.filter((e) => !declared.includes(e)), "server actions without a policy").toEqual([]);
    expect(declared.filter((e) => !inTree.includes(e)), "policies of actions that no longer exist").toEqual([]);
  });

  it("pages: the list (test/support/page-policy.ts, checked over HTTP by test/system) and the tree agree", () => {
    const inTree = pageFiles.map((f) => path.relative(APP, f)).sort();
    expect(inTree).toEqual(PAGE_CASES.map((p) => p.file).sort());
  });
});

let w: AccessWorld;
beforeAll(async () => {
  w = await buildAccessWorld();
});

interface Outcome {
  endpoint: string;
  who: PrincipalName;
  expected: "allow" | "deny";
  /** "refused": a public endpoint that turns everyone away in this world (403/404 even for anonymous). */
  denyAs?: "status" | "row-errors" | "refused";
  /** HTTP status, or for actions: 401 (redirect to sign-in), 403/404 (forbidden page or refused), 200 (done). */
  status: number;
  body: string;
}

/** 2xx/3xx, or a validation/conflict answer that only comes after the auth check passed. */
const ALLOWED = (s: number) => s < 400 || s === 400 || s === 409 || s === 422;

function judge(o: Outcome): string | null {
  const leaks = o.who === "teamKey" ? BETA_MARKERS : o.who === "otherTeamKey" ? ALPHA_MARKERS : [];
  const leaked = leaks.filter((m) => o.body.includes(m));
  if (leaked.length) return `leaks ${leaked.join(", ")}`;
  if (o.expected === "allow") return ALLOWED(o.status) ? null : `expected allowed, got ${o.status}`;
  if (o.denyAs === "refused") return [403, 404].includes(o.status) ? null : `expected refused (403/404), got ${o.status}`;
  if (o.who === "anonymous" || o.who === "revokedKey") return o.status === 401 ? null : `expected 401, got ${o.status}`;
  if (o.denyAs === "row-errors" && [400, 200].includes(o.status)) {
    const refused = /"(path|column)":"team"/.test(o.body) && (o.status === 400 || o.body.includes('"ok":false'));
    return refused ? null : `expected the rows refused on the team column, got ${o.status}`;
  }
  return [401, 403, 404].includes(o.status) ? null : `expected denied (401/403/404), got ${o.status}`;
}

const name = (c: ApiCase) => `${c.method} ${c.route}${c.variant ? ` (${c.variant})` : ""}`;

const results = { api: [] as Outcome[], actions: [] as Outcome[] };

// One test per endpoint (its nine principals), then the totals: the matrix size is printed by the last test.
describe("the access matrix: API routes × principals", () => {
  it.each(API_CASES.map((c) => [name(c), c] as const))("%s", async (_n, c) => {
    const mod = await load(path.join(APP, c.route.slice(1), "route.ts"));
    const handler = mod[c.method] as Parameters<typeof callRoute>[0];
    const outcomes: Outcome[] = [];
    for (const who of PRINCIPALS) {
      const req = await c.request(w, who);
      const r = await callRoute(handler, { method: c.method, ...req, ...w.credentials[who] });
      const expected = isAllowed(c, who) ? "allow" : "deny";
      outcomes.push({ endpoint: name(c), who, expected, denyAs: c.denyAs, status: r.status, body: r.text });
    }
    results.api.push(...outcomes);
    expectJudged(outcomes);
  });
});

describe("the access matrix: server actions × principals", () => {
  it.each(ACTION_CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    const mod = await load(path.join(APP, c.file));
    const outcomes: Outcome[] = [];
    for (const who of PRINCIPALS) {
      const creds = w.credentials[who];
      const headers: Record<string, string> = { "next-action": c.name };
      if (creds.cookie) headers.cookie = creds.cookie;
      if (creds.key) headers.authorization = `Bearer ${creds.key}`;
      const req = new Request("http://spendscope.test/alerts", { method: "POST", headers });
      const { status, body } = await inRequestScope(req, () => runAction(() => c.invoke(w, mod[c.name] as never)));
      const expected = isAllowed(c, who) ? "allow" : "deny";
      outcomes.push({ endpoint: `action ${c.name}`, who, expected, denyAs: c.denyAs, status, body });
    }
    results.actions.push(...outcomes);
    expectJudged(outcomes);
  });
});

describe("the access matrix: size", () => {
  it("covers every endpoint × every principal", () => {
    const line = (kind: string, endpoints: number, o: Outcome[]) => {
      const allowed = o.filter((x) => x.expected === "allow").length;
      const size = `${endpoints} endpoints × ${PRINCIPALS.length} principals = ${o.length} checks`;
      return `${kind}: ${size} (${allowed} allowed, ${o.length - allowed} denied)`;
    };
    const api = line("API routes", API_CASES.length, results.api);
    console.log(`[access matrix] ${api}; ${line("server actions", ACTION_CASES.length, results.actions)}`);
    expect(results.api.length).toBe(API_CASES.length * PRINCIPALS.length);
    expect(results.actions.length).toBe(ACTION_CASES.length * PRINCIPALS.length);
  });
});

/** An action's outcome as a status: Next's redirect/forbidden signals, or the result our actions return. */
async function runAction(fn: () => Promise<unknown>): Promise<{ status: number; body: string }> {
  try {
    type Answer = { ok?: boolean; key?: string; error?: string; fields?: Record<string, string> } | undefined;
    const r = (await fn()) as Answer;
    const body = JSON.stringify(r ?? null);
    const failed = r !== undefined && (r.ok === false || r.error !== undefined);
    if (!failed) return { status: 200, body };
    // A refusal carries no invalid fields; a validation answer names them (the auth check passed).
    return { status: Object.keys(r.fields ?? {}).length ? 400 : 403, body };
  } catch (e) {
    const digest = String((e as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT") && digest.includes("/sign-in")) return { status: 401, body: digest };
    const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d+)$/.exec(digest);
    if (fallback) return { status: Number(fallback[1]), body: digest };
    throw e;
  }
}

function expectJudged(outcomes: Outcome[]) {
  const failures = outcomes.map((o) => ({ o, why: judge(o) })).filter((x) => x.why);
  expect(failures.map((f) => `${f.o.endpoint} as ${f.o.who}: ${f.why} — ${f.o.body.slice(0, 160)}`)).toEqual([]);
}
