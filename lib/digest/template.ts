/**
 * The weekly digest mail: subject, plain text and HTML, from DigestContent. Pure; the settings-page preview
 * renders with this same function, so the preview is the mail.
 *
 * HTML for mail clients: one centered 600 px table layout, inline styles only, no images, fonts, scripts or
 * external assets; every figure also appears in the text part. Every value is escaped (esc from the alert mail).
 */
import { dec, formatUsd } from "@/lib/money/decimal";
import { esc } from "@/lib/alerts/mail-templates";
import { MOVER_DIMS, type DigestContent, type Mover, type MoverDim } from "./content";

export interface DigestMailMeta {
  appUrl: string;
  orgName: string;
  team: { slug: string; name: string };
  week: { weekStart: string; weekEnd: string };
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

const DIM_TITLES: Record<MoverDim, string> = { feature: "Features", model: "Models", quality: "Quality" };

const base = (appUrl: string) => appUrl.replace(/\/+$/, "");

export function settingsUrl(appUrl: string): string {
  return `${base(appUrl)}/settings/digest`;
}

export function teamWeekUrl(meta: DigestMailMeta): string {
  const q = new URLSearchParams({ team: meta.team.slug, from: meta.week.weekStart, to: meta.week.weekEnd });
  return `${base(meta.appUrl)}/usage?${q.toString()}`;
}

/** "+12.5 %", "-3.0 %", or "new" when the previous value was zero. */
export function pctText(p: string | null): string {
  if (p === null) return "new";
  const d = dec(p).toDecimalPlaces(1);
  return `${d.isNegative() ? "" : "+"}${d.toFixed(1)} %`;
}

function signedUsd(v: string): string {
  const d = dec(v);
  return `${d.isNegative() ? "-" : "+"}${formatUsd(d.abs())}`;
}

function moverLine(m: Mover): string {
  return `${m.name || "(none)"}: ${formatUsd(m.current)} (${signedUsd(m.change)}, ${pctText(m.changePercent)})`;
}

/** The HTML part's <body> content, for showing the mail inside a page (the settings preview). */
export function mailBodyFragment(html: string): string {
  const open = html.indexOf(">", html.indexOf("<body")) + 1;
  const close = html.lastIndexOf("</body>");
  return open > 0 && close > open ? html.slice(open, close) : html;
}

export function renderDigestMail(meta: DigestMailMeta, c: DigestContent): RenderedDigest {
  const subject = `Weekly spend for ${meta.team.name}: ${formatUsd(c.spend.current)} (${pctText(c.spend.changePercent)}), ${meta.week.weekStart} to ${meta.week.weekEnd}`;
  const cpa = c.costPerAccepted;
  const headline = [
    ["Spend this week", formatUsd(c.spend.current)],
    ["Previous week", formatUsd(c.spend.previous)],
    ["Change", `${signedUsd(c.spend.change)} (${pctText(c.spend.changePercent)})`],
    ["Cost per accepted output", cpa.current === null ? "no accepted outputs" : `${formatUsd(cpa.current)} (${cpa.accepted} accepted; previous week ${cpa.previous === null ? "none" : formatUsd(cpa.previous)})`],
    ["Events", `${c.events.total} (previous week ${c.events.previousTotal})`],
    ["Unpriced events", String(c.events.unpriced)],
    ["Events with warnings", String(c.events.warnings)],
  ] as const;
  const budgetLines = c.budgets.map((b) => ({
    name: b.name,
    text: `${formatUsd(b.spent)} of ${formatUsd(b.amount)} (${b.percent ?? "-"} %) this ${b.period}; forecast ${b.forecast === null ? "-" : `${formatUsd(b.forecast)} (${b.forecastPercent ?? "-"} %)`}${b.overBudget ? " - over budget" : ""}`,
    over: b.overBudget,
  }));
  const view = teamWeekUrl(meta);
  const unsubscribe = settingsUrl(meta.appUrl);

  const text = [
    `Spendscope weekly digest - ${meta.orgName}, team ${meta.team.name}`,
    `Week ${meta.week.weekStart} to ${meta.week.weekEnd}`,
    "",
    ...headline.map(([k, v]) => `${k}: ${v}`),
    "",
    "Biggest movers against the previous week",
    ...MOVER_DIMS.flatMap((d) => [`  ${DIM_TITLES[d]}:`, ...(c.movers[d].length ? c.movers[d].map((m) => `    ${moverLine(m)}`) : ["    no change"])]),
    "",
    "Budgets",
    ...(budgetLines.length ? budgetLines.map((b) => `  ${b.name}: ${b.text}`) : ["  no budget for this team"]),
    "",
    `Open the week: ${view}`,
    "",
    `You receive this because you chose this team's weekly digest. Unsubscribe or change teams: ${unsubscribe}`,
  ].join("\n");

  const td = "padding:6px 8px;border-bottom:1px solid #e5e7eb;font-size:14px;color:#111827;vertical-align:top";
  const th = "padding:14px 8px 6px 8px;font-size:15px;font-weight:bold;color:#111827;text-align:left";
  const row = (k: string, v: string, color = "#111827") =>
    `<tr><td style="${td};color:#4b5563">${esc(k)}</td><td style="${td};text-align:right;color:${color}">${esc(v)}</td></tr>`;
  const section = (title: string) => `<tr><th colspan="2" style="${th}">${esc(title)}</th></tr>`;
  const changeColor = dec(c.spend.change).isNegative() ? "#047857" : dec(c.spend.change).isZero() ? "#111827" : "#b91c1c";
  const rows = [
    section("This week"),
    ...headline.map(([k, v], i) => row(k, v, i === 2 ? changeColor : "#111827")),
    section("Biggest movers against the previous week"),
    ...MOVER_DIMS.flatMap((d) =>
      c.movers[d].length
        ? c.movers[d].map((m, i) => row(`${i === 0 ? `${DIM_TITLES[d]}: ` : ""}${m.name || "(none)"}`, `${formatUsd(m.current)} (${signedUsd(m.change)}, ${pctText(m.changePercent)})`))
        : [row(`${DIM_TITLES[d]}`, "no change")],
    ),
    section("Budgets"),
    ...(budgetLines.length ? budgetLines.map((b) => row(b.name, b.text, b.over ? "#b91c1c" : "#111827")) : [row("No budget for this team", "")]),
  ].join("");
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border:1px solid #e5e7eb;font-family:Arial,Helvetica,sans-serif">
<tr><td colspan="2" style="padding:16px 8px 4px 8px;font-size:18px;font-weight:bold;color:#111827">Weekly digest: ${esc(meta.team.name)}</td></tr>
<tr><td colspan="2" style="padding:0 8px 8px 8px;font-size:13px;color:#6b7280">${esc(meta.orgName)} &middot; ${esc(meta.week.weekStart)} to ${esc(meta.week.weekEnd)}</td></tr>
${rows}
<tr><td colspan="2" style="padding:16px 8px"><a href="${esc(view)}" style="color:#1d4ed8;font-size:14px">Open the week in Spendscope</a></td></tr>
<tr><td colspan="2" style="padding:8px 8px 16px 8px;font-size:12px;color:#6b7280">You receive this because you chose this team's weekly digest. <a href="${esc(unsubscribe)}" style="color:#6b7280">Unsubscribe or change teams</a></td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}
