import { CLI_ACTOR } from "@/lib/audit/log";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { importOpenAICosts, setProjectMapping } from "@/lib/ingest/imports";
import { dec } from "@/lib/money/decimal";
import { cloneSnapshot, currentPublishedSnapshot, updateDraft } from "@/lib/pricing/service";
import { trackedByDay } from "@/lib/reconcile/queries";
import { addDays } from "@/lib/time/calendar";

/**
 * Demo data for issue #11 items 3 and 4, seeded after usage:
 * - a draft OpenAI rate correction (gpt-image-2 image output $30 -> $32, and a row for the unpriced
 *   gpt-image-3-preview) effective 45 days back, so its repricing preview shows a change over two months;
 * - OpenAI projects mapped to teams and 14 days of billed costs built from tracked spend with visible, explained
 *   gaps: a "Text models" line item (no tracked counterpart), a sandbox project mapped to no team, billed cost for
 *   the unpriced preview model's calls, and one day billed 12% above tracked with no explanation.
 */

const DRAFT_LOOKBACK_DAYS = 45;
const BILLED_DAYS = 14;
const PROJECTS: Record<string, string> = { proj_creative: "creative-studio", proj_growth: "growth", proj_platform: "platform" };
/** What OpenAI would bill per unpriced preview call (illustrative). */
const PREVIEW_CALL_USD = "0.06";

export async function seedDemoReconciliation(orgId: string, now: Date): Promise<void> {
  const actor = { ...CLI_ACTOR, userId: null };
  const card = await currentPublishedSnapshot(orgId, "openai", now);
  if (card) {
    const effectiveFrom = `${addDays(now.toISOString().slice(0, 10), -DRAFT_LOOKBACK_DAYS)}T00:00:00.000Z`;
    const draft = await cloneSnapshot(orgId, card.summary.id, actor, { name: "OpenAI rate correction (draft)", effectiveFrom });
    const rows = draft.document.rows.map((r) => (r.model === "gpt-image-2" ? { ...r, rates: { ...r.rates, imageOutput: "32" } } : r));
    const base = rows.find((r) => r.model === "gpt-image-2");
    if (base) rows.push({ ...structuredClone(base), model: "gpt-image-3-preview", aliases: [], rates: { ...base.rates, imageOutput: "40" } });
    await updateDraft(orgId, draft.summary.id, { rows, notes: "Demo draft: open it to see the repricing impact before publishing." }, actor);
  }

  const adminUser = await db().user.findFirst({ where: { orgId, role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!adminUser) return;
  const admin: UserPrincipal = { kind: "user", userId: adminUser.id, orgId, email: adminUser.email, name: adminUser.name, role: "admin", teamIds: [] };
  const teams = await db().team.findMany({ where: { orgId, slug: { in: Object.values(PROJECTS) } } });
  const teamSlug = new Map(teams.map((t) => [t.id, t.slug] as const));
  const projectOf = new Map(Object.entries(PROJECTS).map(([p, slug]) => [slug, p] as const));
  const to = addDays(now.toISOString().slice(0, 10), -1);
  const from = addDays(to, -(BILLED_DAYS - 1));
  const tracked = await trackedByDay(orgId, teams.map((t) => t.id), from, to);

  // [date, project, line item] -> amount
  const billed = new Map<string, ReturnType<typeof dec>>();
  const add = (date: string, project: string, lineItem: string, amount: ReturnType<typeof dec>) => {
    const k = JSON.stringify([date, project, lineItem]);
    billed.set(k, (billed.get(k) ?? dec(0)).plus(amount));
  };
  for (const t of tracked) {
    const project = projectOf.get(teamSlug.get(t.teamId) ?? "");
    if (!project) continue;
    add(t.date, project, "Image models", dec(t.cost).plus(dec(PREVIEW_CALL_USD).times(t.unpricedEvents)));
  }
  const unexplainedDay = addDays(to, -3);
  for (const [k, v] of [...billed]) {
    const [date, project] = JSON.parse(k) as [string, string, string];
    if (date === unexplainedDay && project === "proj_creative") billed.set(k, v.times("1.12"));
  }
  for (let i = 0; i < BILLED_DAYS; i++) {
    const date = addDays(from, i);
    if (i % 3 === 0) add(date, "proj_growth", "Text models", dec("1.20"));
    if (i % 4 === 1) add(date, "proj_sandbox", "Image models", dec("0.80"));
  }
  const results = [...billed].map(([k, v]) => {
    const [date, project_id, line_item] = JSON.parse(k) as [string, string, string];
    return { date, project_id, line_item, value: Number(v.toDecimalPlaces(2).toFixed(2)) };
  });
  const dates = [...new Set(results.map((r) => r.date))].sort();
  const page = {
    object: "page",
    data: dates.map((d) => {
      const start = Date.parse(`${d}T00:00:00Z`) / 1000;
      return {
        object: "bucket",
        start_time: start,
        end_time: start + 86_400,
        results: results.filter((r) => r.date === d).map((r) => ({ object: "organization.costs.result", amount: { value: r.value, currency: "usd" }, line_item: r.line_item, project_id: r.project_id })),
      };
    }),
  };
  if (dates.length === 0) return;
  await importOpenAICosts(orgId, JSON.stringify(page), admin);
  for (const [project, slug] of Object.entries(PROJECTS)) await setProjectMapping(orgId, project, slug, admin);
}
