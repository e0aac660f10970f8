/**
 * Budgets and alert rules: create / edit / delete / mute / send test, with zod validation, authorization
 * (members manage budgets and rules of their teams, admins everything, viewers and keys only read) and an
 * audit entry in the same transaction as each change. Also the read models the pages and API list.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, Prisma, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { writeAudit } from "@/lib/audit/log";
import { badRequest, conflict, forbidden, notFound } from "@/lib/api/errors";
import { parseInput } from "@/lib/api/zod-fields";
import { actorOf, canAdminister, canBrowseSpend, canManageAlertsFor, visibleTeamIds, type Principal } from "@/lib/auth/permissions";
import { dec, toAmountString } from "@/lib/money/decimal";
import { loadModelNameResolver } from "@/lib/pricing/published";
import { periodFor } from "./periods";
import { mergeQuotaFields, quotaAudit, quotaChanged, quotaRuleProblem, quotaUse } from "./image-quota-budgets";
import { BudgetInput, BudgetPatch, RuleInput, describeRuleConfig, scopeEquals, type AlertScope } from "./rule-config";
import { computeMetric, messageContext, periodForecast } from "./metrics";
import { previewFirings } from "./preview";
import { budgetSpentPercent } from "./budget-decision";
import { explainFiring } from "./explain-service";
import { messageInput, outboxRecords, prepareRule, scopeLabels } from "./runner";
import { deliverOutbox } from "./outbox";
import { maskWebhookUrl, webhookUrlProblem } from "./webhook-policy";
import { issueWebhookSecret } from "./webhook-secret";
import {
  countFirings,
  countOutbox,
  countRulesForBudget,
  countRulesPerBudget,
  findBudget,
  findOrgBrief,
  findRule,
  findRuleForEvaluation,
  findTeamBySlug,
  insertOutboxMessages,
  isMessageLeased,
  lastFiringPerRule,
  listBudgets,
  listFirings,
  listOutbox,
  listFeatureNames,
  listRecentModels,
  listRules,
  listTeamsOf,
  requeueMessage,
  spendForRanges,
} from "./queries";
import type { RuleWithValues } from "./types";

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  return parseInput(schema, input);
}

/** Who an audit entry names: the principal, or a trusted caller's own label (seed, CLI). */
export interface ServiceOptions {
  actor?: { actor: string; actorLabel: string };
}

const who = (p: Principal, o: ServiceOptions) => o.actor ?? actorOf(p);

function requireRead(p: Principal): void {
  if (!canBrowseSpend(p)) throw forbidden();
}

/** Team keys see their own team's budgets and rules only. */
function visibleTo(p: Principal, teamId: string | null): boolean {
  const teams = visibleTeamIds(p);
  return !teams || (teamId !== null && teams.includes(teamId));
}

function requireManage(p: Principal, teamId: string | null): void {
  if (!canManageAlertsFor(p, teamId)) {
    throw forbidden(teamId === null ? "Only admins manage organization-wide budgets and rules." : "You can manage budgets and rules of your own teams only.");
  }
}

async function resolveTeam(orgId: string, slug: string | null, tx: Tx): Promise<string | null> {
  if (!slug) return null;
  const t = await findTeamBySlug(orgId, slug, tx);
  if (!t) throw badRequest(`Unknown team "${slug}".`, [{ path: "team", message: `unknown team "${slug}"` }]);
  return t.id;
}

const amount = (d: Prisma.Decimal | string) => toAmountString(d.toString()) as string;

// ------------------------------------------------------------------------------------------------ budgets

export interface TeamBrief {
  id: string;
  slug: string;
  name: string;
}

export interface BudgetView {
  id: string;
  name: string;
  period: "day" | "week" | "month" | "quarter";
  amount: string;
  hard: boolean;
  revision: number;
  /** "usd", or "images" for an image quota (amount, spent, remaining and forecast then count images). */
  unit: "usd" | "images";
  imageSize: string | null;
  imageQuality: string | null;
  scope: { team: TeamBrief | null; feature: string | null; model: string | null; workflow: string | null };
  current: {
    periodKey: string;
    periodStart: string;
    periodEnd: string;
    spent: string;
    /** amount - spent, never below zero. */
    remaining: string;
    /** Spent as % of the amount, one decimal. */
    percent: string;
    forecast: string;
  };
  rules: number;
}

