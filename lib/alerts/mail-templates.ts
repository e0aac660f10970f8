/**
 * Alert email (plain text + HTML) and webhook payload. Pure: everything the message says comes in through
 * `AlertMessageInput`, so what was mailed is exactly what the firing recorded.
 */
import { formatUsd } from "@/lib/money/decimal";
import type { AlertExplanation } from "./explain";
import { explanationHtml, explanationLines } from "./explain-render";
import { formatImages } from "./image-quota";
import type { AlertFiring } from "./types";

export interface ScopeLabels {
  team: { slug: string; name: string } | null;
  feature: string | null;
  model: string | null;
  workflow: string | null;
}

export interface TopItem {
  name: string;
  /** USD decimal string when unit is "usd", else an integer count as a string. */
  value: string;
}

export interface AlertMessageInput {
  appUrl: string;
  orgName: string;
  rule: { id: string; name: string; metric: string };
  scope: ScopeLabels;
  period: { kind: string; key: string; startDate: string; endDate: string };
  /** Thresholds won in this pass, ascending; the last one is the headline. */
  firings: readonly AlertFiring[];
  /** unit "images": an image quota (amounts count images). */
  budget?: { name: string; amount: string; hard: boolean; unit?: "usd" | "images" } | null;
  spentSoFar?: string | null;
  forecast?: { projected: string; runRatePerDay: string; method: string } | null;
  top: { unit: "usd" | "count"; label: string; features: readonly TopItem[]; models: readonly TopItem[] };
  /** What drove the firing (explain.ts); replaces the top lists when present. */
  explanation?: AlertExplanation | null;
  /** "Send test" messages say so in the subject and body. */
  test?: boolean;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const METRIC_LABELS: Record<string, string> = {
  spend: "Spend",
  forecast: "Forecast",
  spike: "Spend spike",
  retries: "Retries",
  unpriced: "Unpriced events",
  reconciliation: "Billed vs tracked",
};

export function scopeLabel(s: ScopeLabels): string {
  const parts = [
    s.team ? `team ${s.team.name}` : null,
    s.feature ? `feature ${s.feature}` : null,
    s.model ? `model ${s.model}` : null,
    s.workflow ? `workflow ${s.workflow}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(", ") : "whole organization";
}

/** Link to the Overview filtered to the alert's scope and period (team by slug, dates inclusive; lib/spend/filters.ts). */
export function filteredViewUrl(appUrl: string, scope: ScopeLabels, from: string, to: string, images?: { size: string | null; quality: string | null } | null): string {
  const q = new URLSearchParams();
  if (scope.team) q.set("team", scope.team.slug);
  if (scope.feature) q.set("feature", scope.feature);
  if (scope.model) q.set("model", scope.model);
  if (scope.workflow) q.set("workflow", scope.workflow);
  if (images?.size) q.set("size", images.size);
  if (images?.quality) q.set("quality", images.quality);
  q.set("from", from);
  q.set("to", to);
  return `${appUrl.replace(/\/+$/, "")}/?${q.toString()}`;
}

/** The explanation's link (scope and the explained window) when there is one, else scope and period. */
function viewLink(input: AlertMessageInput): string {
  return input.explanation?.link ?? filteredViewUrl(input.appUrl, input.scope, input.period.startDate, input.period.endDate);
}

export function ruleUrl(appUrl: string, ruleId: string): string {
  return `${appUrl.replace(/\/+$/, "")}/alerts/history?rule=${encodeURIComponent(ruleId)}`;
}

function thresholdText(f: AlertFiring): string {
  switch (f.thresholdUnit) {
    case "usd":
      return formatUsd(f.threshold);
    case "percent_of_budget":
      return `${f.threshold}% of budget${f.thresholdAmountUsd ? ` (${qty(f.quantityUnit, f.thresholdAmountUsd)})` : ""}`;
    case "multiplier":
      return `${f.threshold}× the trailing average`;
    case "percent":
      return `${f.threshold}%`;
    case "ratio":
      return `${f.threshold} per accepted output`;
    case "count":
      return `more than ${f.threshold}`;
  }
}

function valueText(f: AlertFiring): string {
  switch (f.thresholdUnit) {
    case "usd":
    case "percent_of_budget":
      return qty(f.quantityUnit, f.value);
    case "multiplier":
      return `${formatUsd(f.value)}/h`;
    case "percent":
      return `${f.value}%`;
    default:
      return f.value;
  }
}

/** Dollars, or images for an image quota. */
function qty(unit: "images" | undefined, v: string): string {
  return unit === "images" ? formatImages(v) : formatUsd(v);
}

function topValue(unit: "usd" | "count", v: string): string {
  return unit === "usd" ? formatUsd(v) : v;
}

interface Line {
  label: string;
  value: string;
}

function facts(input: AlertMessageInput): Line[] {
  const headline = input.firings[input.firings.length - 1];
  const lines: Line[] = [
    { label: "Scope", value: scopeLabel(input.scope) },
    { label: "Metric", value: METRIC_LABELS[input.rule.metric] ?? input.rule.metric },
    { label: "Period", value: `${input.period.kind} ${input.period.key} (${input.period.startDate} to ${input.period.endDate})` },
    { label: "Threshold", value: input.firings.map(thresholdText).join(", ") },
    { label: "Current value", value: valueText(headline) },
  ];
  const u = input.budget?.unit === "images" ? "images" : undefined;
  if (input.spentSoFar != null && input.rule.metric !== "spend") lines.push({ label: u ? "Used this period" : "Spent this period", value: qty(u, input.spentSoFar) });
  if (input.budget) {
    lines.push({ label: u ? "Image quota" : "Budget", value: `${input.budget.name}: ${qty(u, input.budget.amount)} per ${input.period.kind}${input.budget.hard ? " (hard limit)" : ""}` });
  }
  if (input.forecast) {
    lines.push({ label: "Forecast", value: `${qty(u, input.forecast.projected)} by ${input.period.endDate} (run-rate ${qty(u, input.forecast.runRatePerDay)}/day)` });
  }
  return lines;
}

function subjectOf(input: AlertMessageInput): string {
  const headline = input.firings[input.firings.length - 1];
  const what = (() => {
    switch (headline.thresholdUnit) {
      case "percent_of_budget":
        return input.rule.metric === "forecast"
          ? `forecast ${qty(headline.quantityUnit, headline.value)} reaches ${headline.threshold}% of ${headline.quantityUnit ? "quota" : "budget"}`
          : `${headline.threshold}% of ${headline.quantityUnit ? "quota" : "budget"} reached (${qty(headline.quantityUnit, headline.value)} of ${qty(headline.quantityUnit, headline.budgetAmount ?? "0")})`;
      case "usd":
        return `spend ${formatUsd(headline.value)} reached ${formatUsd(headline.threshold)}`;
      case "multiplier":
        return `spend spike ${formatUsd(headline.value)}/h`;
      case "percent":
        return `${headline.value}% failed or rejected`;
      case "ratio":
        return `${headline.value} retries per accepted output`;
      case "count":
        return `${headline.value} unpriced events`;
    }
  })();
  return `${input.test ? "[Test] " : ""}[Spendscope] ${input.rule.name}: ${what} · ${scopeLabel(input.scope)}, ${input.period.key}`;
}

const TEST_NOTE =
  "This is a test message: the rule did not fire, these are its current values. What drove it is an example computed for the current window: real alerts carry the same.";

export function renderAlertMail(input: AlertMessageInput): RenderedMail {
  if (input.firings.length === 0) throw new RangeError("renderAlertMail needs at least one firing");
  const subject = subjectOf(input);
  const link = viewLink(input);
  const history = ruleUrl(input.appUrl, input.rule.id);
  const lines = facts(input);
  const messages = input.firings.map((f) => f.message);
  const { top } = input;

  const text = [
    input.test ? `${TEST_NOTE}\n` : "",
    `${input.rule.name} (${input.orgName})`,
    "",
    ...messages,
    "",
    ...lines.map((l) => `${(l.label + ":").padEnd(18)}${l.value}`),
    "",
    ...(input.explanation
      ? explanationLines(input.explanation)
      : [
          `Top features by ${top.label}:`,
          ...(top.features.length ? top.features.map((t) => `  - ${t.name}: ${topValue(top.unit, t.value)}`) : ["  (none)"]),
          `Top models by ${top.label}:`,
          ...(top.models.length ? top.models.map((t) => `  - ${t.name}: ${topValue(top.unit, t.value)}`) : ["  (none)"]),
        ]),
    "",
    `View the spend: ${link}`,
    `Rule history:   ${history}`,
    "",
    "You get this because you are a recipient of this Spendscope alert rule. Each threshold is sent once per period.",
  ]
    .filter((l, i) => !(i === 0 && l === ""))
    .join("\n");

  const row = (l: Line) =>
    `<tr><th align="left" style="padding:4px 12px 4px 0;color:#6b7280;font-weight:normal;vertical-align:top">${esc(l.label)}</th><td style="padding:4px 0;color:#111827">${esc(l.value)}</td></tr>`;
  const list = (items: readonly TopItem[]) =>
    items.length
      ? `<ul style="margin:4px 0 12px;padding-left:20px">${items.map((t) => `<li>${esc(t.name)}: <strong>${esc(topValue(top.unit, t.value))}</strong></li>`).join("")}</ul>`
      : `<p style="margin:4px 0 12px;color:#6b7280">(none)</p>`;
  const html = `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#111827;max-width:640px">
${input.test ? `<p style="background:#fef3c7;padding:8px 12px;border-radius:6px">${esc(TEST_NOTE)}</p>` : ""}
<h2 style="font-size:18px;margin:0 0 4px">${esc(input.rule.name)}</h2>
<p style="margin:0 0 12px;color:#6b7280">${esc(input.orgName)}</p>
${messages.map((m) => `<p style="margin:0 0 8px">${esc(m)}</p>`).join("\n")}
<table style="border-collapse:collapse;margin:12px 0">${lines.map(row).join("")}</table>
${input.explanation ? explanationHtml(input.explanation, esc) : `<h3 style="font-size:14px;margin:12px 0 0">Top features by ${esc(top.label)}</h3>
${list(top.features)}
<h3 style="font-size:14px;margin:12px 0 0">Top models by ${esc(top.label)}</h3>
${list(top.models)}`}
<p style="margin:16px 0"><a href="${esc(link)}" style="background:#2563eb;color:#ffffff;padding:8px 14px;border-radius:6px;text-decoration:none">View the spend</a>
&nbsp; <a href="${esc(history)}">Rule history</a></p>
<p style="color:#9ca3af;font-size:12px">You get this because you are a recipient of this Spendscope alert rule. Each threshold is sent once per period.</p>
</body></html>`;
  return { subject, text, html };
}

/** JSON body for webhooks (Slack-compatible `text` plus the structured facts). */
export function renderWebhookPayload(input: AlertMessageInput): Record<string, unknown> {
  const mail = renderAlertMail(input);
  const link = viewLink(input);
  return {
    text: `${mail.subject}\n${input.firings.map((f) => f.message).join("\n")}\n${link}`,
    test: input.test ?? false,
    rule: input.rule,
    scope: { team: input.scope.team?.slug ?? null, feature: input.scope.feature, model: input.scope.model, workflow: input.scope.workflow },
    period: input.period,
    firings: input.firings.map((f) => ({
      threshold: f.threshold,
      thresholdUnit: f.thresholdUnit,
      value: f.value,
      budgetAmount: f.budgetAmount ?? null,
      forecast: f.forecast ?? null,
      claimKey: f.claimKey,
      message: f.message,
    })),
    budget: input.budget ?? null,
    spentSoFar: input.spentSoFar ?? null,
    forecast: input.forecast ?? null,
    top: input.top,
    explanation: input.explanation ?? null,
    link,
  };
}

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
