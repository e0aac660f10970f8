import { expect, test } from "@playwright/test";
import { DEMO_PASSWORDS, createKey, signIn } from "./fixtures";

test.describe("sign-in and roles", () => {
  test("anonymous pages redirect to sign-in and APIs answer 401 problem+json", async ({ page, request }) => {
    await page.goto("/features");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Ffeatures/);
    for (const path of ["/api/v1/costs", "/api/v1/usage", "/api/v1/pricing/snapshots"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(401);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      expect((await res.json()).status).toBe(401);
    }
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    // Status words and counts only: nothing about any organization or message.
    const body = await health.json();
    expect(Object.keys(body).sort()).toEqual(["db", "outbox", "status"]);
    expect(body).toMatchObject({ status: "ok", db: "ok", outbox: { failed: 0 } });
    expect(Object.keys(body.outbox).sort()).toEqual(["failed", "oldestPendingAgeSeconds"]);
  });

  for (const role of ["admin", "member", "viewer"] as const) {
    test(`${role} signs in through the form and lands on the overview`, async ({ page }) => {
      await signIn(page, role);
      await expect(page).toHaveURL("/");
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(role === "admin" ? 1 : 0);
      await expect(page.getByText(`${DEMO_PASSWORDS[role].email} · ${role}`).first()).toBeAttached();
    });
  }

  test("the sign-in form returns to the page that was asked for", async ({ page }) => {
    await page.goto("/models");
    await page.getByLabel("Email").fill(DEMO_PASSWORDS.viewer.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORDS.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/models$/);
  });

  test("a wrong password shows an error, and repeated failures are slowed down", async ({ page }) => {
    // An address of its own (the server trusts one proxy hop): its throttling stays out of the other specs' way.
    await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.250" });
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("nobody-here@spendscope.local");
    for (let i = 0; i < 3; i++) {
      await page.getByLabel("Password").fill(`wrong-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("sign-in-error")).toContainText("Wrong email or password");
    }
    await page.getByLabel("Password").fill("wrong-again");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("sign-in-error")).toContainText("Too many failed attempts");
  });

  test("a viewer gets the 403 page on admin pages and 403 from admin APIs", async ({ page }) => {
    await signIn(page, "viewer");
    const res = await page.goto("/admin");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
    const api = await page.request.post("/api/v1/pricing/snapshots", { data: {} });
    expect(api.status()).toBe(403);
  });

  test("sign-out ends the session", async ({ page }) => {
    await signIn(page, "member");
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/teams");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("an admin creates an API key in the browser; it authenticates until revoked", async ({ page, request }) => {
    await signIn(page, "admin");
    await page.goto("/admin");
    await page.getByLabel("Name").fill("browser-made key");
    await page.getByRole("checkbox", { name: "read" }).check();
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!.trim();
    expect(key).toMatch(/^ss_[a-z0-9]{8}_/);
    const ok = await request.get("/api/v1/pricing/snapshots", { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status()).toBe(200);
    page.once("dialog", (d) => d.accept());
    await page.getByRole("row", { name: /browser-made key/ }).getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("row", { name: /browser-made key/ })).toContainText("revoked");
    const gone = await request.get("/api/v1/pricing/snapshots", { headers: { authorization: `Bearer ${key}` } });
    expect(gone.status()).toBe(401);
  });

  test("a key without the needed scope gets 403", async ({ request }) => {
    const readOnly = createKey({ scopes: "read" });
    const res = await request.post("/api/v1/usage", { headers: { authorization: `Bearer ${readOnly}` }, data: { events: [] } });
    expect(res.status()).toBe(403);
  });
});
