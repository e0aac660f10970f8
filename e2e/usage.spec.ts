import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { signIn } from "./fixtures";

/**
 * A member uploads a usage CSV in the browser: one bad row refuses the whole file with a per-row error report
 * (downloadable), the fixed file then uploads with a progress bar, and the rows are visible as events.
 */

const HEADER = "id,timestamp,team,feature,workflow,model,text_input_tokens,image_output_tokens,images,size,quality,outcome";

function csv(run: string, badTokens: boolean, now: number): string {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const feature = `e2e-upload-${run}`;
  return [
    HEADER,
    `${run}-1,${at(30)},creative-studio,${feature},text_to_image,gpt-image-2,120,1756,1,1024x1024,medium,accepted`,
    `${run}-2,${at(20)},growth,${feature},text_to_image,gpt-image-1-mini,80,${badTokens ? "lots" : "625"},1,1024x1024,low,rejected`,
    `${run}-3,${at(10)},creative-studio,${feature},text_to_image,gpt-image-2,120,7024,1,1024x1024,high,accepted`,
  ].join("\n");
}

test("a member uploads a CSV with one bad row, reads the error report, fixes it and uploads again", async ({ page }) => {
  const now = Date.now();
  const run = `e2e${now.toString(36)}`;
  const bad = csv(run, true, now);
  const fixed = csv(run, false, now);
  await signIn(page, "member");
  await page.goto("/usage");
  await expect(page.getByRole("heading", { name: "Usage", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "CSV columns" })).toBeVisible();

  // 1. The bad file: nothing stored, the bad row reported by line with its column.
  await page.getByLabel("CSV file").setInputFiles({ name: "usage.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Check and upload" }).click();
  const errors = page.getByTestId("csv-errors");
  await expect(errors).toContainText("1 of 3 rows has a problem; nothing was stored.");
  const rows = page.getByTestId("csv-error-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("3"); // physical line 3
  await expect(rows.first()).toContainText(`${run}-2`);
  await expect(rows.first()).toContainText("image_output_tokens");

  // 2. The error report downloads as CSV with the original row next to the problem.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download error report (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("usage-errors.csv");
  const report = readFileSync(await file.path(), "utf8");
  expect(report).toContain("line,row,id,field,message");
  expect(report).toContain(`3,2,${run}-2,image_output_tokens`);
  expect(report).toContain("lots");

  // 3. Fixed file: uploaded, with progress to 100 %.
  await page.getByLabel("CSV file").setInputFiles({ name: "usage.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
  await page.getByRole("button", { name: "Check and upload" }).click();
  await expect(page.getByTestId("csv-done")).toContainText("3 new events stored");
  await expect(page.getByTestId("csv-progress-text")).toHaveText("3 of 3 rows");
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  // 4. Uploading the same file again is safe: nothing new.
  await page.getByRole("button", { name: "Start over" }).click();
  await page.getByLabel("CSV file").setInputFiles({ name: "usage.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
  await page.getByRole("button", { name: "Check and upload" }).click();
  await expect(page.getByTestId("csv-done")).toContainText("0 new events stored, 3 already stored");

  // 5. The events are there.
  await page.getByRole("link", { name: "Latest events" }).click();
  await expect(page).toHaveURL(/tab=events/);
  await expect(page.getByRole("table").getByText(`e2e-upload-${run}`).first()).toBeVisible();
});

test("a member may not upload for another team; a viewer may not upload at all", async ({ page, browser }) => {
  const run = `e2x${Date.now().toString(36)}`;
  await signIn(page, "member");
  await page.goto("/usage");
  const other = [HEADER, `${run}-1,${new Date(Date.now() - 60_000).toISOString()},marketplace,f,text_to_image,gpt-image-2,1,1,1,1024x1024,low,accepted`].join("\n");
  await page.getByLabel("CSV file").setInputFiles({ name: "other.csv", mimeType: "text/csv", buffer: Buffer.from(other) });
  await page.getByRole("button", { name: "Check and upload" }).click();
  await expect(page.getByTestId("csv-error-row")).toContainText('may not upload usage for team "marketplace"');

  const viewer = await browser.newPage();
  await signIn(viewer, "viewer");
  await viewer.goto("/usage");
  await expect(viewer.getByText("Viewers can browse usage but not upload it.")).toBeVisible();
  await expect(viewer.getByLabel("CSV file")).toHaveCount(0);
  await viewer.close();
});

test("the API reference page documents the ingestion API", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  const usage = page.locator("#post-api-v1-usage");
  await expect(usage.getByRole("heading", { name: "Record usage events" })).toBeVisible();
  await expect(usage).toContainText("events[3].usage.imageOutputTokens");
  await expect(usage.getByText("openaiUsage", { exact: true })).toBeVisible();
});
