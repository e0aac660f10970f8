/**
 * Demo budgets and alert rules, sized from the demo usage already seeded so the story holds on any date:
 * the organization's monthly budget is on course to be overspent (forecast fires), Creative Studio has used
 * ~86 % of its month (50 % and 80 % fire), Growth has a hard weekly limit about half used (budget-check demo),
 * social posts spike, retries and an unpriced preview model show up; Mobile's rule is muted for a week.
 * One evaluation pass runs at the end; the mail it queues is delivered by the web server's worker.
 */
import { CLI_ACTOR } from "@/lib/audit/log";
import { db } from "@/lib/db/client";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { Decimal, dec } from "@/lib/money/decimal";
import { periodFor } from "@/lib/alerts/periods";
import { periodForecast } from "@/lib/alerts/metrics";
import { lastHours } from "@/lib/alerts/windows";
import { attemptCounts, findTeamBySlug, sumSpend } from "@/lib/alerts/queries";
import { createBudget, createRule, muteRule } from "@/lib/alerts/service";
import { runEvaluation } from "@/lib/alerts/runner";
import { sumImages } from "@/lib/alerts/explain-queries";
import type { AlertScope } from "@/lib/alerts/rule-config";

const opts = { actor: CLI_ACTOR };
const ANY: AlertScope = { teamId: null, feature: null, model: null, workflow: null };

/** Rounds to three significant digits (1234.5 -> 1240 up, 1230 down), so budgets look like budgets. */
export function niceAmount(x: Decimal, direction: "up" | "down" = "up"): string {
  if (x.lte(1)) return "10";
  const mag = dec(10).pow(Math.max(0, x.e - 2));
  const q = x.div(mag);
  return (direction === "up" ? q.ceil() : q.floor()).times(mag).toFixed();
}

