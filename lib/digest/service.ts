/**
 * Weekly team digests: the signed-in user's opt-in (which teams), the preview, and the scheduled enqueue the
 * alert worker runs on every pass (worker.ts runPass), so there is no second scheduler.
 *
 * Who may receive which team: admins any team of the organization, members and viewers only teams they belong
 * to (the same rule is re-applied when sending, so leaving a team stops the mail).
 * Exactly once per (recipient, team, week): claimDigest + the outbox row commit together (queries.ts).
 */
import { z } from "zod";
import { db, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { badRequest, forbidden, notFound } from "@/lib/api/errors";
import type { Principal, UserPrincipal } from "@/lib/auth/permissions";
import { insertOutboxMessages, sumSpend } from "@/lib/alerts/queries";
import { periodFor } from "@/lib/alerts/periods";
import { periodForecast } from "@/lib/alerts/metrics";
import { aggregateSpend, noFilters, type AggRow } from "@/lib/spend/queries";
import { figuresFrom, zeroFigures, type Figures } from "@/lib/spend/figures";
import { toAmountString } from "@/lib/money/decimal";
import { digestContent, MOVER_DIMS, type DigestBudgetInput, type DigestContent, type MoverDim } from "./content";
import { dueWeek, latestDueWeek, type DigestWeek } from "./schedule";
import { renderDigestMail, type RenderedDigest } from "./template";
import {
  claimDigest,
  claimedKeys,
  findOrg,
  linkOutbox,
  listActiveSubscriptions,
  listOrgTeams,
  listSubscribedTeamIds,
  listTeamBudgets,
  replaceSubscriptions,
  type DueSubscription,
} from "./queries";

export const digestSettingsSchema = z.object({
  teams: z.array(z.string().min(1).max(100)).max(200).describe("Slugs of the teams whose weekly digest to receive ([] = none)"),
});
export type DigestSettingsInput = z.infer<typeof digestSettingsSchema>;

export const digestPreviewQuerySchema = z.object({
  team: z.string().min(1).max(100).describe("Team slug"),
});

export interface DigestSettings {
  timeZone: string;
  /** When the next digest goes out (Monday 08:00 in the organization's zone), ISO instant. */
  nextSendAt: string;
  teams: { slug: string; name: string; subscribed: boolean }[];
}

function userOf(p: Principal): UserPrincipal {
  if (p.kind !== "user") throw forbidden("Digest settings belong to a signed-in user.");
  return p;
}

/** Teams the user may receive: every team for admins, else the user's teams. */
async function allowedTeams(client: Db, p: UserPrincipal) {
  const teams = await listOrgTeams(client, p.orgId);
  return p.role === "admin" ? teams : teams.filter((t) => p.teamIds.includes(t.id));
}

export async function getDigestSettings(principal: Principal, now = new Date(), client: Db = db()): Promise<DigestSettings> {
  const p = userOf(principal);
  const [org, teams, subscribed] = await Promise.all([findOrg(client, p.orgId), allowedTeams(client, p), listSubscribedTeamIds(client, p.userId)]);
  const tz = org?.timeZone ?? "UTC";
  const next = latestDueWeek(new Date(now.getTime() + 7 * 86_400_000), tz).sendAt;
  return { timeZone: tz, nextSendAt: next.toISOString(), teams: teams.map((t) => ({ slug: t.slug, name: t.name, subscribed: subscribed.includes(t.id) })) };
}

export async function saveDigestSettings(principal: Principal, input: DigestSettingsInput, now = new Date(), client: Db = db()): Promise<DigestSettings> {
  const p = userOf(principal);
  const teams = await allowedTeams(client, p);
  const bySlug = new Map(teams.map((t) => [t.slug, t.id]));
  const ids: string[] = [];
  for (const [i, slug] of input.teams.entries()) {
    const id = bySlug.get(slug);
    if (!id) throw badRequest(`You cannot receive the digest of team "${slug}".`, [{ path: `teams[${i}]`, message: "not one of your teams" }]);
    if (!ids.includes(id)) ids.push(id);
  }
  await client.$transaction((tx) => replaceSubscriptions(tx, p.orgId, p.userId, ids, now));
  return getDigestSettings(p, now, client);
}

// ------------------------------------------------------------------------------------------------ building

function totalOf(rows: AggRow[], set: number): Figures {
  const r = rows.find((x) => x.set === set);
  return r ? figuresFrom(r) : zeroFigures();
}

function byKey(rows: AggRow[], set: number, dim: MoverDim): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.set === set) out[r.keys[dim] ?? ""] = toAmountString(r.money.cost) as string;
  return out;
}

async function weekRows(orgId: string, teamId: string, tz: string, start: Date, endExclusive: Date): Promise<AggRow[]> {
  return aggregateSpend({ orgId, start, endExclusive, tz, sets: [[], ["feature"], ["model"], ["quality"]], filters: { ...noFilters(), teamIds: [teamId] } });
}

