import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { cli, createKey, readMail, signIn } from "./fixtures";
import { parseMail } from "../lib/alerts/mime-lite";

/** "Dec 1 – Dec 31, 2026" for a range within one year (as the range summary writes it). */
function formatRangeOf(from: string, to: string): string {
  const m = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const d = (s: string) => `${m[Number(s.slice(5, 7)) - 1]} ${Number(s.slice(8, 10))}`;
  return `${d(from)} – ${d(to)}, ${to.slice(0, 4)}`;
}

/** Records `n` images of gpt-image-1 for `feature` at the given size and quality. */
async function ingest(request: APIRequestContext, key: string, feature: string, n: number, size: string, quality: string): Promise<void> {
  const events = Array.from({ length: n }, () => ({
    id: `e2e-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    feature,
    workflow: "text_to_image",
    model: "gpt-image-1",
    size,
    quality,
    images: 1,
    usage: { textInputTokens: 50, imageOutputTokens: 4160 },
    outcome: "accepted",
  }));
  const res = await request.post("/api/v1/usage", { headers: { authorization: `Bearer ${key}` }, data: { events } });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test("an image quota made in the budget form fires in images and the history explains what drove it", async ({ page, request }) => {
  test.setTimeout(120_000);
  const tag = randomUUID().slice(0, 8);
  const feature = `e2e-quota-${tag}`;
  const recipient = `quota-${tag}@northwind.example`;
  const key = createKey({ team: "creative-studio", scopes: "ingest", name: `e2e quota ${tag}` });

  await signIn(page, "member");
  await page.goto("/alerts/budgets/new");
  await page.getByLabel("Name").fill(`E2E quota ${tag}`);
  await page.getByLabel("Counts").selectOption("images");
  await page.getByLabel("Quota (images)").fill("10.5");
  await page.getByLabel("Period").selectOption("month");
  await page.getByLabel("Team").selectOption({ label: "Creative Studio" });
  await page.getByLabel("Feature").fill(feature);
  await page.getByLabel("Image size").fill("1024x1024");
  await page.getByLabel("Image quality").fill("high");
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page.getByText("an image quota is a whole number of images")).toBeVisible();
  await page.getByLabel("Quota (images)").fill("10");
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  const card = page.getByTestId("budget-card").filter({ hasText: `E2E quota ${tag}` });
  await expect(card).toContainText("0 images of 10 images");
  await expect(card).toContainText("image quota · 1024x1024, high");

  await card.getByRole("link", { name: "Add rule" }).click();
  await page.getByLabel("Name").fill(`E2E quota 80% ${tag}`);
  await page.getByLabel("Thresholds (%)").fill("80");
  await page.getByLabel("Recipients").fill(recipient);
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page).toHaveURL(/\/alerts\/rules$/);

  // 9 matching images (80 % of 10 is 8) and 5 of another quality, which the quota does not count.
  await ingest(request, key, feature, 9, "1024x1024", "high");
  await ingest(request, key, feature, 5, "1024x1024", "low");
  const run = cli(["alerts", "evaluate"]);
  expect(run.code, run.stderr).toBe(0);
  await expect.poll(() => readMail().filter((m) => m.to.includes(recipient)).length, { timeout: 30_000 }).toBe(1);
  const mail = parseMail(readMail().filter((m) => m.to.includes(recipient))[0].raw);
  expect(mail.subject).toContain(`E2E quota 80% ${tag}: 80% of quota reached (9 images of 10 images)`);
  expect(mail.text).toContain("Image quota:      E2E quota");
  expect(mail.text).toContain("What drove it: top images against the same stretch before:");
  expect(mail.text).toContain("  - gpt-image-1: 9 images (previous 0 images, +9 images, new)");

  await page.goto("/alerts");
  await expect(card).toContainText("9 images of 10 images");

  // The history shows the explanation recorded with the firing, and its link opens the filtered Overview.
  await page.goto("/alerts/history");
  const firing = page.getByTestId("firing-row").filter({ hasText: `E2E quota 80% ${tag}` });
  await expect(firing).toHaveCount(1);
  const explanation = firing.getByTestId("firing-explanation");
  await expect(explanation).toContainText("What drove it: top images");
  await expect(explanation).toContainText("gpt-image-1: 9 images (previous 0 images, +9 images, new)");
  const href = await explanation.getByRole("link", { name: "View this scope and period" }).getAttribute("href");
  const url = new URL(href!);
  expect(url.pathname).toBe("/");
  expect(Object.fromEntries(url.searchParams)).toMatchObject({ team: "creative-studio", feature, size: "1024x1024", quality: "high" });
  await page.goto(url.pathname + url.search);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const active = page.getByRole("list", { name: "Active filters" });
  await expect(active.getByRole("button", { name: `Remove feature filter ${feature}` })).toBeVisible();
  await expect(active.getByRole("button", { name: "Remove size filter 1024x1024" })).toBeVisible();
  await expect(active.getByRole("button", { name: "Remove quality filter high" })).toBeVisible();
  await expect(page.getByTestId("range-summary")).toContainText(formatRangeOf(url.searchParams.get("from")!, url.searchParams.get("to")!));
});
