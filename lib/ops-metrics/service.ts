/**
 * GET /api/metrics: Prometheus metrics for operators, behind a bearer token (METRICS_TOKEN).
 *
 * Invariants:
 *  - Without METRICS_TOKEN the endpoint does not exist (404); with it, anything but `Bearer <token>` is a 401.
 *    The token is compared in constant time (SHA-256 of both, timingSafeEqual), so timing tells nothing of it.
 *  - Database-derived gauges (spend, events, budgets, outbox, repricing) are the same whichever process answers;
 *    only the ingest counters are per process and carry a `process` label (ingest-counters.ts).
 *  - Money is exact decimal text (numeric → decimal.js → toFixed()), never a float.
 *  - Spend and events cover the current calendar month in each organization's time zone.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { db, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { notFound, unauthorized } from "@/lib/api/errors";
import { dec } from "@/lib/money/decimal";
import { periodFor } from "@/lib/alerts/periods";
import { listBudgets, listTeamsOf, spendForRanges } from "@/lib/alerts/queries";
import { EXPOSITION_CONTENT_TYPE, renderExposition, type MetricFamily, type Sample } from "./exposition";
import { ingestCounters, processLabel } from "./ingest-counters";
import { listOrgs, outboxDepth, repriceJobs, spendByTeamModel } from "./queries";

/** Whether the Authorization header carries exactly `Bearer <expected>`; constant time in the header's content. */
export function bearerMatches(header: string | null, expected: string): boolean {
  const given = header?.startsWith("Bearer ") ? header.slice(7) : "";
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b) && given.length > 0;
}

const money = (v: string) => dec(v).toFixed();

function family(name: string, type: MetricFamily["type"], help: string, samples: Sample[]): MetricFamily {
  return { name, type, help, samples };
}

/** Every metric family, in exposition order. */
export async function collectOpsMetrics(client: Db = db(), now = new Date()): Promise<MetricFamily[]> {
  const orgs = await listOrgs(client);
  const spend: Sample[] = [];
  const events: Sample[] = [];
  const unpriced: Sample[] = [];
  const budgetAmount: Sample[] = [];
  const budgetSpent: Sample[] = [];
  const budgetRemaining: Sample[] = [];
  for (const org of orgs) {
    const month = periodFor("month", now, org.timeZone);
    const rows = await spendByTeamModel(client, org, month.start, month.endExclusive);
    for (const r of rows) {
      const labels = { org: org.name, org_id: org.id, team: r.team, model: r.model };
      spend.push({ labels, value: money(r.cost) });
      events.push({ labels, value: r.events });
      unpriced.push({ labels, value: r.unpriced });
    }
    const [budgets, teams] = await Promise.all([listBudgets(org.id, client), listTeamsOf(org.id, client)]);
    const slug = new Map(teams.map((t) => [t.id, t.slug]));
    const periods = budgets.map((b) => periodFor(b.period, now, org.timeZone));
    const spent = await spendForRanges(
      org.id,
      budgets.map((b, i) => ({ key: b.id, scope: { teamId: b.teamId, feature: b.feature, model: b.model, workflow: b.workflow }, from: periods[i].start, to: periods[i].endExclusive })),
      client,
    );
    for (const [i, b] of budgets.entries()) {
      const labels = { org: org.name, org_id: org.id, budget: b.name, budget_id: b.id, team: b.teamId ? (slug.get(b.teamId) ?? "") : "", period: b.period, period_key: periods[i].key };
      const amount = dec(b.amount.toString());
      const used = dec(spent.get(b.id) ?? "0");
      budgetAmount.push({ labels, value: amount.toFixed() });
      budgetSpent.push({ labels, value: used.toFixed() });
      budgetRemaining.push({ labels, value: amount.minus(used).toFixed() });
    }
  }

  const [outbox, reprice] = await Promise.all([outboxDepth(client, now), repriceJobs(client)]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const orgLabels = (orgId: string) => ({ org: orgName.get(orgId) ?? "", org_id: orgId });
  const outboxSamples = (pick: "messages" | "retrying" | "oldestAge", status: string) =>
    outbox.filter((r) => r.status === status).map((r) => ({ labels: { ...orgLabels(r.orgId), kind: r.kind }, value: r[pick] }));
  const c = ingestCounters();
  const proc = processLabel();

  return [
    family("spendscope_month_spend_usd", "gauge", "Spend this calendar month (organization time zone) by team and model, USD, exact decimal.", spend),
    family("spendscope_month_events", "gauge", "Usage events this calendar month (organization time zone) by team and model.", events),
    family("spendscope_month_unpriced_events", "gauge", "Usage events without a price this calendar month by team and model.", unpriced),
    family("spendscope_budget_amount_usd", "gauge", "Budget amount for its current period, USD.", budgetAmount),
    family("spendscope_budget_spent_usd", "gauge", "Spend in the budget's scope in its current period, USD.", budgetSpent),
    family("spendscope_budget_remaining_usd", "gauge", "Budget amount minus spend in its current period, USD (negative when exceeded).", budgetRemaining),
    family("spendscope_outbox_pending_messages", "gauge", "Alert messages waiting for delivery (outbox depth) by kind.", outboxSamples("messages", "pending")),
    family("spendscope_outbox_retrying_messages", "gauge", "Pending alert messages that failed at least once and wait for a retry, by kind.", outboxSamples("retrying", "pending")),
    family("spendscope_outbox_failed_messages", "gauge", "Alert messages that gave up (need an admin on Alerts > Outbox), by kind.", outboxSamples("messages", "failed")),
    family("spendscope_outbox_oldest_pending_age_seconds", "gauge", "Age of the oldest pending alert message by kind, seconds (no sample when none waits).", outboxSamples("oldestAge", "pending")),
    family("spendscope_reprice_jobs", "gauge", "Reprice jobs by status.", reprice.byStatus.map((r) => ({ labels: { ...orgLabels(r.orgId), status: r.status }, value: r.jobs }))),
    family("spendscope_reprice_job_processed_events", "gauge", "Events repriced so far by each queued or running reprice job.", reprice.active.map((j) => ({ labels: { ...orgLabels(j.orgId), job: j.id, status: j.status }, value: String(j.processed) }))),
    family("spendscope_reprice_job_total_events", "gauge", "Events each queued or running reprice job will reprice.", reprice.active.map((j) => ({ labels: { ...orgLabels(j.orgId), job: j.id, status: j.status }, value: String(j.total) }))),
    family("spendscope_ingest_requests_total", "counter", "POST /api/v1/usage requests handled by this process, by outcome (accepted, invalid, rate_limited, unavailable, error).", Object.entries(c.requests).map(([outcome, n]) => ({ labels: { process: proc, outcome }, value: String(n) }))),
    family("spendscope_ingest_events_total", "counter", "Events in accepted POST /api/v1/usage requests of this process, by status (inserted, duplicate).", Object.entries(c.events).map(([status, n]) => ({ labels: { process: proc, status }, value: String(n) }))),
    family("spendscope_process_start_time_seconds", "gauge", "When this process started counting (unix seconds).", [{ labels: { process: proc }, value: String(Math.floor(c.startedAt / 1000)) }]),
  ];
}

/** The whole endpoint: token check, then the exposition text. */
export async function metricsResponse(req: Request, now = new Date()): Promise<Response> {
  const token = env().METRICS_TOKEN;
  if (!token) throw notFound();
  if (!bearerMatches(req.headers.get("authorization"), token)) throw unauthorized("Send Authorization: Bearer <METRICS_TOKEN>.");
  const text = renderExposition(await collectOpsMetrics(db(), now));
  return new Response(text, { status: 200, headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" } });
}