type BudgetRow = Awaited<ReturnType<typeof listBudgets>>[number];

async function budgetViews(orgId: string, rows: BudgetRow[], now: Date): Promise<BudgetView[]> {
  if (rows.length === 0) return [];
  const [org, teamRows] = await Promise.all([findOrgBrief(orgId), listTeamsOf(orgId)]);
  const tz = org?.timeZone ?? "UTC";
  const teams = new Map(teamRows.map((t) => [t.id, t]));
  const periods = rows.map((b) => periodFor(b.period, now, tz));
  const scopes: AlertScope[] = rows.map((b) => ({ teamId: b.teamId, feature: b.feature, model: b.model, workflow: b.workflow }));
  const [spent, rulesBy] = await Promise.all([
    spendForRanges(orgId, rows.map((b, i) => ({ key: b.id, scope: scopes[i], from: periods[i].start, to: periods[i].endExclusive }))),
    countRulesPerBudget(orgId, rows.map((b) => b.id)),
  ]);
  // The forecasts' queries run side by side (one pool connection each), not one budget after another.
  return Promise.all(rows.map(async (b, i): Promise<BudgetView> => {
    const q = b.unit === "images" ? await quotaUse(orgId, b, scopes[i], periods[i], now) : null;
    const s = q ? q.used : (spent.get(b.id) ?? "0");
    const fc = q ? { forecast: { projected: q.forecast } } : await periodForecast(db(), { orgId, scope: scopes[i], period: periods[i], now, tz }, s);
    const amt = dec(b.amount.toString());
    const left = amt.minus(dec(s));
    return {
      id: b.id,
      name: b.name,
      period: b.period,
      amount: amount(b.amount),
      hard: b.hard,
      revision: b.revision,
      unit: b.unit,
      imageSize: b.imageSize,
      imageQuality: b.imageQuality,
      scope: { team: b.teamId ? (teams.get(b.teamId) ?? null) : null, feature: b.feature, model: b.model, workflow: b.workflow },
      current: {
        periodKey: periods[i].key,
        periodStart: periods[i].startDate,
        periodEnd: periods[i].endDate,
        spent: toAmountString(s) as string,
        remaining: toAmountString(left.isNegative() ? "0" : left) as string,
        percent: budgetSpentPercent(s, amt.toFixed()) ?? "0.0",
        forecast: fc.forecast.projected,
      },
      rules: rulesBy.get(b.id) ?? 0,
    };
  }));
}

export async function listBudgetViews(p: Principal, now = new Date()): Promise<BudgetView[]> {
  requireRead(p);
  const rows = (await listBudgets(p.orgId)).filter((b) => visibleTo(p, b.teamId));
  return budgetViews(p.orgId, rows, now);
}

export async function getBudgetView(p: Principal, id: string, now = new Date()): Promise<BudgetView> {
  requireRead(p);
  const b = await findBudget(p.orgId, id);
  if (!b || !visibleTo(p, b.teamId)) throw notFound("No such budget.");
  return (await budgetViews(p.orgId, [b], now))[0];
}

/** A scope's model as stored: the canonical model the name means (an alias or dated variant folds; unpriced stays). */
async function canonicalScopeModel(orgId: string, model: string | null, tx: Tx): Promise<string | null> {
  return model === null ? null : (await loadModelNameResolver(orgId, tx))(model);
}

function budgetAudit(b: BudgetRow) {
  return { name: b.name, period: b.period, amount: b.amount.toString(), hard: b.hard, teamId: b.teamId, feature: b.feature, model: b.model, workflow: b.workflow, revision: b.revision, ...quotaAudit(b) };
}

export async function createBudget(p: Principal, input: unknown, o: ServiceOptions = {}): Promise<{ id: string }> {
  const data = parse(BudgetInput, input);
  return db().$transaction(async (tx) => {
    const teamId = await resolveTeam(p.orgId, data.team, tx);
    requireManage(p, teamId);
    const b = await tx.budget.create({
      data: { orgId: p.orgId, name: data.name, period: data.period, amount: data.amount, hard: data.hard, teamId, feature: data.feature, model: await canonicalScopeModel(p.orgId, data.model, tx), workflow: data.workflow, unit: data.unit, imageSize: data.imageSize, imageQuality: data.imageQuality },
    });
    await writeAudit(tx, { orgId: p.orgId, ...who(p, o), action: "budget.create", entityType: "budget", entityId: b.id, after: budgetAudit(b) });
    return { id: b.id };
  });
}

