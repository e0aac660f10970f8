import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { cli, createKey, readMail, signIn } from "./fixtures";
import { parseMail } from "../lib/alerts/mime-lite";
import { Decimal, dec, formatUsd } from "../lib/money/decimal";

const TZ = "America/New_York"; // the demo organization's zone: budget periods follow it

function monthBounds(now = new Date()): { from: string; to: string } {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit" }).format(now).split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, "0");
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, "0")}` };
}

/** Records `n` high-quality gpt-image-1 images for `feature`; returns the cost of each as the API priced it. */
async function ingest(request: APIRequestContext, key: string, feature: string, n: number): Promise<Decimal[]> {
  const events = Array.from({ length: n }, () => ({
    id: `e2e-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    feature,
    workflow: "text_to_image",
    model: "gpt-image-1",
    size: "1024x1024",
    quality: "high",
    images: 1,
    usage: { textInputTokens: 50, imageOutputTokens: 4160 },
    outcome: "accepted",
  }));
  const res = await request.post("/api/v1/usage", { headers: { authorization: `Bearer ${key}` }, data: { events } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const body = (await res.json()) as { events: { cost: string | null }[] };
  for (const e of body.events) expect(e.cost, "the demo pricing must price gpt-image-1").not.toBeNull();
  return body.events.map((e) => dec(e.cost as string));
}

function mailsTo(recipient: string) {
  return readMail()
    .filter((m) => m.to.includes(recipient))
    .map((m) => parseMail(m.raw));
}

test("a member's 80 % rule on a team budget mails once, with the right figures and link, and shows in the history", async ({ page, request }) => {
  test.setTimeout(120_000);
  const tag = randomUUID().slice(0, 8);
  const feature = `e2e-alerts-${tag}`;
  const recipient = `owner-${tag}@northwind.example`;
  const key = createKey({ team: "creative-studio", scopes: "ingest", name: `e2e alerts ${tag}` });

  // What one image costs under the demo pricing, so the budget can be sized around it.
  const [unit] = await ingest(request, key, `e2e-probe-${tag}`, 1);
  const amount = unit.times(10).toDecimalPlaces(2, Decimal.ROUND_DOWN); // 8 images land between 80 % and 100 %
  expect(amount.gt(0)).toBe(true);

  await signIn(page, "member");
  await page.goto("/alerts");
  await page.getByRole("link", { name: "New budget" }).click();
  await page.getByLabel("Name").fill(`E2E budget ${tag}`);
  await page.getByLabel("Amount (USD)").fill(amount.toFixed());
  await page.getByLabel("Period").selectOption("month");
  await page.getByLabel("Team").selectOption({ label: "Creative Studio" });
  await page.getByLabel("Feature").fill(feature);
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  const card = page.getByTestId("budget-card").filter({ hasText: `E2E budget ${tag}` });
  await expect(card).toContainText(`$0.00 of ${formatUsd(amount)}`);

  // The rule form validates before anything is stored.
  await card.getByRole("link", { name: "Add rule" }).click();
  await page.getByLabel("Name").fill(`E2E 80% ${tag}`);
  await page.getByLabel("Thresholds (%)").fill("80, 80");
  await page.getByLabel("Recipients").fill("not-an-email");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText("thresholds must be distinct")).toBeVisible();
  await expect(page.getByText("a valid email address")).toBeVisible();
  await page.getByLabel("Thresholds (%)").fill("80");
  await page.getByLabel("Recipients").fill(recipient);
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page).toHaveURL(/\/alerts\/rules$/);
  const row = page.getByTestId("rule-row").filter({ hasText: `E2E 80% ${tag}` });
  await expect(row).toContainText(`Spend reaches 80 % of "E2E budget ${tag}"`);
  await expect(row).toContainText("never");

  // Usage past 80 % of the budget, through the ingestion API.
  const costs = await ingest(request, key, feature, 8);
  const spent = costs.reduce((a, b) => a.plus(b), dec(0));
  expect(spent.gte(amount.times("0.8"))).toBe(true);
  expect(spent.lt(amount)).toBe(true);

  // One evaluation pass (the in-process worker may get there first: the claim makes that harmless). The CLI is
  // configured like the app: same SMTP server, same public URL for links.
  process.env.SMTP_URL ??= `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`;
  process.env.APP_URL ??= new URL(page.url()).origin;
  const run = cli(["alerts", "evaluate"]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/evaluated \d+ rule\(s\)/);
  await expect.poll(() => mailsTo(recipient).length, { timeout: 30_000 }).toBe(1);

  const [mail] = mailsTo(recipient);
  const { from, to } = monthBounds();
  expect(mail.subject).toContain(`E2E 80% ${tag}: 80% of budget reached (${formatUsd(spent)} of ${formatUsd(amount)})`);
  expect(mail.text).toContain(`Scope:            team Creative Studio, feature ${feature}`);
  expect(mail.text).toContain(`Threshold:        80% of budget (${formatUsd(amount.times("0.8"))})`);
  expect(mail.text).toContain(`Current value:    ${formatUsd(spent)}`);
  expect(mail.text).toContain(`Budget:           E2E budget ${tag}: ${formatUsd(amount)} per month`);
  // The explanation ranks what the budget's scope (team and feature) leaves open: the models.
  expect(mail.text).toContain(`Models:\n  - gpt-image-1: ${formatUsd(spent)} (previous $0.00, +${formatUsd(spent)}, new)`);
  const base = new URL(page.url()).origin;
  const link = `${base}/?team=creative-studio&feature=${encodeURIComponent(feature)}&from=${from}&to=${to}`;
  expect(mail.text).toContain(`View the spend: ${link}`);
  expect(mail.html).toContain(`href="${link.replace(/&/g, "&amp;")}"`);

  // Evaluating again sends nothing more.
  expect(cli(["alerts", "evaluate"]).code).toBe(0);
  await page.waitForTimeout(1500);
  expect(mailsTo(recipient)).toHaveLength(1);

  // The firing shows in the history with the values at the time.
  await page.goto("/alerts/history");
  const firing = page.getByTestId("firing-row").filter({ hasText: `E2E 80% ${tag}` });
  await expect(firing).toHaveCount(1);
  await expect(firing).toContainText("80% of budget");
  await expect(firing).toContainText(formatUsd(spent));
  await expect(firing).toContainText(formatUsd(amount));
  await page.goto("/alerts");
  await expect(page.getByTestId("budget-card").filter({ hasText: `E2E budget ${tag}` })).toContainText(`${formatUsd(spent)} of ${formatUsd(amount)}`);
});
