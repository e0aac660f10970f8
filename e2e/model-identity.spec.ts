import { expect, test } from "@playwright/test";
import { createKey, signIn } from "./fixtures";

/**
 * One model identity (#11 item 1) in the browser. The demo calls "openai/gpt-image-2" (help-article-illustrations on
 * OpenAI, the Flatkey migration test) and the dated "gpt-image-1.5-2025-12-16" (ui-bug-repro): the Overview and the
 * Models page show them as gpt-image-2 and gpt-image-1.5 only, the model page lists the names as called, and the
 * Usage page's event list shows an event's name as called next to the model it counts under.
 */

const FOLDED_AWAY = ["openai/gpt-image-2", "gpt-image-1.5-2025-12-16"];

test("folded names show as one model; the names as called stay visible in drill-down and the event list", async ({ page, request }) => {
  await signIn(page, "admin");

  // Overview, stacked by model (the default): one series per canonical model.
  await page.goto("/?range=last30");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  // Retrying assertions: the chart and its legend stream in after the heading.
  const overview = page.locator("main");
  await expect(overview).toContainText("gpt-image-2");
  await expect(overview).toContainText("gpt-image-1.5");
  for (const name of FOLDED_AWAY) await expect(overview).not.toContainText(name);

  // Models: one row per canonical model, no row for a name as called.
  await page.goto("/models?range=last30");
  const main = page.locator("main");
  await expect(main.locator('a[href^="/models/gpt-image-2"]').first()).toBeVisible();
  await expect(main.locator('a[href^="/models/gpt-image-1.5"]').first()).toBeVisible();
  await expect(main.locator('a[href^="/models/openai%2F"]')).toHaveCount(0);
  await expect(main.locator('a[href^="/models/gpt-image-1.5-2025"]')).toHaveCount(0);

  // The model drill-down lists the names as called behind it.
  await page.goto("/models/gpt-image-2?range=last30");
  const names = page.getByTestId("names-as-called");
  await expect(names).toContainText("openai/gpt-image-2");
  await expect(names.getByRole("row").filter({ hasText: "flatkey" })).toHaveCount(1);
  await page.goto("/models/gpt-image-1.5?range=last30");
  await expect(page.getByTestId("names-as-called")).toContainText("gpt-image-1.5-2025-12-16");

  // An event sent as a dated variant: the event list shows the name as called and the model it counts under.
  const key = createKey({ scopes: "ingest,read", name: "e2e identity" });
  const id = `e2e-identity-${Date.now()}`;
  const res = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}` },
    data: { events: [{ id, timestamp: new Date().toISOString(), team: "creative-studio", feature: "e2e-identity", workflow: "text_to_image", model: "GPT-Image-1.5-2026-05-01", usage: { textInputTokens: 100, imageOutputTokens: 1056 }, images: 1, size: "1024x1024", quality: "medium", outcome: "accepted" }] },
  });
  expect(res.status()).toBe(200);
  const listed = await request.get(`/api/v1/usage/events?ids=${id}`, { headers: { authorization: `Bearer ${key}` } });
  expect((await listed.json()).events[0]).toMatchObject({ id, model: "gpt-image-1.5", modelAsCalled: "GPT-Image-1.5-2026-05-01" });
  await page.goto("/usage?tab=events");
  const row = page.getByRole("row").filter({ hasText: "e2e-identity" });
  await expect(row).toContainText("GPT-Image-1.5-2026-05-01");
  await expect(row).toContainText("→ gpt-image-1.5");
});