export async function updateBudget(p: Principal, id: string, input: unknown): Promise<{ id: string; revision: number }> {
  const patch = parse(BudgetPatch, input);
  return db().$transaction(async (tx) => {
    const before = await findBudget(p.orgId, id, tx);
    if (!before) throw notFound("No such budget.");
    requireManage(p, before.teamId);
    const teamId = patch.team !== undefined ? await resolveTeam(p.orgId, patch.team, tx) : before.teamId;
    requireManage(p, teamId);
    const next = {
      name: patch.name ?? before.name,
      period: patch.period ?? before.period,
      amount: patch.amount ?? before.amount.toString(),
      hard: patch.hard ?? before.hard,
      teamId,
      feature: patch.feature !== undefined ? patch.feature : before.feature,
      model: patch.model !== undefined ? await canonicalScopeModel(p.orgId, patch.model, tx) : before.model,
      workflow: patch.workflow !== undefined ? patch.workflow : before.workflow,
      ...mergeQuotaFields(patch, before),
    };
    if (next.unit === "images" && before.unit !== "images") {
      const linked = await tx.alertRule.findMany({ where: { budgetId: id }, select: { metric: true, config: true } });
      const problem = linked.map((r) => quotaRuleProblem(r.metric, r.config, next)).find((x) => x !== null);
      if (problem) throw conflict(`A rule of this budget cannot measure images: ${problem}.`);
    }
    const scope = { teamId: next.teamId, feature: next.feature, model: next.model, workflow: next.workflow };
    const scopeChanged = !scopeEquals(scope, before);
    // Amount, period or scope changes re-arm the budget's thresholds (the revision is part of every claim key).
    const rearm = scopeChanged || next.period !== before.period || !dec(next.amount).eq(dec(before.amount.toString())) || quotaChanged(next, before);
    const after = await tx.budget.update({ where: { id }, data: { ...next, revision: rearm ? before.revision + 1 : before.revision } });
    if (scopeChanged) await tx.alertRule.updateMany({ where: { budgetId: id }, data: scope });
    await writeAudit(tx, { orgId: p.orgId, ...actorOf(p), action: "budget.update", entityType: "budget", entityId: id, before: budgetAudit(before), after: budgetAudit(after) });
    return { id, revision: after.revision };
  });
}

export async function deleteBudget(p: Principal, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await findBudget(p.orgId, id, tx);
    if (!before) throw notFound("No such budget.");
    requireManage(p, before.teamId);
    const rules = await countRulesForBudget(id, tx);
    if (rules > 0) throw conflict(`${rules} alert rule${rules === 1 ? " uses" : "s use"} this budget; delete or re-point ${rules === 1 ? "it" : "them"} first.`);
    await tx.budget.delete({ where: { id } });
    await writeAudit(tx, { orgId: p.orgId, ...actorOf(p), action: "budget.delete", entityType: "budget", entityId: id, before: budgetAudit(before) });
  });
}

// ------------------------------------------------------------------------------------------------ rules

export interface RuleView {
  id: string;
  name: string;
  metric: string;
  description: string;
  config: unknown;
  budget: { id: string; name: string; period: string; amount: string } | null;
  scope: { team: TeamBrief | null; feature: string | null; model: string | null; workflow: string | null };
  recipients: string[];
  /** Masked (scheme://host/…last4) for everyone: the URL often carries a secret. */
  webhookUrl: string | null;
  /** "json" or "slack". */
  webhookFormat: string;
  /** Whether deliveries carry a Spendscope-Signature (the secret itself is shown only when issued). */
  webhookSigned: boolean;
  mutedUntil: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastFiredAt: string | null;
  firings: number;
  /** Whether the asking principal may edit, mute, test and delete it. */
  canManage: boolean;
}

type RuleRow = Awaited<ReturnType<typeof listRules>>[number];

