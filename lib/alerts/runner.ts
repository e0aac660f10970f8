/**
 * One evaluation pass: for each enabled, unmuted rule compute its metric, evaluate it (pure), and claim each
 * new firing with INSERT ... ON CONFLICT (rule_id, claim_key) DO NOTHING in a transaction that also writes the
 * outbox rows. Claim and mail commit together or not at all, so:
 *  - two workers (or a restart mid-pass) never enqueue a mail twice: the loser's insert waits for the winner's
 *    commit and then does nothing;
 *  - a claimed firing always has its mail in the durable outbox (delivery is outbox.ts's job).
 * The transaction also holds the rule FOR SHARE and re-checks "enabled and not muted", so a mute that commits
 * before the claim wins.
 * Thresholds crossed together in one pass (first evaluation at 105 %) become one message naming them all.
 */
import { db, type Db, type Prisma, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { evaluateRule, isMuted } from "./evaluate";
import { explainFiring } from "./explain-service";
import { quotaFilterOf } from "./image-quota-budgets";
import { periodFor, type Period } from "./periods";
import { toEvaluableRule, type AlertScope, type BudgetLike, type RuleRowLike } from "./rule-config";
import { computeMetric, messageContext, metricKey, type ComputedMetric, type MessageContext, type MetricRequest } from "./metrics";
import { filteredViewUrl, renderAlertMail, renderWebhookPayload, type AlertMessageInput, type ScopeLabels } from "./mail-templates";
import {
  claimFiring,
  findTeamById,
  firedClaimKeys,
  firedClaimKeysOf,
  insertOutboxMessages,
  listEnabledRules,
  lockActiveRule,
  type Client,
  type OutboxRecord,
  type RuleForEvaluation,
} from "./queries";
import type { AlertFiring, EvaluateInput } from "./types";
import { maskWebhookUrl } from "./webhook-policy";

export interface EvaluationOptions {
  client?: Db;
  now?: Date;
  /** Only this organization's rules (the post-ingest hook). */
  orgId?: string;
  appUrl?: string;
  log?: (line: string) => void;
}

export interface EvaluationSummary {
  rules: number;
  /** Firings this pass claimed (won). */
  firings: number;
  /** Outbox messages written. */
  messages: number;
  errors: { ruleId: string; error: string }[];
}

export function budgetLike(b: NonNullable<RuleForEvaluation["budget"]>): BudgetLike {
  return { id: b.id, name: b.name, period: b.period, amount: b.amount.toString(), revision: b.revision, hard: b.hard, teamId: b.teamId, feature: b.feature, model: b.model, workflow: b.workflow, unit: b.unit, imageSize: b.imageSize, imageQuality: b.imageQuality };
}

export function ruleLike(r: RuleForEvaluation): RuleRowLike {
  return { id: r.id, name: r.name, metric: r.metric, config: r.config, enabled: r.enabled, teamId: r.teamId, feature: r.feature, model: r.model, workflow: r.workflow };
}

export async function scopeLabels(client: Client, orgId: string, scope: AlertScope): Promise<ScopeLabels> {
  const team = scope.teamId ? await findTeamById(orgId, scope.teamId, client) : null;
  return { team: team ? { slug: team.slug, name: team.name } : null, feature: scope.feature, model: scope.model, workflow: scope.workflow };
}

/** Everything needed to evaluate a stored rule now; null (with a reason) when its configuration is unusable. */
export function prepareRule(row: RuleForEvaluation, now: Date): { req: MetricRequest } | { error: string } {
  const ev = toEvaluableRule(ruleLike(row), row.budget ? budgetLike(row.budget) : null);
  if (!ev.ok) return { error: ev.error };
  const tz = row.org.timeZone;
  const period = periodFor(ev.rule.periodKind, now, tz);
  return { req: { orgId: row.orgId, rule: ev.rule, scope: ev.scope, period, now, tz, images: quotaFilterOf(ev.rule, row.budget) } };
}

export function messageInput(
  row: RuleForEvaluation,
  period: Period,
  firings: readonly AlertFiring[],
  context: MessageContext,
  labels: ScopeLabels,
  appUrl: string,
  test = false,
): AlertMessageInput {
  return {
    appUrl,
    orgName: row.org.name,
    rule: { id: row.id, name: row.name, metric: row.metric },
    scope: labels,
    period: { kind: period.kind, key: period.key, startDate: period.startDate, endDate: period.endDate },
    firings,
    budget: row.budget ? { name: row.budget.name, amount: row.budget.amount.toString(), hard: row.budget.hard, unit: row.budget.unit } : null,
    spentSoFar: context.spentSoFar,
    forecast: context.forecast ? { projected: context.forecast.projected, runRatePerDay: context.forecast.runRatePerDay, method: context.forecast.method } : null,
    top: context.top,
    explanation: context.explanation ?? null,
    test,
  };
}

/**
 * One email per recipient plus one webhook POST, all carrying the same facts. The webhook row names the rule and
 * shows a masked URL: the URL itself is a secret, read from the rule when sending.
 */
export function outboxRecords(row: Pick<RuleForEvaluation, "id" | "orgId" | "recipients" | "webhookUrl">, input: AlertMessageInput, firingId: string | null): OutboxRecord[] {
  const mail = renderAlertMail(input);
  const out: OutboxRecord[] = row.recipients.map((recipient) => ({
    orgId: row.orgId,
    firingId,
    kind: "email",
    recipient,
    ruleId: row.id,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html,
  }));
  if (row.webhookUrl) {
    out.push({ orgId: row.orgId, firingId, kind: "webhook", recipient: maskWebhookUrl(row.webhookUrl), ruleId: row.id, subject: mail.subject, textBody: JSON.stringify(renderWebhookPayload(input)), htmlBody: "" });
  }
  return out;
}

function firingDetails(f: AlertFiring, req: MetricRequest, computed: ComputedMetric, context: MessageContext, labels: ScopeLabels, link: string, row: RuleForEvaluation) {
  return {
    metric: f.metric,
    message: f.message,
    thresholdKey: f.thresholdKey,
    thresholdUnit: f.thresholdUnit,
    thresholdAmountUsd: f.thresholdAmountUsd ?? null,
    quantityUnit: f.quantityUnit ?? null,
    budgetVersion: f.budgetVersion ?? null,
    periodKind: req.period.kind,
    periodStart: req.period.startDate,
    periodEnd: req.period.endDate,
    window: { from: computed.window.from.toISOString(), to: computed.window.to.toISOString() },
    scope: { team: labels.team, feature: labels.feature, model: labels.model, workflow: labels.workflow },
    values: computed.values,
    spentSoFar: context.spentSoFar,
    forecast: context.forecast,
    top: context.top,
    explanation: context.explanation ?? null,
    budget: row.budget ? { id: row.budget.id, name: row.budget.name, amount: row.budget.amount.toString(), hard: row.budget.hard } : null,
    link,
  } as unknown as Prisma.InputJsonValue;
}

/** Claims the firings and writes their messages, atomically. Returns what this caller won. */
async function claimAndEnqueue(
  tx: Tx,
  row: RuleForEvaluation,
  req: MetricRequest,
  firings: AlertFiring[],
  computed: ComputedMetric,
  context: MessageContext,
  labels: ScopeLabels,
  appUrl: string,
): Promise<{ firings: number; messages: number }> {
  if (!(await lockActiveRule(tx, row.id, req.now))) return { firings: 0, messages: 0 };
  const link = filteredViewUrl(appUrl, labels, req.period.startDate, req.period.endDate);
  const won: { firing: AlertFiring; id: string }[] = [];
  for (const f of firings) {
    const id = await claimFiring(tx, {
      orgId: row.orgId,
      ruleId: row.id,
      claimKey: f.claimKey,
      periodKey: f.periodKey,
      threshold: f.threshold,
      value: f.value,
      budgetAmount: f.budgetAmount ?? null,
      forecast: f.forecast ?? context.forecast?.projected ?? null,
      details: firingDetails(f, req, computed, context, labels, link, row),
      firedAt: req.now,
    });
    if (id) won.push({ firing: f, id });
  }
  if (won.length === 0) return { firings: 0, messages: 0 };
  const input = messageInput(row, req.period, won.map((w) => w.firing), context, labels, appUrl);
  const ids = await insertOutboxMessages(tx, outboxRecords(row, input, won[won.length - 1].id), req.now);
  return { firings: won.length, messages: ids.length };
}

/**
 * What one evaluation pass shares between rules: metrics by metricKey (rules on the same budget or scope compute
 * theirs once) and the claim keys already fired, read for every rule of the pass in one query. A claim key fired
 * meanwhile by another worker is still refused by the claim itself (ON CONFLICT DO NOTHING).
 */
export interface PassCache {
  metrics: Map<string, Promise<ComputedMetric>>;
  fired: Map<string, string[]>;
}

/** Evaluates one stored rule; returns what it claimed. */
export async function evaluateStoredRule(client: Db, row: RuleForEvaluation, now: Date, appUrl: string, pass?: PassCache): Promise<{ firings: number; messages: number }> {
  if (!row.enabled || isMuted(row.mutedUntil, now)) return { firings: 0, messages: 0 };
  const prepared = prepareRule(row, now);
  if ("error" in prepared) throw new Error(prepared.error);
  const { req } = prepared;
  const computed = await sharedMetric(client, req, pass);
  const fired = pass?.fired.get(`${row.id} ${req.period.key}`) ?? (await firedClaimKeys(client, row.id, req.period.key));
  const firings = evaluateRule({ rule: req.rule, values: computed.values, period: req.period, firedClaimKeys: fired, mutedUntil: row.mutedUntil, now } as EvaluateInput);
  if (firings.length === 0) return { firings: 0, messages: 0 };
  // Context (forecast, top contributors) is read outside the claim transaction to keep it short.
  const [context, labels] = await Promise.all([messageContext(client, req, computed, row.budget !== null), scopeLabels(client, row.orgId, req.scope)]);
  context.explanation = await explainFiring(client, req, computed, context, labels, appUrl, firings);
  return client.$transaction((tx) => claimAndEnqueue(tx, row, req, firings, computed, context, labels, appUrl));
}

function sharedMetric(client: Db, req: MetricRequest, pass?: PassCache): Promise<ComputedMetric> {
  if (!pass) return computeMetric(client, req);
  const key = metricKey(req);
  let hit = pass.metrics.get(key);
  if (!hit) pass.metrics.set(key, (hit = computeMetric(client, req)));
  return hit;
}

/** The pass cache for `rows`: their fired claim keys for the current periods, in one query. */
async function passCache(client: Db, rows: readonly RuleForEvaluation[], now: Date): Promise<PassCache> {
  const pairs = rows.flatMap((row) => {
    try {
      const p = prepareRule(row, now);
      return "error" in p ? [] : [{ ruleId: row.id, periodKey: p.req.period.key }];
    } catch {
      return []; // reported when the rule itself is evaluated
    }
  });
  return { metrics: new Map(), fired: await firedClaimKeysOf(client, pairs) };
}

export async function runEvaluation(opts: EvaluationOptions = {}): Promise<EvaluationSummary> {
  const client = opts.client ?? db();
  const now = opts.now ?? new Date();
  const appUrl = opts.appUrl ?? env().APP_URL;
  const rows = await listEnabledRules(client, opts.orgId);
  const summary: EvaluationSummary = { rules: rows.length, firings: 0, messages: 0, errors: [] };
  const pass = await passCache(client, rows, now);
  for (const row of rows) {
    try {
      const r = await evaluateStoredRule(client, row, now, appUrl, pass);
      summary.firings += r.firings;
      summary.messages += r.messages;
    } catch (e) {
      // One broken rule (deleted budget, bad config) must not stop the others.
      const error = (e as Error).message;
      summary.errors.push({ ruleId: row.id, error });
      opts.log?.(`alert rule ${row.id} (${row.name}) skipped: ${error}`);
    }
  }
  return summary;
}