async function teamBudgets(client: Db, orgId: string, teamId: string, tz: string, now: Date): Promise<DigestBudgetInput[]> {
  // One query at a time: the worker's pass runs on any client, the embedded database's single connection included.
  const out: DigestBudgetInput[] = [];
  for (const b of await listTeamBudgets(client, orgId, teamId)) {
    const period = periodFor(b.period, now, tz);
    const scope = { teamId: b.teamId, feature: b.feature, model: b.model, workflow: b.workflow };
    const spent = await sumSpend(client, orgId, scope, period.start, period.endExclusive);
    const { forecast } = await periodForecast(client, { orgId, scope, period, now, tz }, spent);
    out.push({
      name: b.name,
      period: `${b.period} ${period.key}`,
      amount: toAmountString(b.amount.toString()) as string,
      spent: toAmountString(spent) as string,
      forecast: forecast.projected,
      hard: b.hard,
    });
  }
  return out;
}

export interface BuiltDigest {
  week: { weekStart: string; weekEnd: string };
  content: DigestContent;
  mail: RenderedDigest;
}

/** Figures and mail of one team's week; budgets as of `now` (the send time). */
export async function buildDigest(
  client: Db,
  a: { orgId: string; orgName: string; tz: string; team: { id: string; slug: string; name: string }; week: DigestWeek; now: Date; appUrl: string },
): Promise<BuiltDigest> {
  const cur = await weekRows(a.orgId, a.team.id, a.tz, a.week.start, a.week.endExclusive);
  const prev = await weekRows(a.orgId, a.team.id, a.tz, a.week.previousStart, a.week.start);
  const budgets = await teamBudgets(client, a.orgId, a.team.id, a.tz, a.now);
  const breakdown = Object.fromEntries(MOVER_DIMS.map((d, i) => [d, { current: byKey(cur, i + 1, d), previous: byKey(prev, i + 1, d) }])) as Record<
    MoverDim,
    { current: Record<string, string>; previous: Record<string, string> }
  >;
  const content = digestContent({ current: totalOf(cur, 0), previous: totalOf(prev, 0), breakdown, budgets });
  const week = { weekStart: a.week.weekStart, weekEnd: a.week.weekEnd };
  const mail = renderDigestMail({ appUrl: a.appUrl, orgName: a.orgName, team: { slug: a.team.slug, name: a.team.name }, week }, content);
  return { week, content, mail };
}

/** The digest the user would receive for `teamSlug`: the most recent week whose send time has passed. */
export async function previewDigest(principal: Principal, teamSlug: string, now = new Date(), client: Db = db()): Promise<BuiltDigest> {
  const p = userOf(principal);
  const team = (await allowedTeams(client, p)).find((t) => t.slug === teamSlug);
  if (!team) throw notFound(`No team "${teamSlug}" among the teams whose digest you may receive.`);
  const org = await findOrg(client, p.orgId);
  if (!org) throw notFound();
  const week = latestDueWeek(now, org.timeZone);
  return buildDigest(client, { orgId: org.id, orgName: org.name, tz: org.timeZone, team, week, now, appUrl: env().APP_URL });
}

// ------------------------------------------------------------------------------------------------ scheduled

export interface DigestPassResult {
  due: number;
  /** Digests this pass claimed and queued. */
  queued: number;
  errors: string[];
}

/**
 * Queues every digest that is due and not yet claimed. Safe from any number of processes at once: a digest's
 * figures are built outside the transaction, then claim + outbox row commit together; a lost race writes nothing.
 */
export async function enqueueDueDigests(opts: { client?: Db; now?: Date; appUrl?: string; log?: (l: string) => void } = {}): Promise<DigestPassResult> {
  const client = opts.client ?? db();
  const now = opts.now ?? new Date();
  const appUrl = opts.appUrl ?? env().APP_URL;
  const subs = await listActiveSubscriptions(client);
  const due: { s: DueSubscription; week: DigestWeek }[] = [];
  for (const s of subs) {
    const week = dueWeek(now, s.timeZone, s.subscribedAt);
    if (week) due.push({ s, week });
  }
  const taken = await claimedKeys(client, [...new Set(due.map((d) => d.week.weekStart))]);
  const todo = due.filter((d) => !taken.has(`${d.s.userId}|${d.s.teamId}|${d.week.weekStart}`));
  const result: DigestPassResult = { due: todo.length, queued: 0, errors: [] };
  const built = new Map<string, Promise<BuiltDigest>>();
  for (const { s, week } of todo) {
    try {
      // One build per team and week, shared by its recipients.
      const key = `${s.teamId}|${week.weekStart}`;
      if (!built.has(key)) {
        built.set(key, buildDigest(client, { orgId: s.orgId, orgName: s.orgName, tz: s.timeZone, team: { id: s.teamId, slug: s.teamSlug, name: s.teamName }, week, now, appUrl }));
      }
      const d = await built.get(key)!;
      const won = await client.$transaction(async (tx) => {
        const claim = await claimDigest(tx, { orgId: s.orgId, userId: s.userId, teamId: s.teamId, weekStart: week.weekStart, now });
        if (!claim) return false;
        const [outboxId] = await insertOutboxMessages(
          tx,
          [{ orgId: s.orgId, firingId: null, kind: "email", recipient: s.email, ruleId: null, subject: d.mail.subject, textBody: d.mail.text, htmlBody: d.mail.html }],
          now,
        );
        await linkOutbox(tx, claim, outboxId);
        return true;
      });
      if (won) result.queued++;
    } catch (e) {
      result.errors.push(`${s.teamSlug}/${s.userId}: ${(e as Error).message}`);
      opts.log?.(`digest for team ${s.teamSlug} failed: ${(e as Error).message}`);
    }
  }
  return result;
}