function ruleView(r: RuleRow, teams: Map<string, TeamBrief>, stats: Map<string, { last: Date | null; n: number }>, p: Principal): RuleView {
  const s = stats.get(r.id);
  return {
    id: r.id,
    name: r.name,
    metric: r.metric,
    description: describeRuleConfig(r.metric, r.config, r.budget?.name, r.budget?.unit),
    config: r.config,
    budget: r.budget ? { id: r.budget.id, name: r.budget.name, period: r.budget.period, amount: amount(r.budget.amount) } : null,
    scope: { team: r.teamId ? (teams.get(r.teamId) ?? null) : null, feature: r.feature, model: r.model, workflow: r.workflow },
    recipients: r.recipients,
    webhookUrl: r.webhookUrl ? maskWebhookUrl(r.webhookUrl) : null,
    webhookFormat: r.webhookFormat,
    webhookSigned: r.webhookUrl !== null && r.webhookSecret !== null,
    mutedUntil: r.mutedUntil?.toISOString() ?? null,
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    lastFiredAt: s?.last?.toISOString() ?? null,
    firings: s?.n ?? 0,
    canManage: canManageAlertsFor(p, r.teamId),
  };
}

async function ruleStats(orgId: string) {
  return new Map((await lastFiringPerRule(orgId)).map((g) => [g.ruleId, { last: g._max.firedAt, n: g._count._all }]));
}

export async function listRuleViews(p: Principal): Promise<RuleView[]> {
  requireRead(p);
  const [rows, teams, stats] = await Promise.all([listRules(p.orgId), listTeamsOf(p.orgId), ruleStats(p.orgId)]);
  const byId = new Map(teams.map((t) => [t.id, t]));
  return rows.filter((r) => visibleTo(p, r.teamId)).map((r) => ruleView(r, byId, stats, p));
}

export async function getRuleView(p: Principal, id: string): Promise<RuleView> {
  requireRead(p);
  const r = await findRule(p.orgId, id);
  if (!r || !visibleTo(p, r.teamId)) throw notFound("No such alert rule.");
  const [teams, stats] = await Promise.all([listTeamsOf(p.orgId), ruleStats(p.orgId)]);
  return ruleView(r, new Map(teams.map((t) => [t.id, t])), stats, p);
}

/** Resolves team and budget, checks authorization, and returns the row fields for a validated input. */
async function ruleFields(p: Principal, data: RuleInput, tx: Tx) {
  let scope: AlertScope;
  if (data.budgetId) {
    const budget = await findBudget(p.orgId, data.budgetId, tx);
    if (!budget) throw badRequest("Unknown budget.", [{ path: "budgetId", message: "no such budget" }]);
    // A budget-linked rule measures the budget's scope.
    scope = { teamId: budget.teamId, feature: budget.feature, model: budget.model, workflow: budget.workflow };
  } else {
    scope = { teamId: await resolveTeam(p.orgId, data.team, tx), feature: data.feature, model: await canonicalScopeModel(p.orgId, data.model, tx), workflow: data.workflow };
  }
  requireManage(p, scope.teamId);
  const quotaProblem = quotaRuleProblem(data.metric, data.config, data.budgetId ? await findBudget(p.orgId, data.budgetId, tx) : null);
  if (quotaProblem) throw badRequest(`budgetId: ${quotaProblem}`, [{ path: "budgetId", message: quotaProblem }]);
  // Save-time check (the send-time check on resolved addresses is the one that counts); stored normalized.
  const problem = data.webhookUrl ? webhookUrlProblem(data.webhookUrl, env().WEBHOOK_ALLOWED_PRIVATE_HOSTS) : null;
  if (problem) throw badRequest(`webhookUrl: ${problem}`, [{ path: "webhookUrl", message: problem }]);
  return {
    name: data.name,
    metric: data.metric,
    config: data.config as Prisma.InputJsonValue,
    budgetId: data.budgetId,
    ...scope,
    recipients: data.recipients,
    webhookUrl: data.webhookUrl ? new URL(data.webhookUrl).href : null,
    webhookFormat: data.webhookFormat,
    enabled: data.enabled,
  };
}

/**
 * A rule as audited; lib/audit/log.ts redacts its webhook URL to the origin, as for every audit entry. The signing
 * secret is never audited: only whether there is one.
 */
