/**
 * Prometheus text exposition format (version 0.0.4), pure. (Not lib/alerts/metrics.ts: that computes an alert
 * rule's values; this module is what operators scrape.)
 *
 * Invariants:
 *  - Each family is written as `# HELP name text`, `# TYPE name gauge|counter`, then its samples, families in the
 *    given order, the text ending in a newline.
 *  - HELP text escapes `\` and newline; label values escape `\`, `"` and newline (as the format requires), so any
 *    team, model or budget name is one well-formed label value.
 *  - Metric and label names must match the format's grammar; an invalid one is a programming error (throws).
 *  - Values are decimal text written as given (money stays exact: never converted to a float here), after a
 *    check that they are a number the format accepts; a sample without a valid value throws.
 */

export type MetricType = "gauge" | "counter";

export interface Sample {
  labels?: Record<string, string>;
  /** Decimal text ("412.5", "-3", "0"), or NaN / +Inf / -Inf. */
  value: string;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const VALUE = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|NaN|[+-]Inf)$/;

export function escapeHelp(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function escapeLabelValue(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelSet(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return "";
  for (const [k] of entries) {
    if (!LABEL_NAME.test(k) || k.startsWith("__")) throw new Error(`invalid label name: ${k}`);
  }
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    if (!METRIC_NAME.test(f.name)) throw new Error(`invalid metric name: ${f.name}`);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      if (!VALUE.test(s.value)) throw new Error(`invalid value for ${f.name}: ${s.value}`);
      lines.push(`${f.name}${labelSet(s.labels)} ${s.value}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
