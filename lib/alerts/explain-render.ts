/**
 * How an alert explanation reads in mail (plain text and HTML) and in the alert history. Pure; everything comes
 * from the AlertExplanation recorded with the firing.
 */
import { dec, formatUsd } from "@/lib/money/decimal";
import type { AlertExplanation, Contributor, ExplainDim, ExplainMeasure } from "./explain";

export const DIM_HEADINGS: Record<ExplainDim, string> = { team: "Teams", feature: "Features", model: "Models" };
export const MEASURE_LABELS: Record<ExplainMeasure, string> = {
  cost: "spend",
  images: "images",
  retries: "retries and failed attempts",
  unpriced: "unpriced events",
};

const nf = new Intl.NumberFormat("en-US");

/** A value of the measure for people: "$1,234.50", "1,200 images", "17". */
export function measureText(measure: ExplainMeasure, v: string): string {
  if (measure === "cost") return formatUsd(v);
  const n = nf.format(BigInt(dec(v).toFixed(0)));
  return measure === "images" ? `${n} image${n === "1" ? "" : "s"}` : n;
}

function signed(measure: ExplainMeasure, v: string): string {
  const d = dec(v);
  return `${d.isNegative() ? "-" : "+"}${measureText(measure, d.abs().toFixed())}`;
}

/** "$300.00 (previous $100.00, +$200.00, +200.0%)"; a contributor with nothing before reads "new". */
export function contributorText(measure: ExplainMeasure, c: Contributor): string {
  const pct = c.changePercent === null ? "new" : `${c.changePercent.startsWith("-") ? "" : "+"}${c.changePercent}%`;
  return `${measureText(measure, c.value)} (previous ${measureText(measure, c.previous)}, ${signed(measure, c.change)}, ${pct})`;
}

export function explanationHeading(e: AlertExplanation): string {
  if (e.notes?.length) return "What drove it: billed against tracked by OpenAI project";
  return `What drove it: top ${MEASURE_LABELS[e.measure]} against the same stretch before`;
}

export function explanationLines(e: AlertExplanation): string[] {
  const out = [`${explanationHeading(e)}:`];
  if (e.notes?.length) return [...out, ...e.notes.map((n, i) => (i === 0 ? n : `  - ${n}`))];
  if (e.groups.length === 0) out.push("  (the rule's scope fixes team, feature and model)");
  for (const g of e.groups) {
    out.push(`${DIM_HEADINGS[g.dim]}:`);
    if (g.items.length === 0) out.push("  (none)");
    for (const c of g.items) out.push(`  - ${c.label}: ${contributorText(e.measure, c)}`);
  }
  return out;
}

export function explanationHtml(e: AlertExplanation, esc: (s: string) => string): string {
  if (e.notes?.length) {
    const [why, ...rows] = e.notes;
    const list = rows.length ? `<ul style="margin:4px 0 12px;padding-left:20px">${rows.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
    return `<h3 style="font-size:14px;margin:12px 0 0">${esc(explanationHeading(e))}</h3>\n<p style="margin:4px 0">${esc(why)}</p>${list}`;
  }
  const groups = e.groups
    .map((g) => {
      const items = g.items.length
        ? `<ul style="margin:4px 0 12px;padding-left:20px">${g.items
            .map((c) => `<li>${esc(c.label)}: <strong>${esc(measureText(e.measure, c.value))}</strong> ${esc(contributorText(e.measure, c).slice(measureText(e.measure, c.value).length + 1))}</li>`)
            .join("")}</ul>`
        : `<p style="margin:4px 0 12px;color:#6b7280">(none)</p>`;
      return `<h4 style="font-size:13px;margin:8px 0 0">${esc(DIM_HEADINGS[g.dim])}</h4>${items}`;
    })
    .join("\n");
  return `<h3 style="font-size:14px;margin:12px 0 0">${esc(explanationHeading(e))}</h3>\n${groups}`;
}