function ruleAudit(r: { name: string; metric: string; config: unknown; budgetId: string | null; teamId: string | null; feature: string | null; model: string | null; workflow: string | null; recipients: string[]; webhookUrl: string | null; webhookFormat: string; webhookSecret: string | null; enabled: boolean; mutedUntil: Date | null }) {
  return { name: r.name, metric: r.metric, config: r.config, budgetId: r.budgetId, teamId: r.teamId, feature: r.feature, model: r.model, workflow: r.workflow, recipients: r.recipients, webhookUrl: r.webhookUrl, webhookFormat: r.webhookFormat, webhookSigned: r.webhookSecret !== null, enabled: r.enabled, mutedUntil: r.mutedUntil };
}

/** A saved rule; `webhookSecret` is present only when a signing secret was issued by this call (shown once). */
export interface SavedRule {
  id: string;
  webhookSecret?: string;
}

export async function createRule(p: Principal, input: unknown, o: ServiceOptions = {}): Promise<SavedRule> {
  const data = parse(RuleInput, input);
  return db().$transaction(async (tx) => {
    const fields = await ruleFields(p, data, tx);
    const id = randomUUID();
    const issued = fields.webhookUrl ? issueWebhookSecret(id) : null;
    const r = await tx.alertRule.create({ data: { id, orgId: p.orgId, ...fields, webhookSecret: issued?.sealed ?? null, createdById: p.kind === "user" ? p.userId : null } });
    await writeAudit(tx, { orgId: p.orgId, ...who(p, o), action: "alert_rule.create", entityType: "alert_rule", entityId: r.id, after: ruleAudit(r) });
    return issued ? { id: r.id, webhookSecret: issued.secret } : { id: r.id };
  });
}

/**
 * PATCH: the given fields over the stored rule, validated as a whole. The stored webhook URL stays unless a new
 * one (or null) is sent; sending back the masked form that GET showed also keeps it.
 */
export async function updateRule(p: Principal, id: string, input: unknown): Promise<SavedRule> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw badRequest("Send a JSON object.", [{ path: "(body)", message: "expected an object" }]);
  return db().$transaction(async (tx) => {
    const before = await findRule(p.orgId, id, tx);
    if (!before) throw notFound("No such alert rule.");
    requireManage(p, before.teamId);
    const team = before.teamId ? await tx.team.findUnique({ where: { id: before.teamId }, select: { slug: true } }) : null;
    const merged = {
      name: before.name,
      metric: before.metric,
      config: before.config,
      budgetId: before.budgetId,
      team: team?.slug ?? null,
      feature: before.feature,
      model: before.model,
      workflow: before.workflow,
      recipients: before.recipients,
      webhookUrl: before.webhookUrl,
      webhookFormat: before.webhookFormat,
      enabled: before.enabled,
      ...(input as Record<string, unknown>),
    };
    if (before.webhookUrl && merged.webhookUrl === maskWebhookUrl(before.webhookUrl)) merged.webhookUrl = before.webhookUrl;
    const data = parse(RuleInput, merged);
    const fields = await ruleFields(p, data, tx);
    // A webhook keeps its secret while it has a URL; the first URL gets one (shown once), no URL drops it.
    const issued = fields.webhookUrl && !before.webhookSecret ? issueWebhookSecret(id) : null;
    const webhookSecret = fields.webhookUrl ? (issued?.sealed ?? before.webhookSecret) : null;
    const after = await tx.alertRule.update({ where: { id }, data: { ...fields, webhookSecret } });
    await writeAudit(tx, { orgId: p.orgId, ...actorOf(p), action: "alert_rule.update", entityType: "alert_rule", entityId: id, before: ruleAudit(before), after: ruleAudit(after) });
    return issued ? { id, webhookSecret: issued.secret } : { id };
  });
}

/**
 * "Rotate secret": a new signing secret for the rule's webhook, returned once; the old one stops signing at once.
 * Audited without either secret.
 */
