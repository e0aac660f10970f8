import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { sum, toAmountString } from "../lib/money/decimal";
import { cli, createKey, signIn } from "./fixtures";

/**
 * An engineer's path through the cost views: Features -> sort by spend -> one feature -> filter to one model ->
 * bucket breakdown -> CSV, whose total must equal the total on the page to the last digit.
 *
 * The test records its own usage for a feature of its own (on top of the demo data), so the figures are known:
 * 4 × gpt-image-2 medium squares (100 prompt tokens + 1756 output tokens = $0.05318 each) and
 * 2 × gpt-image-1-mini low squares (100 × $2 + 625 × $8 per 1M = $0.0052 each).
 */

const FEATURE = `e2e-views-${Date.now()}`;

/** A rate card with the two rows the test uses, in case the demo seeded none (effective long before the events). */
const RATES = {
  name: "e2e views rates",
  provider: "openai",
  effectiveFrom: "2020-01-01T00:00:00Z",
  source: "e2e",
  notes: "",
  currency: "USD",
  batchMultiplier: "0.5",
  rows: [
    {
      model: "gpt-image-2",
      aliases: [],
      rates: { textInput: "5", cachedTextInput: "1.25", textOutput: null, imageInput: "8", cachedImageInput: "2", imageOutput: "30" },
      imageOutputTokens: { "1024x1024": { low: 196, medium: 1756, high: 7024 } },
    },
    {
      model: "gpt-image-1-mini",
      aliases: [],
      rates: { textInput: "2", cachedTextInput: "0.2", textOutput: null, imageInput: "2.5", cachedImageInput: "0.25", imageOutput: "8" },
      imageOutputTokens: { "1024x1024": { low: 625, medium: 1375, high: 4500 } },
    },
  ],
};

function events() {
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const gen = (i: number) => ({
    id: `${FEATURE}-g${i}`,
    timestamp: at(30 + i),
    team: "creative-studio",
    feature: FEATURE,
    workflow: "text_to_image",
    model: "gpt-image-2",
    usage: { textInputTokens: 100, imageOutputTokens: 1756 },
    images: 1,
    size: "1024x1024",
    quality: "medium",
    outcome: "accepted",
  });
  const mini = (i: number) => ({
    ...gen(10 + i),
    id: `${FEATURE}-m${i}`,
    model: "gpt-image-1-mini",
    usage: { textInputTokens: 100, imageOutputTokens: 625 },
    quality: "low",
  });
  return [gen(0), gen(1), gen(2), gen(3), mini(0), mini(1)];
}

