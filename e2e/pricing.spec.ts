import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { exportJson } from "../lib/pricing/formats/json";
import { OPENAI_2026_06_11 } from "../lib/pricing/seed-snapshot";
import { cli, signIn } from "./fixtures";

/**
 * Pricing in the browser: an admin clones the published OpenAI card, is stopped by an inline error for a bad
 * rate, saves a corrected rate, reads the diff ($ and %), and publishes; a viewer sees no edit controls.
 */

test.describe.configure({ mode: "serial" });

const CARD = OPENAI_2026_06_11.name;

/** The demo seed publishes the OpenAI card; if this build's seed does not, publish it through the CLI. */
test.beforeAll(() => {
  const list = cli(["pricing", "export", "openai"]);
  if (list.code === 0) return;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "pricing-e2e-")), "openai.json");
  writeFileSync(file, exportJson(OPENAI_2026_06_11));
  const r = cli(["pricing", "import", file, "--publish"]);
  if (r.code !== 0) throw new Error(`pricing import failed: ${r.stderr}`);
});

async function openInForceCard(page: Page) {
  await page.goto("/pricing");
  await expect(page.getByRole("heading", { name: "Pricing", exact: true })).toBeVisible();
  // The in-force OpenAI card: its row carries the "In force" badge.
  const row = page.getByTestId("snapshot-row").filter({ hasText: "openai" }).filter({ hasText: "In force" });
  await row.getByRole("link", { name: CARD }).click();
  await expect(page.getByRole("heading", { level: 1, name: CARD })).toBeVisible();
}

test("an admin clones the OpenAI card, edits a rate with inline validation, reads the diff and publishes", async ({ page }) => {
  await signIn(page, "admin");
  await openInForceCard(page);
  const publishedUrl = page.url();

  await page.getByRole("button", { name: "Clone to draft" }).click();
  await expect(page).toHaveURL(/\/pricing\/[0-9a-f-]{36}\/edit$/);
  const draftId = /\/pricing\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1];

  // gpt-image-1.5: a row no other spec prices with, so publishing this correction changes nobody else's figures.
  const rate = page.getByLabel("gpt-image-1.5 Image output", { exact: true });
  await expect(rate).toHaveValue("32");

  // A bad value is flagged next to the input, before anything is sent.
  await rate.fill("3O.5");
  await expect(rate).toHaveAttribute("aria-invalid", "true");
  const describedBy = await rate.getAttribute("aria-describedby");
  await expect(page.locator(`#${describedBy!.split(" ")[0]}`)).toHaveText(/must be a non-negative decimal/);
  await expect(page.getByRole("button", { name: "Save draft" })).toBeDisabled();

  await rate.fill("30");
  await expect(rate).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/pricing/${draftId}$`));
  await expect(page.getByTestId("snapshot-status")).toHaveText("Draft");

  // The diff against the card in force: -$2.00 per 1M image output tokens, -6.25%.
  await page.getByRole("link", { name: /Compare with the card in force/ }).click();
  await expect(page).toHaveURL(new RegExp(`/pricing/diff\\?a=[0-9a-f-]{36}&b=${draftId}`));
  const change = page.getByTestId("rate-change").filter({ hasText: "gpt-image-1.5" });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("Image output");
  await expect(change).toContainText("$32.00");
  await expect(change).toContainText("$30.00");
  await expect(change).toContainText("-$2.00");
  await expect(change).toContainText("-6.25%");
  await expect(page.getByTestId("rate-change")).toHaveCount(1);

  // Publish from the draft's page.
  await page.goto(`/pricing/${draftId}`);
  page.on("dialog", (d) => void d.accept());
  // A click that lands before the page hydrates does nothing (seen on a loaded machine with the embedded
  // database): click again until the card reads Published. Publishing twice is refused by the server anyway.
  await expect(async () => {
    const publish = page.getByRole("button", { name: "Publish" });
    if ((await publish.count()) > 0) await publish.click({ timeout: 5_000 });
    await expect(page.getByTestId("snapshot-status")).toContainText("Published", { timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Clone to draft" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  // Any usage the correction governs is repriced in the background; progress ends done.
  const jobs = page.getByTestId("reprice-job");
  if ((await jobs.count()) > 0) await expect(jobs.first()).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  // The new card is in force now and the old one is not.
  await page.goto("/pricing");
  const inForce = page.getByTestId("snapshot-row").filter({ hasText: "In force" }).filter({ hasText: "openai" });
  await expect(inForce).toHaveCount(1);
  await expect(inForce.getByRole("link")).toHaveAttribute("href", `/pricing/${draftId}`);
  expect(publishedUrl).not.toContain(draftId);
});

test("a viewer reads pricing but sees no edit controls", async ({ page }) => {
  await signIn(page, "viewer");
  await openInForceCard(page);
  const rates = page.getByRole("table", { name: "Rates in USD per 1M tokens" });
  await expect(rates).toBeVisible();
  await expect(rates.getByText("Not listed").first()).toBeVisible();
  for (const name of ["Clone to draft", "Publish", "Edit draft", "Delete draft"]) {
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  }
  const id = /\/pricing\/([0-9a-f-]{36})$/.exec(page.url())![1];

  await page.goto("/pricing");
  await expect(page.getByRole("link", { name: "Import rate card" })).toHaveCount(0);
  await page.goto("/pricing/import");
  await expect(page.getByText("You don’t have access to this page")).toBeVisible();
  await page.goto(`/pricing/${id}/edit`);
  await expect(page.getByText("You don’t have access to this page")).toBeVisible();

  const res = await page.request.post(`/api/v1/pricing/snapshots/${id}/clone`);
  expect(res.status()).toBe(403);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const read = await page.request.get(`/api/v1/pricing/snapshots/${id}`);
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject({ id, status: "published", provider: "openai" });
});