export async function rotateWebhookSecret(p: Principal, id: string): Promise<{ webhookSecret: string }> {
  return db().$transaction(async (tx) => {
    const before = await findRule(p.orgId, id, tx);
    if (!before) throw notFound("No such alert rule.");
    requireManage(p, before.teamId);
    if (!before.webhookUrl) throw conflict("This rule has no webhook; add one first.");
    const issued = issueWebhookSecret(id);
    await tx.alertRule.update({ where: { id }, data: { webhookSecret: issued.sealed } });
    await writeAudit(tx, { orgId: p.orgId, ...actorOf(p), action: "alert_rule.rotate_webhook_secret", entityType: "alert_rule", entityId: id, before: { webhookSigned: before.webhookSecret !== null }, after: { webhookSigned: true } });
    return { webhookSecret: issued.secret };
  });
}

export async function deleteRule(p: Principal, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await findRule(p.orgId, id, tx);
    if (!before) throw notFound("No such alert rule.");
    requireManage(p, before.teamId);
    await tx.alertRule.delete({ where: { id } });
    await writeAudit(tx, { orgId: p.orgId, ...actorOf(p), action: "alert_rule.delete", entityType: "alert_rule", entityId: id, before: ruleAudit(before) });
  });
}

export const MuteInput = z.strictObject({
  /** ISO date-time; null unmutes. */
  until: z.iso.datetime({ offset: true, error: "an ISO date-time such as 2026-12-01T09:00:00Z" }).nullable(),
});

/** Mutes until `until` (null unmutes). While muted nothing fires; thresholds still crossed fire after the mute ends. */
export async function muteRule(p: Principal, id: string, input: unknown, now = new Date(), o: ServiceOptions = {}): Promise<{ mutedUntil: string | null }> {
  const { until } = parse(MuteInput, input);
  const mutedUntil = until ? new Date(until) : null;
  if (mutedUntil && mutedUntil.getTime() <= now.getTime()) throw badRequest("The mute must end in the future.", [{ path: "until", message: "must be in the future" }]);
  return db().$transaction(async (tx) => {
    const before = await findRule(p.orgId, id, tx);
    if (!before) throw notFound("No such alert rule.");
    requireManage(p, before.teamId);
    await tx.alertRule.update({ where: { id }, data: { mutedUntil } });
    await writeAudit(tx, { orgId: p.orgId, ...who(p, o), action: mutedUntil ? "alert_rule.mute" : "alert_rule.unmute", entityType: "alert_rule", entityId: id, before: { mutedUntil: before.mutedUntil }, after: { mutedUntil } });
    return { mutedUntil: mutedUntil?.toISOString() ?? null };
  });
}

/**
 * "Send test": the rule's current values, rendered like a real alert (subject marked [Test]), queued in the
 * outbox without a claim and delivered right away. Nothing is recorded as fired.
 */
export interface TestSendResult {
  queued: number;
  sent: number;
  pending: number;
  /** The webhook's fate, without detail that would tell an open port from a closed one; absent without a webhook. */
  webhook?: "delivered" | "refused_by_policy" | "failed";
}

export async function sendTestMessage(p: Principal, id: string, now = new Date()): Promise<TestSendResult> {
  const row = await findRuleForEvaluation(db(), p.orgId, id);
  if (!row) throw notFound("No such alert rule.");
  requireManage(p, row.teamId);
  const prepared = prepareRule(row, now);
  if ("error" in prepared) throw conflict(`This rule cannot be evaluated: ${prepared.error}`);
  const { req } = prepared;
  const computed = await computeMetric(db(), req);
  const firings = previewFirings({ rule: req.rule, values: computed.values, period: req.period, now } as RuleWithValues & { period: typeof req.period; now: Date });
  const [context, labels] = await Promise.all([messageContext(db(), req, computed, row.budget !== null), scopeLabels(db(), row.orgId, req.scope)]);
  // The example explanation a real alert would carry, computed for the current window.
  context.explanation = await explainFiring(db(), req, computed, context, labels, env().APP_URL, firings);
  const input = messageInput(row, req.period, firings, context, labels, env().APP_URL, true);
  const records = outboxRecords(row, input, null);
  const ids = await db().$transaction(async (tx) => {
    const ids = await insertOutboxMessages(tx, records, now);
    await writeAudit(tx, { orgId: p.orgId, ...actorOf(p), action: "alert_rule.test", entityType: "alert_rule", entityId: id, after: { messages: ids.length } });
    return ids;
  });
  const r = await deliverOutbox({ ids, now });
  const hookAt = records.findIndex((m) => m.kind === "webhook");
  const outcome = hookAt >= 0 ? r.outcomes[ids[hookAt]] : undefined;
  const webhook = hookAt < 0 ? undefined : outcome === "sent" ? "delivered" : outcome === "refused_by_policy" ? "refused_by_policy" : "failed";
  return { queued: ids.length, sent: r.sent, pending: ids.length - r.sent - r.failed, webhook };
}

