import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";
import { dec, formatUsd } from "../lib/money/decimal";

/**
 * Issue #11 items 3 and 4 in the browser, on the demo data: the demo draft's repricing impact (by team and month,
 * repeated in the publish confirmation) and the reconciliation page with its explained gaps and CSV export.
 */

test.describe.configure({ mode: "serial" });

test("the demo draft shows its repricing impact by team and month, and the publish confirmation repeats the total", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/pricing");
  await page.getByRole("link", { name: "OpenAI rate correction (draft)" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "OpenAI rate correction (draft)" })).toBeVisible();
  const impact = page.getByTestId("impact");
  await expect(impact.getByRole("heading", { name: "Repricing impact" })).toBeVisible();
  const total = page.getByTestId("impact-total");
  // gpt-image-2 image output $30 -> $32 and a price for the unpriced preview model: spend goes up.
  await expect(total).toContainText(/Total: \+\$[\d,]+\.\d\d \(\+\d+\.\d\d %\) on [\d,]+ events/);
  const table = impact.getByRole("table", { name: "Repricing impact by team and month" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: "Platform" }).filter({ hasText: "become priced" }).first()).toBeVisible();
  const totalText = (await total.textContent())!.replace(/^Total: /, "");

  // Publishing asks first and repeats the total; dismissing leaves the draft alone.
  let message = "";
  page.once("dialog", (d) => {
    message = d.message();
    void d.dismiss();
  });
  await expect(async () => {
    await page.getByRole("button", { name: "Publish" }).click({ timeout: 5_000 });
    expect(message).toContain(`Repricing impact: ${totalText}`);
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("snapshot-status")).toHaveText("Draft");
});

test("the reconciliation page compares billed with tracked per day and project and explains the gap", async ({ page }) => {
  await signIn(page, "viewer");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reconciliation" }).click();
  await expect(page).toHaveURL(/\/reconciliation$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reconciliation" })).toBeVisible();
  // The demo's billed days move with the date, so the headline is checked against the page's own CSV export (the
  // same range): the billed total a person reads is the sum of the rows they can download.
  const csvHref = await page.getByRole("link", { name: /Download Billed versus tracked as CSV/ }).getAttribute("href");
  const csvLines = (await (await page.request.get(csvHref!)).text()).trim().split("\r\n");
  const billedTotal = /^Total,,,(\d+\.\d+),/.exec(csvLines.at(-1)!)![1];
  expect(dec(billedTotal).gt(0)).toBe(true);
  await expect(page.getByTestId("kpi-billed")).toContainText(formatUsd(billedTotal));
  const table = page.getByTestId("table-reconciliation");
  await expect(table.getByText(/line items with no tracked counterpart: Text models \(\$1\.20\)/).first()).toBeVisible();
  await expect(table.getByText(/no tracked events that day \(\$0\.80\)/).first()).toBeVisible();
  await expect(table.getByText(/unpriced events? tracked at \$0/).first()).toBeVisible();

  const href = await page.getByRole("link", { name: /Download Billed versus tracked as CSV/ }).getAttribute("href");
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("Date (UTC),OpenAI project,Team,Billed (USD),Tracked (USD),Billed − tracked (USD),Variance (%),Explained by,Unexplained (USD),Status");
  expect(lines.at(-1)).toMatch(/^Total,,,\d+\.\d{9},/);

  // A bad date is named, not a crash.
  await page.goto("/reconciliation?from=2026-02-30");
  await expect(page.getByRole("alert").filter({ hasText: "from:" })).toHaveText("from: must be a calendar date YYYY-MM-DD");
});
