import { expect, test, type Page } from "@playwright/test";
import { NAV_ITEMS } from "../components/nav-items";
import { signIn } from "./fixtures";

/**
 * Every main dashboard page, signed in as the demo admin (who sees the most: the Admin page, every action):
 *  - fits a 390 px phone without horizontal scroll (tables scroll inside their own container), and
 *  - renders and hydrates under the Content-Security-Policy with no violation in the console.
 */
const PAGES = NAV_ITEMS.map((i) => i.href);

function recordCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.push(`${page.url()}: ${e.message}`));
  return seen;
}

for (const width of [390, 1280]) {
  test(`every dashboard page fits ${width} px and runs under the CSP`, async ({ page }) => {
    test.setTimeout(300_000); // eleven pages, each loaded to network idle
    const violations = recordCspViolations(page);
    await signIn(page, "admin");
    await page.setViewportSize({ width, height: 844 });
    for (const href of PAGES) {
      await page.goto(href);
      await page.waitForLoadState("networkidle");
      // Hydrated under the CSP: React has attached to the (client component) navigation.
      await expect
        .poll(() => page.evaluate(() => Object.keys(document.querySelector("nav")!).some((k) => k.startsWith("__react"))))
        .toBe(true);
      const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      expect(scrollWidth, `${href} at ${width} px`).toBeLessThanOrEqual(width);
    }
    expect(violations).toEqual([]);
  });
}
