import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { createKey, signIn } from "./fixtures";

/**
 * Big tables show the top 50 rows by spend and fold the rest into one exact "Other (n more)" row; "Show all" shows
 * every row and the CSV always has every row. The test records one request each for 55 features of its own on a day
 * long before the demo data, and looks at that day only, so no other test's tables grow.
 */

const RUN = Date.now();
const DAY = "2024-03-12";
const FEATURES = 55;

test("Features: top 50 plus an exact Other row; Show all; the CSV has every row", async ({ page, request }) => {
  const key = createKey({ scopes: "ingest,read", name: "top-n e2e" });
  const events = Array.from({ length: FEATURES }, (_, i) => ({
    id: `e2e-topn-${RUN}-${i}`,
    timestamp: `${DAY}T12:00:00Z`,
    team: "creative-studio",
    feature: `e2e-topn-${String(i).padStart(2, "0")}`,
    workflow: "text_to_image",
    model: "gpt-image-1-mini",
    usage: { textInputTokens: 100, imageOutputTokens: 625 },
    images: i + 1,
    size: "1024x1024",
    quality: "low",
    outcome: "accepted",
  }));
  const res = await request.post("/api/v1/usage", { headers: { authorization: `Bearer ${key}` }, data: { events } });
  expect(res.status(), await res.text()).toBe(200);

  await signIn(page, "member");
  await page.goto(`/features?from=${DAY}&to=${DAY}`);
  const table = page.getByTestId("table-features");
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(51);
  const other = table.locator('tbody tr[data-row="__other"]');
  await expect(other.locator("td").first()).toHaveText("Other (5 more)");
  // The shown rows plus Other add up to the footer total, request for request.
  const requests = await table.locator('tbody td[data-col="requests"]').allTextContents();
  expect(requests.reduce((a, t) => a + Number(t.replace(/,/g, "")), 0)).toBe(FEATURES);
  await expect(other.locator('td[data-col="requests"]')).toHaveText("5");
  await expect(table.locator('tfoot [data-total="requests"]')).toHaveText(String(FEATURES));
  const csvHref = await table.getByTestId("export-csv").getAttribute("href");

  await table.getByTestId("table-features-show-all").click();
  await expect(page).toHaveURL(/all=1/);
  await expect(rows).toHaveCount(FEATURES);
  await expect(other).toHaveCount(0);
  await expect(table.getByTestId("table-features-show-all")).toHaveText("Show top 50");

  // The CSV of the folded page has every feature and the total.
  const csv = await page.request.get(csvHref as string);
  expect(csv.status()).toBe(200);
  const lines = parse(await csv.text(), { columns: true }) as Array<Record<string, string>>;
  expect(lines.filter((r) => r.Name.startsWith("e2e-topn-"))).toHaveLength(FEATURES);
  expect(lines.find((r) => r.Name === "Total")?.Requests).toBe(String(FEATURES));
});