async function recordUsage(request: APIRequestContext, key: string) {
  const res = await request.post("/api/v1/usage", { headers: { authorization: `Bearer ${key}` }, data: { events: events() } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { events: Array<{ priced: boolean; cost: string | null }> };
}

async function amounts(cells: Locator): Promise<number[]> {
  return (await cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-amount") ?? "0"))).map(Number);
}

test("Features -> sort by spend -> a feature -> one model -> bucket breakdown -> CSV total equals the page", async ({ page, request }, info) => {
  const key = createKey({ scopes: "ingest,read", name: "views e2e" });
  const recorded = await recordUsage(request, key);
  if (recorded.events.some((e) => !e.priced)) {
    // No published rate card for these models yet: publish one effective in the past; the events it now governs
    // are repriced in the background. Wait for that through the costs API.
    mkdirSync(info.outputDir, { recursive: true });
    const file = path.join(info.outputDir, "rates.json");
    writeFileSync(file, JSON.stringify(RATES));
    const r = cli(["pricing", "import", file, "--publish"]);
    expect(r.code, r.stderr).toBe(0);
  }
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/v1/costs?feature=${FEATURE}&groupBy=model`, { headers: { authorization: `Bearer ${key}` } });
        const body = (await res.json()) as { total: { cost: string; events: number }; rows: Array<{ model: string; cost: string }> };
        return { total: body.total.cost, events: body.total.events, models: body.rows.map((x) => [x.model, x.cost]) };
      },
      { timeout: 30_000 },
    )
    .toEqual({
      total: "0.223120000", // 4 × 0.05318 + 2 × 0.0052
      events: 6,
      models: [
        ["gpt-image-2", "0.212720000"],
        ["gpt-image-1-mini", "0.010400000"],
      ],
    });

  await signIn(page, "member");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Features" }).click();
  await expect(page).toHaveURL(/\/features$/);
  const table = page.getByTestId("table-features");
  const spendHeader = table.getByRole("columnheader", { name: /Spend/ });
  const spendCells = table.locator('tbody td[data-col="spend"]');

  // Sort by spend: the header toggles the direction and keeps it in the URL.
  await expect(spendHeader).toHaveAttribute("aria-sort", "descending");
  await spendHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=spend&dir=asc/);
  await expect(spendHeader).toHaveAttribute("aria-sort", "ascending");
  const asc = await amounts(spendCells);
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  await spendHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=spend&dir=desc/);
  await expect(spendHeader).toHaveAttribute("aria-sort", "descending");
  const desc = await amounts(spendCells);
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  expect(desc.length).toBeGreaterThan(0);

  // Open our feature.
  await table.getByRole("link", { name: FEATURE, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: FEATURE })).toBeVisible();
  await expect(page.getByTestId("kpi-spend").locator("[data-amount]")).toHaveAttribute("data-amount", "0.223120000"); // 4 × 0.05318 + 2 × 0.0052

  // Filter to one model.
  await page.locator('[data-filter="model"] summary').click();
  await page.getByRole("checkbox", { name: "gpt-image-2", exact: true }).check();
  await expect(page).toHaveURL(/model=gpt-image-2/);
  await expect(page.getByRole("button", { name: "Remove model filter gpt-image-2" })).toBeVisible();

  // The page's total and its bucket breakdown.
  const pageTotal = await page.getByTestId("kpi-spend").locator("[data-amount]").getAttribute("data-amount");
  expect(pageTotal).toBe("0.212720000"); // 4 × 0.05318
  const buckets = page.getByTestId("table-buckets");
  await expect(buckets).toBeVisible();
  await expect(buckets.locator('tr[data-row="imageOutput"] td[data-col="cost"]')).toHaveAttribute("data-amount", "0.210720000"); // 4 × 1756 × 30 / 1e6
  await expect(buckets.locator('tr[data-row="textInput"] td[data-col="cost"]')).toHaveAttribute("data-amount", "0.002000000"); // 4 × 100 × 5 / 1e6
  await expect(buckets.locator('tfoot [data-total="cost"]')).toHaveAttribute("data-amount", pageTotal as string);

  // Export the breakdown as CSV: the file's total is the page's total, digit for digit, and its buckets add up to it.
  const [download] = await Promise.all([page.waitForEvent("download"), buckets.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^buckets-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse(readFileSync(await download.path(), "utf8"), { columns: true }) as Array<Record<string, string>>;
  const total = rows.find((r) => r.Bucket === "Total");
  expect(total?.["Cost (USD)"]).toBe(pageTotal);
  expect(toAmountString(sum(rows.filter((r) => r.Bucket !== "Total").map((r) => r["Cost (USD)"])))).toBe(pageTotal);
  expect(rows.find((r) => r.Bucket === "Image output")?.["Cost (USD)"]).toBe("0.210720000");

  // The "By team" breakdown exports the same total.
  const byTeam = page.getByTestId("table-teams");
  const [teamCsv] = await Promise.all([page.waitForEvent("download"), byTeam.getByTestId("export-csv").click()]);
  const teamRows = parse(readFileSync(await teamCsv.path(), "utf8"), { columns: true }) as Array<Record<string, string>>;
  expect(teamRows.find((r) => r.Name === "Total")?.["Spend (USD)"]).toBe(pageTotal);
});