// ------------------------------------------------------------------------------------------------ history, outbox

export interface FiringView {
  id: string;
  rule: { id: string; name: string; metric: string };
  periodKey: string;
  threshold: string;
  value: string;
  budgetAmount: string | null;
  forecast: string | null;
  firedAt: string;
  details: Record<string, unknown>;
}

export async function listFiringViews(p: Principal, opts: { ruleId?: string; page?: number; pageSize?: number } = {}): Promise<{ items: FiringView[]; total: number }> {
  requireRead(p);
  const pageSize = opts.pageSize ?? 50;
  const offset = ((opts.page ?? 1) - 1) * pageSize;
  const [rows, total] = await Promise.all([listFirings(p.orgId, { ruleId: opts.ruleId, limit: pageSize, offset }), countFirings(p.orgId, opts.ruleId)]);
  return {
    total,
    items: rows.map((f) => ({
      id: f.id,
      rule: f.rule,
      periodKey: f.periodKey,
      threshold: f.threshold,
      value: toAmountString(f.value.toString()) as string,
      budgetAmount: f.budgetAmount ? amount(f.budgetAmount) : null,
      forecast: f.forecast ? amount(f.forecast) : null,
      firedAt: f.firedAt.toISOString(),
      details: (f.details ?? {}) as Record<string, unknown>,
    })),
  };
}

export async function listOutboxViews(p: Principal, opts: { status?: "pending" | "sent" | "failed"; page?: number; pageSize?: number } = {}) {
  if (!canAdminister(p)) throw forbidden("Only admins see the outbox.");
  const pageSize = opts.pageSize ?? 50;
  const [items, counts] = await Promise.all([
    listOutbox(p.orgId, { status: opts.status, limit: pageSize, offset: ((opts.page ?? 1) - 1) * pageSize }),
    countOutbox(p.orgId),
  ]);
  const byStatus = { pending: 0, sent: 0, failed: 0 };
  for (const c of counts) byStatus[c.status] = c._count._all;
  return { items, counts: byStatus };
}

export async function retryOutboxMessage(p: Principal, id: string, now = new Date()): Promise<void> {
  if (!canAdminister(p)) throw forbidden("Only admins manage the outbox.");
  const r = await requeueMessage(db(), p.orgId, id, now);
  if (r.count === 0) {
    if (await isMessageLeased(db(), p.orgId, id, now)) throw conflict("A worker is sending this message right now; nothing to retry.");
    throw notFound("No such message waiting or failed.");
  }
  await deliverOutbox({ ids: [id], now });
}

/** Choices for the budget and rule forms: teams the user may manage, known features and recent models. */
export async function formChoices(p: Principal, now = new Date()) {
  requireRead(p);
  const [teams, features, models] = await Promise.all([
    listTeamsOf(p.orgId),
    listFeatureNames(p.orgId),
    listRecentModels(p.orgId, new Date(now.getTime() - 90 * 86_400_000)),
  ]);
  return {
    teams: teams.filter((t) => canManageAlertsFor(p, t.id)),
    canManageOrgWide: canManageAlertsFor(p, null),
    features,
    models,
  };
}

/** Budgets a rule form may link to: those the user manages (plus `keep`, the rule's current one). */
export async function budgetChoices(p: Principal, keep?: string | null) {
  requireRead(p);
  const [rows, teams] = await Promise.all([listBudgets(p.orgId), listTeamsOf(p.orgId)]);
  const slug = new Map(teams.map((t) => [t.id, t.slug]));
  return rows
    .filter((b) => b.id === keep || canManageAlertsFor(p, b.teamId))
    .map((b) => ({ id: b.id, name: b.name, period: b.period as string, amount: dec(b.amount.toString()).toFixed(), unit: b.unit, teamSlug: b.teamId ? (slug.get(b.teamId) ?? null) : null }));
}
