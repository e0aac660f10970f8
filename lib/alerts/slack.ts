/**
 * The Slack-compatible body of an alert webhook (a rule's webhookFormat "slack"): Slack incoming-webhook `text`
 * (the notification and fallback line) plus Block Kit `blocks`. Pure: built from the JSON payload the outbox row
 * holds (mail-templates.ts renderWebhookPayload), so one message keeps one set of facts in both formats.
 *
 * Invariants:
 *  - Everything that came from users or data (rule name, team, feature and model names, messages) is escaped for
 *    Slack mrkdwn (&, <, > become entities), so no name can forge a link or a mention.
 *  - Limits Slack enforces are kept: header text ≤ 150 characters, section text ≤ 3000, at most 10 fields.
 *  - Fields absent from the payload (a rule without budget or forecast) are left out, never shown as "null".
 *  - An explained alert (payload.explanation) says what drove it with the same words as the mail
 *    (explain-render.ts), one section per open dimension; the older top lists are the fallback.
 */
import { formatUsd } from "@/lib/money/decimal";
import type { AlertExplanation } from "./explain";
import { DIM_HEADINGS, contributorText, explanationHeading } from "./explain-render";

export interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
}

/** Slack's mrkdwn escaping (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function usd(v: string): string {
  try {
    return formatUsd(v);
  } catch {
    return v;
  }
}

/** The Slack body for one alert webhook payload. */
export function toSlackPayload(payload: Record<string, unknown>): SlackPayload {
  const rule = obj(payload.rule);
  const scope = obj(payload.scope);
  const budget = obj(payload.budget);
  const forecast = obj(payload.forecast);
  const top = obj(payload.top);
  const test = payload.test === true;
  const ruleName = str(rule.name) ?? "Spendscope alert";
  const messages = arr(payload.firings).flatMap((f) => (str(obj(f).message) ? [str(obj(f).message) as string] : []));
  const link = str(payload.link);

  const scopeParts = [
    str(scope.team) && `team ${str(scope.team)}`,
    str(scope.feature) && `feature ${str(scope.feature)}`,
    str(scope.model) && `model ${str(scope.model)}`,
    str(scope.workflow) && `workflow ${str(scope.workflow)}`,
  ].filter((s): s is string => Boolean(s));
  const scopeText = scopeParts.length ? scopeParts.join(", ") : "whole organization";

  const fields: string[] = [`*Scope*\n${slackEscape(scopeText)}`];
  const period = obj(payload.period);
  if (str(period.startDate) && str(period.endDate)) fields.push(`*Period*\n${slackEscape(`${period.startDate} – ${period.endDate}`)}`);
  if (str(payload.spentSoFar)) fields.push(`*Spent so far*\n${slackEscape(usd(str(payload.spentSoFar) as string))}`);
  if (str(budget.amount)) fields.push(`*Budget*\n${slackEscape(`${usd(str(budget.amount) as string)}${str(budget.name) ? ` (${str(budget.name)})` : ""}`)}`);
  if (str(forecast.projected)) fields.push(`*Forecast*\n${slackEscape(usd(str(forecast.projected) as string))}`);

  const topLine = (label: string, items: unknown[]) => {
    const named = items.flatMap((i) => (str(obj(i).name) && str(obj(i).value) ? [`${str(obj(i).name)} ${top.unit === "usd" ? usd(str(obj(i).value) as string) : str(obj(i).value)}`] : []));
    return named.length ? `*Top ${label}:* ${slackEscape(named.join(", "))}` : null;
  };
  const topLines = [topLine("features", arr(top.features)), topLine("models", arr(top.models))].filter((l): l is string => l !== null);
  const explanation = explanationBlocks(payload.explanation);

  const title = `${test ? "[Test] " : ""}${ruleName}`;
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: clip(title, 150), emoji: false } },
    { type: "section", text: { type: "mrkdwn", text: clip(messages.map(slackEscape).join("\n") || slackEscape(title), 3000) } },
    { type: "section", fields: fields.slice(0, 10).map((text) => ({ type: "mrkdwn", text: clip(text, 2000) })) },
  ];
  if (explanation.length) blocks.push(...explanation);
  else if (topLines.length) blocks.push({ type: "context", elements: topLines.map((text) => ({ type: "mrkdwn", text: clip(text, 3000) })) });
  if (link) blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "View the spend" }, url: link }] });

  const text = clip(slackEscape(`${title}: ${messages.join(" ") || scopeText}`), 3000);
  return { text, blocks };
}

/** The explanation as Slack sections (heading, then one line per contributor per dimension); [] when absent. */
function explanationBlocks(raw: unknown): Record<string, unknown>[] {
  const e = obj(raw) as Partial<AlertExplanation>;
  const notes = Array.isArray(e.notes) ? e.notes.filter((n): n is string => typeof n === "string") : [];
  if (!e.measure || !Array.isArray(e.groups) || (e.groups.length === 0 && notes.length === 0)) return [];
  const explanation = e as AlertExplanation;
  const lines = notes.length
    ? [slackEscape(notes[0]), ...(notes.length > 1 ? [notes.slice(1).map((n) => `• ${slackEscape(n)}`).join("\n")] : [])]
    : explanation.groups.map((g) => {
        const items = g.items.map((c) => `• ${slackEscape(c.label)}: ${slackEscape(contributorText(explanation.measure, c))}`);
        return `*${DIM_HEADINGS[g.dim]}*\n${items.length ? items.join("\n") : "(none)"}`;
      });
  return [
    { type: "section", text: { type: "mrkdwn", text: clip(`*${slackEscape(explanationHeading(explanation))}*`, 3000) } },
    ...lines.map((text) => ({ type: "section", text: { type: "mrkdwn", text: clip(text, 3000) } })),
  ];
}
