import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "@playwright/test";
import { decode } from "next-auth/jwt";
import { createDb, type Db } from "@/lib/db/client";
import { createFreshDatabase, type FreshDatabase } from "../support/fresh-database";
import { startAppServer, type AppServer } from "../support/app-server";
import { signInOverHttp } from "../support/http-session";

/**
 * A production start (`npm start`, no SPENDSCOPE_DEMO) on an empty PostgreSQL database, driven like an operator:
 * no demo users; /setup creates the first admin once; then the secrets, sessions, headers and cross-site rules of
 * the running build. Server-only by nature: without DATABASE_URL, `npm start` runs the embedded default database,
 * which seeds the demo on purpose, so this file is skipped when embedded.
 */
const serverDb = process.env.DATABASE_URL;
const PORT = 3111;
const SECRET = "test-secret-for-app-server-0123456789abcdef";
const ADMIN = { name: "Ops Lead", email: "ops.lead@acme.test", password: "Quiet-Harbor-Lantern-42" };

let fresh: FreshDatabase;
let server: AppServer;
let client: Db;
let browser: Browser;
const cspViolations: string[] = [];

function watch(page: Page) {
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on("pageerror", (e) => cspViolations.push(`pageerror: ${e.message}`));
}

describe.skipIf(!serverDb)("production first run, secrets and headers (server database)", () => {
  beforeAll(async () => {
    fresh = await createFreshDatabase("spendscope_sys_firstrun");
    client = createDb(fresh.url, 2);
    // A long throttle base, so "blocked" does not depend on how fast the requests are.
    server = await startAppServer({
      port: PORT,
      databaseUrl: fresh.url,
      demo: false,
      env: { NEXTAUTH_SECRET: SECRET, LOGIN_THROTTLE_BASE_MS: "60000" },
    });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await client?.$disconnect();
    await fresh?.drop();
  });

  it("starts with no users: the demo password fails and sign-in sends the operator to /setup", async () => {
    expect(await client.user.count()).toBe(0);
    expect(await signInOverHttp(server.url, "admin@spendscope.local", "spendscope-admin")).toBeNull();
    const r = await fetch(`${server.url}/sign-in`, { redirect: "manual" });
    expect(r.status).toBeGreaterThanOrEqual(300);
    expect(new URL(r.headers.get("location")!, server.url).pathname).toBe("/setup");
    expect(server.output()).toContain("/setup to create the first admin");
  });

  it("creates the first admin on /setup (weak password refused first), signs in, and /setup is gone", async () => {
    const page = await browser.newPage();
    watch(page);
    await page.goto(`${server.url}/setup`);
    await page.getByLabel("Your name").fill(ADMIN.name);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill("password1234");
    await page.getByLabel("Confirm password").fill("password1234");
    await page.getByRole("button", { name: "Create administrator" }).click();
    await expect.poll(() => page.getByTestId("password-error").textContent()).toBe("not a well-known password");
    expect(await client.user.count()).toBe(0);

    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Confirm password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create administrator" }).click();
    await page.waitForURL(/\/sign-in\?setup=done/);
    expect(await client.user.count()).toBe(1);

    // The sign-in form is a client component (preventDefault + fetch): landing on the dashboard proves hydration.
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await expect.poll(() => page.getByTestId("current-user").textContent()).toBe(ADMIN.name);

    expect((await fetch(`${server.url}/setup`)).status).toBe(404);
    const again = await browser.newPage();
    const resp = await again.goto(`${server.url}/setup`);
    expect(resp?.status()).toBe(404);
    await again.close();
    await page.close();
    expect(cspViolations).toEqual([]);
  });

  it("keeps passwords and API keys hashed, out of the logs and out of later responses", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    watch(page);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.goto(`${server.url}/admin`);
    await page.getByLabel("Name", { exact: true }).fill("secrets test key");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!.trim();
    expect(key.length).toBeGreaterThan(20);

    // The key works, from a script on any origin: bearer requests carry no ambient credentials.
    const ingest = await fetch(`${server.url}/api/v1/usage`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", origin: "https://elsewhere.test" },
      body: JSON.stringify({ events: [] }),
    });
    expect(ingest.status).toBe(400);

    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const later = await Promise.all(
      ["/admin", "/", "/api/v1/budgets", "/api/v1/pricing/snapshots", "/api/auth/session"].map(async (p) => {
        const r = await fetch(`${server.url}${p}`, { headers: { cookie } });
        return `${p} ${r.status} ${await r.text()}`;
      }),
    );
    for (const body of later) {
      expect(body).not.toContain(key);
      expect(body).not.toContain(ADMIN.password);
    }
    expect(later[0]).toContain("secrets test key");
    expect(server.output()).not.toContain(key);
    expect(server.output()).not.toContain(ADMIN.password);
    const [row] = await client.apiKey.findMany();
    expect(JSON.stringify(row)).not.toContain(key.slice(-16));
    const [user] = await client.user.findMany();
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain(ADMIN.password);
    await context.close();
    expect(cspViolations).toEqual([]);
  });

  it("issues sessions that expire 12 hours after the last request", async () => {
    const cookie = await signInOverHttp(server.url, ADMIN.email, ADMIN.password);
    expect(cookie).not.toBeNull();
    const token = await decode({ token: cookie!.slice(cookie!.indexOf("=") + 1), secret: SECRET });
    expect(token?.exp).toBeTypeOf("number");
    expect((token!.exp as number) - (token!.iat as number)).toBe(12 * 3600);
  });

  it("sets the security headers on pages, API answers and static files", async () => {
    const page = await fetch(`${server.url}/sign-in`);
    const html = await page.text();
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(html).toContain(`nonce="${nonce}"`);
    const second = (await fetch(`${server.url}/sign-in`)).headers.get("content-security-policy");
    expect(second).not.toBe(csp); // a fresh nonce per response

    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
    for (const path of ["/sign-in", "/api/health", "/api/v1/costs", "/setup", asset]) {
      const r = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(r.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(r.headers.get("x-frame-options"), path).toBe("DENY");
      expect(r.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  it("refuses state-changing requests with a session cookie from another origin", async () => {
    const cookie = (await signInOverHttp(server.url, ADMIN.email, ADMIN.password))!;
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/budgets`, { method: "POST", headers: { cookie, "content-type": "application/json", ...headers }, body: "{}" });

    const crossSite = await post({ origin: "https://evil.test", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("content-type")).toContain("application/problem+json");
    expect(((await crossSite.json()) as { detail: string }).detail).toContain("Refused");
    expect((await post({ origin: "https://evil.test" })).status).toBe(403);
    // The same request from the app's own origin reaches the route (which rejects the empty body).
    expect((await post({ origin: server.url, "sec-fetch-site": "same-origin" })).status).toBe(400);
    expect(await client.budget.count()).toBe(0);

    // Server actions and pages: a cross-site form post with the cookie is refused before it reaches Next.js.
    const action = await fetch(`${server.url}/admin`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.test", "content-type": "application/x-www-form-urlencoded" },
      body: "name=x",
    });
    expect(action.status).toBe(403);
  });

  it("throttles sign-in by the TCP peer: forged X-Forwarded-For and peer headers do not reset it", async () => {
    const tries: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      // A new email every try (spraying), a new forged address every try.
      const csrf = await fetch(`${server.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const r = await fetch(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "),
          "x-forwarded-for": `198.51.100.${i + 1}`,
          "x-spendscope-peer": `198.51.100.${i + 1}`,
        },
        body: new URLSearchParams({ csrfToken, email: `spray-${i}@acme.test`, password: "not-the-password", json: "true" }),
      });
      const body = (await r.json()) as { url?: string };
      tries.push(new URL(body.url ?? "", server.url).searchParams.get("error"));
    }
    // Earlier tests failed once from this peer (the demo password): the 3rd failure in all blocks the 4th try.
    expect(tries[0]).toMatch(/^Wrong email or password/);
    expect(tries[3]).toMatch(/^Too many failed attempts/);
    expect(tries[4]).toMatch(/^Too many failed attempts/);
  });
});
