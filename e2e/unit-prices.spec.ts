import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

/**
 * Pricing units beyond tokens (#11 item 2) in the browser, on the demo's per-image vendor PixelForge: its card shows
 * per-image and per-megapixel prices; the draft editor edits them with inline validation and saves; the diff names
 * the change; the Overview's bucket breakdown has a "Per image" row.
 */

test.describe.configure({ mode: "serial" });

const CARD = "PixelForge list prices 2026-09";

test("the PixelForge card shows its per-image prices, and a draft edits them with inline validation", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/pricing");
  await page.getByTestId("snapshot-row").filter({ hasText: "pixelforge" }).getByRole("link", { name: CARD }).click();
  await expect(page.getByRole("heading", { level: 1, name: CARD })).toBeVisible();

  const table = page.getByTestId("unit-prices-table");
  await expect(table.getByRole("heading", { name: "pf-render-2" })).toBeVisible();
  await expect(table.locator('tr[data-size="1024x1024"][data-quality="hd"] td[data-price]')).toHaveAttribute("data-price", "0.06");
  await expect(table.getByTestId("megapixel-price")).toContainText("$0.035");

  await page.getByRole("button", { name: "Clone to draft" }).click();
  await expect(page).toHaveURL(/\/pricing\/[0-9a-f-]{36}\/edit$/);
  const draftId = /\/pricing\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1];

  const prices = page.getByLabel("pf-render-2 Per-image prices (USD per image)", { exact: true });
  await expect(prices).toHaveValue("1024x1024:standard=0.03;hd=0.06 1024x1536:standard=0.045;hd=0.09 1536x1024:standard=0.045;hd=0.09");
  await expect(page.getByLabel("pf-render-2 Per megapixel (USD)", { exact: true })).toHaveValue("0.035");

  // A malformed entry is flagged next to the input before anything is sent.
  await prices.fill("1024x1024:hd");
  await expect(prices).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText('"hd" in size 1024x1024: expected quality=price (e.g. standard=0.04)')).toBeVisible();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeDisabled();

  await prices.fill("1024x1024:standard=0.03;hd=0.07 1024x1536:standard=0.045;hd=0.09 1536x1024:standard=0.045;hd=0.09");
  await expect(prices).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/pricing/${draftId}$`));
  await expect(page.getByTestId("unit-prices-table").locator('tr[data-size="1024x1024"][data-quality="hd"] td[data-price]')).toHaveAttribute("data-price", "0.07");

  await page.getByRole("link", { name: /Compare with the card in force/ }).click();
  await expect(page.getByTestId("image-price-change")).toContainText("per-image prices: 1024x1024 hd $0.06 → $0.07");
});

test("the Overview's bucket breakdown shows the per-image bucket", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/");
  const buckets = page.getByTestId("table-buckets");
  await expect(buckets).toBeVisible();
  const row = buckets.locator('tr[data-row="perImage"]');
  await expect(row).toContainText("Per image");
  const amount = await row.locator('td[data-col="cost"]').getAttribute("data-amount");
  expect(Number(amount)).toBeGreaterThan(0);
});

test("a LiteLLM import preview shows per-image and per-pixel rows as per-image prices", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/pricing/import");
  const map = {
    "recraft/recraftv3": { litellm_provider: "recraft", mode: "image_generation", output_cost_per_image: 0.04 },
    "recraft/hd/1024-x-1024/pixel-model": { litellm_provider: "recraft", mode: "image_generation", input_cost_per_pixel: 7.629e-8, output_cost_per_pixel: 0 },
  };
  await page.getByLabel("Or paste the file's text").fill(JSON.stringify(map));
  await page.getByLabel("Format").selectOption("litellm");
  await page.getByLabel("Provider").fill("recraft");
  await page.getByLabel("Effective from").fill("2026-06-11T00:00:00Z");
  await page.getByRole("button", { name: "Preview changes" }).click();
  const tables = page.getByTestId("unit-prices-table");
  await expect(tables).toHaveCount(2);
  await expect(tables.filter({ hasText: "recraftv3" }).locator('tr[data-size="*"][data-quality="*"] td[data-price]')).toHaveAttribute("data-price", "0.04");
  // 1024 × 1024 px × 7.629e-08 = 0.07999586304 per image
  await expect(tables.filter({ hasText: "pixel-model" }).locator('tr[data-size="1024x1024"][data-quality="hd"] td[data-price]')).toHaveAttribute("data-price", "0.07999586304");
});

test("the Estimate worksheet prices PixelForge images by its per-image table, and by the megapixel off the table", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/estimate?provider=pixelforge&model=pf-render-2&quality=hd&size=1024x1024&count=1000&promptTokens=100");
  // 1,000 × $0.06; the prompt is part of the per-image price (the row lists no token rates): no warning.
  await expect(page.getByTestId("estimate-total").locator("[data-amount]")).toHaveAttribute("data-amount", /^60(\.0+)?$/);
  await expect(page.getByTestId("estimate-per-image").locator("[data-amount]")).toHaveAttribute("data-amount", /^0\.060*$/);
  await expect(page.getByLabel("Estimate warnings")).toHaveCount(0);
  await expect(page.getByTestId("table-estimate").locator('tr[data-row="perImage"] td[data-col="total"]')).toHaveAttribute("data-amount", /^60\.0+$/);
  await expect(page.getByText("Priced per image: $0.06 per image (1024x1024 / hd)")).toBeVisible();
  await expect(page.getByLabel("Quality")).toContainText("hd (per-image price)");

  // 2048x2048 is not in the table: 4.194304 MP × $0.035 = $0.14680064 each, × 10.
  await page.goto("/estimate?provider=pixelforge&model=pf-render-2&quality=standard&size=2048x2048&count=10&promptTokens=0");
  await expect(page.getByTestId("estimate-total").locator("[data-amount]")).toHaveAttribute("data-amount", /^1\.46800640*$/);
  await expect(page.getByText("Priced per image: 4.194304 MP × $0.035 per megapixel")).toBeVisible();
});

test("the feature mix counts PixelForge's per-image cost, and its quality what-if prices it from the per-image table", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/features/ad-variant-renderer");
  const mix = page.getByTestId("table-mix");
  const pf = mix.locator('tr[data-row^="pf-render-2|"]');
  await expect(pf.first()).toBeVisible();
  expect(Number(await pf.first().locator('td[data-col="imageOutputCost"]').getAttribute("data-amount"))).toBeGreaterThan(0);
  const wq = page.getByTestId("table-whatif-quality").locator('tr[data-row="pf-render-2"]');
  await expect(wq).toBeVisible();
  expect(Number(await wq.locator('td[data-col="actual"]').getAttribute("data-amount"))).toBeGreaterThan(0);
  expect(Number(await wq.locator('td[data-col="whatIf"]').getAttribute("data-amount"))).toBeGreaterThan(0);
});

test("the Overview's budget burn lists the demo's image quota in images, with the Alerts page's %", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/");
  const quota = page.locator('[data-testid="budget-burn"][data-budget="Creative Studio HD images"]');
  await expect(quota).toHaveAttribute("data-unit", "images");
  await expect(quota).toContainText(/[\d,]+ images of [\d,]+ images \(\d+\.\d%\)/);
  await expect(quota).toContainText("image quota");
  const pct = await quota.getAttribute("data-percent");
  await page.goto("/alerts");
  const card = page.getByTestId("budget-card").filter({ has: page.getByRole("heading", { name: "Creative Studio HD images" }) });
  await expect(card).toContainText(`${pct}%`);
});
