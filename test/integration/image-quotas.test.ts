/**
 * Image quotas on PostgreSQL: budgets in images (per size and quality) next to dollar budgets, evaluated by alert
 * rules (percent thresholds and forecast) and answered by budget-check (a hard quota denies the request).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/budget-check/route";
import { GET } from "@/app/api/v1/costs/route";
import { checkBudget } from "@/lib/alerts/budget-check";
import { createBudget, createRule, getBudgetView, updateBudget } from "@/lib/alerts/service";
import { runEvaluation } from "@/lib/alerts/runner";
import { deliverOutbox, setMailerUrl } from "@/lib/alerts/outbox";
import { startSmtpSink, type SmtpSink } from "@/lib/alerts/smtp-sink";
import type { AlertExplanation } from "@/lib/alerts/explain";
import type { KeyPrincipal } from "@/lib/auth/permissions";
import { loadOverview, loadPageView } from "@/lib/spend/views-service";
import { createTestKey, createTestOrg } from "./helpers";
import { addRollup, adminOf, firingsOf, outboxOf } from "./alerts-fixtures";

const NOW = new Date("2026-11-25T12:00:00Z");
const APP_URL = "http://spendscope.test";
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  setMailerUrl(null);
  await sink.stop();
});

const keyOf = (orgId: string): KeyPrincipal => ({ kind: "key", keyId: "k", orgId, prefix: "ss_test", teamId: null, scopes: ["read"] });

async function orgWithImages() {
  const { org, teams } = await createTestOrg();
  const a = teams.alpha.id;
  await addRollup(org.id, [
    { hour: "2026-11-03T10:00:00Z", teamId: a, model: "gpt-image-1", size: "1024x1024", quality: "high", images: 700, cost: "140" },
    { hour: "2026-11-20T10:00:00Z", teamId: a, model: "gpt-image-1-mini", size: "1024x1024", quality: "high", images: 150, cost: "6" },
    // Other size / quality: outside a 1024x1024 high quota.
    { hour: "2026-11-21T10:00:00Z", teamId: a, model: "gpt-image-1", size: "1536x1024", quality: "high", images: 400, cost: "90" },
    { hour: "2026-11-22T10:00:00Z", teamId: a, model: "gpt-image-1", size: "1024x1024", quality: "low", images: 300, cost: "3" },
    // Previous month, same stretch: 500 matching images of gpt-image-1.
    { hour: "2026-10-05T10:00:00Z", teamId: a, model: "gpt-image-1", size: "1024x1024", quality: "high", images: 500, cost: "100" },
  ]);
  return { org, teams };
}

describe("image quotas", () => {
  it("an alert rule on an image quota counts images of that size and quality, and its mail says so", async () => {
    const { org } = await orgWithImages();
    const admin = adminOf(org.id);
    const quota = await createBudget(admin, { name: "Alpha HD images", period: "month", amount: "1000", unit: "images", imageSize: "1024x1024", imageQuality: "high", team: "alpha" });
    await createRule(admin, { name: "Alpha HD quota", metric: "spend", budgetId: quota.id, config: { unit: "percent_of_budget", thresholds: ["50", "80", "100"] }, recipients: ["alpha@quota.test"] });
    // Dollar thresholds make no sense in images.
    await expect(createRule(admin, { name: "bad", metric: "spend", budgetId: quota.id, config: { unit: "usd", thresholds: ["10"] }, recipients: ["x@quota.test"] })).rejects.toMatchObject({ status: 400 });

    const view = await getBudgetView(admin, quota.id, NOW);
    // 700 + 150 matching images; the 400 at 1536x1024 and the 300 at low quality do not count.
    expect(view).toMatchObject({ unit: "images", imageSize: "1024x1024", imageQuality: "high", current: { spent: "850.000000000", remaining: "150.000000000", percent: "85.0" } });

    const run = await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL });
    expect(run.errors).toEqual([]);
    const firings = await firingsOf(org.id);
    expect(firings.map((f) => [f.threshold, f.value.toString()])).toEqual([["50", "850"], ["80", "850"]]);

    const e = (firings[0].details as unknown as { explanation: AlertExplanation }).explanation;
    expect(e.measure).toBe("images");
    expect(e.groups).toEqual([
      { dim: "feature", items: [{ key: "hero-images", label: "hero-images", value: "850", previous: "500", change: "350", changePercent: "70.0" }] },
      {
        dim: "model",
        items: [
          { key: "gpt-image-1", label: "gpt-image-1", value: "700", previous: "500", change: "200", changePercent: "40.0" },
          { key: "gpt-image-1-mini", label: "gpt-image-1-mini", value: "150", previous: "0", change: "150", changePercent: null },
        ],
      },
    ]);

    // The link narrows the view to the quota's scope, size and quality; the same filters on the costs API count
    // exactly the quota's 850 images (costs and the pages share one filter vocabulary, lib/spend/filters.ts).
    expect(e.link).toBe(`${APP_URL}/?team=alpha&size=1024x1024&quality=high&from=2026-11-01&to=2026-11-30`);
    const key = await createTestKey(org.id, { scopes: ["read"] });
    const res = await GET(new Request(`http://localhost/api/v1/costs${new URL(e.link).search}`, { headers: { authorization: `Bearer ${key.key}` } }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: { images: number; cost: string } }).total).toMatchObject({ images: 850, cost: "146.000000000" });

    const ids = (await outboxOf(org.id)).map((m) => m.id);
    await deliverOutbox({ orgId: org.id, smtpUrl: sink.url, now: NOW, ids });
    const [mail] = sink.messages.filter((m) => m.to.includes("alpha@quota.test"));
    expect(mail.subject).toContain("80% of quota reached (850 images of 1,000 images)");
    const lines = mail.text.split(/\r?\n/);
    expect(lines).toContain("Threshold:        50% of budget (500 images), 80% of budget (800 images)");
    expect(lines).toContain("Image quota:      Alpha HD images: 1,000 images per month");
    expect(lines).toContain("  - gpt-image-1: 700 images (previous 500 images, +200 images, +40.0%)");
  });

  it("a forecast rule projects images", async () => {
    const { org } = await orgWithImages();
    const admin = adminOf(org.id);
    const quota = await createBudget(admin, { name: "Org images", period: "month", amount: "1000", unit: "images" });
    await createRule(admin, { name: "Org image forecast", metric: "forecast", budgetId: quota.id, config: {}, recipients: ["org@quota.test"] });
    await runEvaluation({ now: NOW, orgId: org.id, appUrl: APP_URL });
    const [f] = await firingsOf(org.id);
    // 1,550 images so far this month are already past the 1,000 quota, so the projection is too.
    expect(f.threshold).toBe("100");
    expect((f.details as { message: string }).message).toMatch(/^Projected use [\d,]+ images for month 2026-11 reaches 100% of the 1,000 images quota \(1,550 images used so far\)\.$/);
  });

  it("budget-check returns images used and remaining and denies over a hard image quota", async () => {
    const { org } = await orgWithImages();
    const admin = adminOf(org.id);
    const hard = await createBudget(admin, { name: "Alpha HD hard", period: "month", amount: "855", hard: true, unit: "images", imageSize: "1024x1024", imageQuality: "high", team: "alpha" });
    await createBudget(admin, { name: "Alpha dollars", period: "month", amount: "10000", hard: true, team: "alpha" });
    const p = keyOf(org.id);
    const req = { team: "alpha", estimatedCost: "0.2", size: "1024x1024", quality: "high" };

    const fits = await checkBudget(p, { ...req, images: 5 }, NOW);
    expect(fits.allow).toBe(true);
    expect(fits.images).toMatchObject({ requested: 5, remaining: "5", exceeded: [] });
    expect(fits.images.quotas[0]).toMatchObject({ id: hard.id, limit: "855", used: "850", remaining: "5", projected: "855", wouldExceed: false, scope: { team: "alpha", size: "1024x1024", quality: "high" } });
    // The dollar budget is answered as before, next to the quota.
    expect(fits.budgets.map((b) => [b.name, b.spent])).toEqual([["Alpha dollars", "239.000000000"]]);

    const over = await checkBudget(p, { ...req, images: 6 }, NOW);
    expect(over).toMatchObject({ allow: false, exceeded: [hard.id] });
    expect(over.images.quotas[0]).toMatchObject({ wouldExceed: true, exceededBy: "1" });

    // Another quality is outside the quota.
    expect((await checkBudget(p, { ...req, quality: "low", images: 100 }, NOW)).allow).toBe(true);

    // Through the route: a bad images value is a 400 naming the field.
    const key = await createTestKey(org.id, { team: "alpha", scopes: ["read"] });
    const res = await POST(new Request("http://localhost/api/v1/budget-check", { method: "POST", headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" }, body: JSON.stringify({ estimatedCost: "0.1", images: 1.5 }) }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("images");

    // A PATCH that leaves unit and hard out keeps them.
    await updateBudget(admin, hard.id, { name: "Alpha HD hard (renamed)" });
    expect(await getBudgetView(admin, hard.id, NOW)).toMatchObject({ unit: "images", hard: true, imageSize: "1024x1024" });
    await expect(updateBudget(admin, hard.id, { amount: "10.5" })).rejects.toMatchObject({ status: 400 });
    // A dollar budget whose rule has USD thresholds cannot become an image quota under it.
    const dollars = await createBudget(admin, { name: "Dollars with a USD rule", period: "month", amount: "100" });
    await createRule(admin, { name: "usd", metric: "spend", budgetId: dollars.id, config: { unit: "usd", thresholds: ["10"] }, recipients: ["x@quota.test"] });
    await expect(updateBudget(admin, dollars.id, { unit: "images" })).rejects.toMatchObject({ status: 409 });
  });

  it("the Overview's budget burn lists image quotas in images, with the same % as the Alerts page", async () => {
    const { org } = await orgWithImages();
    const admin = adminOf(org.id);
    const quota = await createBudget(admin, { name: "Alpha HD images", period: "month", amount: "1000", unit: "images", imageSize: "1024x1024", imageQuality: "high", team: "alpha" });
    const dollars = await createBudget(admin, { name: "Alpha dollars", period: "month", amount: "300", team: "alpha" });
    const o = await loadOverview(await loadPageView(admin, {}, NOW), "model");
    expect(o.budgets.map((b) => [b.name, b.unit, b.spent, b.amount, b.percent, b.scope])).toEqual([
      // 700 + 150 images at 1024x1024 high of 1000 (budgets by name)
      ["Alpha HD images", "images", "850", "1000", "85.0", "team alpha, images 1024x1024, high"],
      // 140 + 6 + 90 + 3 = 239 of 300 = 79.666… -> 79.7
      ["Alpha dollars", "usd", "239.000000000", "300.000000000", "79.7", "team alpha"],
    ]);
    for (const [id, b] of [[quota.id, o.budgets[0]], [dollars.id, o.budgets[1]]] as const) {
      expect(b.percent).toBe((await getBudgetView(admin, id, NOW)).current.percent);
    }
  });
});
