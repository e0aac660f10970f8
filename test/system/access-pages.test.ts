import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "@playwright/test";
import { setEnv } from "@/lib/env";
import { startAppServer, type AppServer } from "@/test/support/app-server";
import { createFreshDatabase, type FreshDatabase } from "@/test/support/fresh-database";
import { PAGE_CASES, type PageGrant } from "@/test/support/page-policy";
import { TEST_NEXTAUTH_SECRET } from "@/test/support/session-cookie";
import { signIn } from "@/test/support/sign-in";

/**
 * Suite 6, pages: every dashboard page × every principal over HTTP against the production build. Users sign in
 * through next-auth's credentials callback like the form does; a request with only an API key is anonymous to a
 * page. Also renders /admin/audit (filters, no horizontal scroll at phone width) in Chromium.
 *
 * Server-only: the test process seeds principals and rows over a second connection while the app holds its own,
 * and the embedded database (no DATABASE_URL) serves one connection, so this skips there.
 */
const PORT = 3141;
const embedded = !process.env.DATABASE_URL;
const KEYS = ["teamKey", "otherTeamKey", "readKey", "revokedKey"] as const;
const PRINCIPALS = ["anonymous", "viewer", "member", "otherMember", "admin", ...KEYS] as const;
type Who = (typeof PRINCIPALS)[number];
const USER_GRANTS: Partial<Record<Who, PageGrant[]>> = {
  viewer: ["any-signed-in"],
  member: ["any-signed-in", "editor", "member-of-team"],
  otherMember: ["any-signed-in", "editor"],
  admin: ["any-signed-in", "editor", "member-of-team", "admin"],
};

let db: FreshDatabase;
let app: AppServer;
let world: Awaited<ReturnType<typeof import("@/test/integration/access-fixtures").buildAccessWorld>>;
const headers: Partial<Record<Who, Record<string, string>>> = {};

describe.skipIf(embedded)("pages × principals (production build)", () => {
  beforeAll(async () => {
    db = await createFreshDatabase("access_pages");
    setEnv({ DATABASE_URL: db.url, NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET });
    const env = { NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET, SPENDSCOPE_WORKER: "0" };
    app = await startAppServer({ port: PORT, databaseUrl: db.url, env });
    const { buildAccessWorld } = await import("@/test/integration/access-fixtures");
    world = await buildAccessWorld();
    for (const who of ["viewer", "member", "otherMember", "admin"] as const) {
      const u = world.users[who];
      headers[who] = { cookie: await signIn(app.url, u.email, u.password) };
    }
    headers.anonymous = {};
    for (const who of KEYS) headers[who] = { authorization: `Bearer ${world.keys[who].key}` };
  });

  afterAll(async () => {
    await app?.stop();
    const { db: client } = await import("@/lib/db/client");
    await client().$disconnect();
    await db?.drop().catch(() => undefined);
  });

  it("every page answers each principal as its policy says", async () => {
    const targets = {
      alphaBudgetId: world.budgets.alpha.id,
      alphaRuleId: world.rules.alpha.id,
      alphaEstimateId: world.estimates.alpha.id,
      snapshotId: world.snapshotId,
    };
    const failures: string[] = [];
    for (const page of PAGE_CASES) {
      const path = page.path(targets);
      for (const who of PRINCIPALS) {
        const res = await fetch(`${app.url}${path}`, { headers: headers[who], redirect: "manual" });
        const body = await res.text();
        const grants = USER_GRANTS[who];
        const loc = res.headers.get("location") ?? "";
        let why: string | null = null;
        if (!grants) {
          // Anonymous, and any request carrying only a key: off to sign-in.
          const toSignIn = res.status >= 300 && res.status < 400 && loc.includes("/sign-in");
          if (!toSignIn) why = `expected a redirect to sign-in, got ${res.status} ${loc}`;
        } else if (page.grants.some((g) => grants.includes(g))) {
          if (res.status !== 200) why = `expected 200, got ${res.status} ${loc}`;
        } else if (res.status !== 403) {
          why = `expected 403, got ${res.status}`;
        }
        if (!why && res.status >= 500) why = `server error ${res.status}`;
        if (why) failures.push(`${path} as ${who}: ${why} ${body.slice(0, 120)}`);
      }
    }
    const checks = PAGE_CASES.length * PRINCIPALS.length;
    const size = `${PAGE_CASES.length} pages × ${PRINCIPALS.length} principals = ${checks} checks`;
    console.log(`[access matrix] pages: ${size}`);
    expect(failures).toEqual([]);
  });

  it("/admin/audit filters entries and fits a phone screen", async () => {
    const cookie = headers.admin?.cookie as string;
    // The entry list only (the filter form's choices name every action).
    const entries = async (query: string) => {
      const html = await (await fetch(`${app.url}/admin/audit${query}`, { headers: { cookie } })).text();
      const start = html.indexOf('aria-label="Audit entries"');
      return html.slice(start, html.indexOf("</ul>", start));
    };
    const byType = await entries("?entityType=budget");
    expect(byType).toContain("budget.create");
    expect(byType).not.toContain("alert_rule.create");
    expect(byType).not.toContain("api_key.create");
    const byAction = await entries("?action=alert_rule.create");
    expect(byAction).toContain("alert_rule.create");
    expect(byAction).not.toContain("budget.create");
    expect(await entries("?from=2000-01-01&to=2000-01-02")).toContain("No entries match");

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const [name, value] = cookie.split(/=(.*)/s);
      for (const width of [1280, 390]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        await context.addCookies([{ name, value, url: app.url }]);
        const page = await context.newPage();
        await page.goto(`${app.url}/admin/audit`);
        await page.getByRole("heading", { name: "Audit log" }).waitFor();
        await page.locator("details summary").first().click();
        await page.screenshot({ path: `/tmp/spendscope-audit-${width}.png`, fullPage: true });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `horizontal scroll at ${width}px`).toBeLessThanOrEqual(width);
        await page.selectOption('select[name="entityType"]', "alert_rule");
        await page.getByRole("button", { name: "Filter" }).click();
        await page.waitForURL(/entityType=alert_rule/);
        expect(await page.getByRole("list", { name: "Audit entries" }).textContent()).not.toContain("budget.create");
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
