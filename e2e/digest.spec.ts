import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

test.describe("weekly digest settings", () => {
  test("the demo admin is opted in to every team and the preview shows last week's figures in the mail's layout", async ({ page }) => {
    await signIn(page, "admin");
    await page.getByRole("link", { name: "Weekly digest" }).first().click();
    await expect(page).toHaveURL(/\/settings\/digest$/);
    const boxes = page.getByRole("checkbox");
    await expect(boxes).toHaveCount(6);
    for (const box of await boxes.all()) await expect(box).toBeChecked();

    const preview = page.getByTestId("digest-preview");
    await expect(preview.getByText("Spend this week")).toBeVisible();
    await expect(preview.getByText("Cost per accepted output")).toBeVisible();
    await expect(preview.getByText("Biggest movers against the previous week")).toBeVisible();
    await expect(preview.getByRole("link", { name: "Unsubscribe or change teams" })).toHaveAttribute("href", /\/settings\/digest$/);
    await expect(page.getByTestId("digest-subject")).toContainText(/Weekly spend for \S+.*: \$[\d,]+\.\d\d/);
    // The demo has 90 days of usage, so last week had spend.
    await expect(page.getByTestId("digest-subject")).not.toContainText(": $0.00 (");

    // Another team's preview.
    await page.getByRole("navigation", { name: "Preview team" }).getByRole("link", { name: "Growth" }).click();
    await expect(page.getByRole("heading", { name: /^Preview: Growth, week/ })).toBeVisible();
    await page.getByText("Plain-text part").click();
    await expect(page.getByTestId("digest-text")).toContainText("Spendscope weekly digest - Northwind Creative, team Growth");
  });

  test("a member chooses among their own teams only, and the choice is kept", async ({ page }) => {
    await signIn(page, "member");
    await page.goto("/settings/digest");
    const boxes = page.getByRole("checkbox");
    await expect(boxes).toHaveCount(2);
    await expect(page.getByRole("checkbox", { name: "Growth" })).not.toBeChecked();
    await page.getByRole("checkbox", { name: "Growth" }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Growth" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Creative Studio" })).not.toBeChecked();

    // The API refuses a team that is not theirs, naming the field, and keeps the saved choice.
    const res = await page.request.put("/api/v1/me/digest", { data: { teams: ["growth", "platform"] } });
    expect(res.status()).toBe(400);
    expect((await res.json()).invalidFields).toEqual([{ path: "teams[1]", message: "not one of your teams" }]);
    const now = await (await page.request.get("/api/v1/me/digest")).json();
    expect(now.teams.filter((t: { subscribed: boolean }) => t.subscribed).map((t: { slug: string }) => t.slug)).toEqual(["growth"]);
  });
});