export async function seedDemoAlerts(orgId: string, now: Date): Promise<{ budgets: number; rules: number; firings: number }> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: orgId } });
  const tz = org.timeZone;
  const admin = await db().user.findFirst({ where: { orgId, role: "admin" }, orderBy: { createdAt: "asc" } });
  const p: UserPrincipal = { kind: "user", userId: admin?.id ?? "00000000-0000-4000-8000-000000000000", orgId, email: "cli", name: "spendscope CLI", role: "admin", teamIds: [] };
  const team = async (slug: string) => (await findTeamBySlug(orgId, slug))?.id ?? null;
  const studio = await team("creative-studio");
  const growth = await team("growth");
  const marketplace = await team("marketplace");
  const mobile = await team("mobile");
  const client = db();
  const month = periodFor("month", now, tz);
  const week = periodFor("week", now, tz);
  const spent = (scope: AlertScope, p2: { start: Date; endExclusive: Date }) => sumSpend(client, orgId, scope, p2.start, p2.endExclusive).then(dec);

  // Organization: a monthly budget the forecast overshoots by ~8 %.
  const orgSpent = await spent(ANY, month);
  const orgForecast = dec((await periodForecast(client, { orgId, scope: ANY, period: month, now, tz }, orgSpent.toFixed())).forecast.projected);
  const orgBudget = await createBudget(p, { name: "Organization monthly", period: "month", amount: niceAmount(orgForecast.times("0.92"), "down") }, opts);

  const studioScope = { ...ANY, teamId: studio };
  const studioBudget = await createBudget(p, { name: "Creative Studio monthly", period: "month", amount: niceAmount((await spent(studioScope, month)).div("0.86")), team: "creative-studio" }, opts);
  const growthBudget = await createBudget(p, { name: "Growth weekly (hard)", period: "week", amount: niceAmount((await spent({ ...ANY, teamId: growth }, week)).div("0.55")), hard: true, team: "growth" }, opts);
  const marketBudget = await createBudget(p, { name: "Marketplace quarterly", period: "quarter", amount: niceAmount((await spent({ ...ANY, teamId: marketplace }, periodFor("quarter", now, tz))).times(3)), team: "marketplace" }, opts);
  const mobileBudget = await createBudget(p, { name: "Mobile App monthly", period: "month", amount: niceAmount((await spent({ ...ANY, teamId: mobile }, month)).div("0.9")), team: "mobile" }, opts);

  const pct = (thresholds: string[]) => ({ unit: "percent_of_budget", thresholds });
  await createRule(p, { name: "Organization budget 50/80/100 %", metric: "spend", budgetId: orgBudget.id, config: pct(["50", "80", "100"]), recipients: ["finance@northwind.example"] }, opts);
  await createRule(p, { name: "Organization month-end forecast", metric: "forecast", budgetId: orgBudget.id, config: { percentOfBudget: "100" }, recipients: ["finance@northwind.example", "cto@northwind.example"] }, opts);
  await createRule(p, { name: "Creative Studio budget", metric: "spend", budgetId: studioBudget.id, config: pct(["50", "80", "100"]), recipients: ["studio-leads@northwind.example"], webhookUrl: null }, opts);
  await createRule(p, { name: "Growth weekly limit", metric: "spend", budgetId: growthBudget.id, config: pct(["80", "100"]), recipients: ["growth@northwind.example"] }, opts);
  await createRule(p, { name: "Marketplace quarter", metric: "spend", budgetId: marketBudget.id, config: pct(["50", "80", "100"]), recipients: ["marketplace@northwind.example"] }, opts);
  const mobileRule = await createRule(p, { name: "Mobile App budget", metric: "spend", budgetId: mobileBudget.id, config: pct(["80", "100"]), recipients: ["mobile@northwind.example"] }, opts);
  await muteRule(p, mobileRule.id, { until: new Date(now.getTime() + 7 * 86_400_000).toISOString() }, now, opts);
  await createRule(p, {
    name: "Social posts spike",
    metric: "spike",
    team: "growth",
    feature: "social-post-images",
    config: { windowHours: 24, lookbackHours: 168, multiplier: "2", minWindowSpendUsd: "5" },
    recipients: ["growth@northwind.example"],
  }, opts);

  // Retries: set the bar just under today's rate so the demo shows a firing with real numbers.
  const day = lastHours(now, 24);
  const counts = await attemptCounts(client, orgId, ANY, day.from, day.to);
  const ratio = dec(counts.retries).div(Math.max(counts.acceptedOutputs, 1));
  const retryBar = ratio.gt("0.05") ? ratio.times("0.9").toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed() : "0.25";
  await createRule(p, {
    name: "Retries per accepted image",
    metric: "retries",
    config: { measure: "retries_per_accepted_output", threshold: retryBar, windowHours: 24, minAttempts: 20 },
    recipients: ["platform@northwind.example"],
  }, opts);
  await createRule(p, { name: "Rejected or failed share", metric: "retries", config: { measure: "failed_share_percent", threshold: "40", windowHours: 24, minAttempts: 20 }, recipients: ["platform@northwind.example"] }, opts);
  await createRule(p, { name: "Unpriced models", metric: "unpriced", config: { windowHours: 72 }, recipients: ["platform@northwind.example"] }, opts);

  // An image quota next to the dollar budgets: Creative Studio's square high-quality images, ~85 % used.
  const hd = { size: "1024x1024", quality: "high" };
  const hdUsed = dec(await sumImages(client, orgId, studioScope, hd, month.start, month.endExclusive));
  const quota = await createBudget(p, { name: "Creative Studio HD images", period: "month", amount: niceAmount(Decimal.max(hdUsed, 10).div("0.85")), team: "creative-studio", unit: "images", imageSize: hd.size, imageQuality: hd.quality }, opts);
  await createRule(p, { name: "Creative Studio HD image quota", metric: "spend", budgetId: quota.id, config: pct(["50", "80", "100"]), recipients: ["studio-leads@northwind.example"] }, opts);

  const r = await runEvaluation({ orgId, now });
  return { budgets: 6, rules: 11, firings: r.firings };
}
