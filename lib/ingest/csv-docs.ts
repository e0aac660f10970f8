import { CSV_COLUMNS } from "./csv-events";

/**
 * What each usage-CSV column means, shown on the Usage page and in the API reference. The columns themselves
 * (names, order, types) are defined once in csv-events.ts; a unit test keeps this list complete.
 */

export interface CsvColumnDoc {
  name: string;
  required: string;
  type: string;
  description: string;
}

const DOCS: Record<string, Omit<CsvColumnDoc, "name">> = {
  id: { required: "yes", type: "text, 1-128", description: "Your idempotency key, unique per organization. Re-uploading a row with the same id and content is a no-op." },
  timestamp: { required: "yes", type: "ISO-8601 with offset", description: "When the API call happened, e.g. 2026-11-01T09:30:00Z; from 2000-01-01 to at most 5 minutes in the future." },
  team: { required: "unless a default team is chosen", type: "team slug", description: "The team that spent the money. Members may only upload for their own teams." },
  feature: { required: "yes", type: "text, 1-100", description: "The product feature, e.g. hero-image-generator. New names are created on first use." },
  workflow: { required: "yes", type: "text_to_image | image_edit | vision_analysis | analysis_then_generate", description: "What kind of work the call did." },
  stage: { required: "for analysis_then_generate", type: "analysis | generation", description: "Which stage of a two-stage workflow." },
  trace_id: { required: "no", type: "text, 1-128", description: "Groups the calls (stages, retries) behind one user action." },
  model: { required: "yes", type: "text", description: "As the application called it, e.g. gpt-image-1.5 or openai/gpt-image-2 (aliases are resolved by pricing)." },
  provider: { required: "no (openai)", type: "text", description: "Selects the pricing snapshot's provider route, e.g. openai or flatkey." },
  text_input_tokens: { required: "no (0)", type: "integer >= 0", description: "Uncached prompt tokens." },
  cached_text_input_tokens: { required: "no (0)", type: "integer >= 0", description: "Cached prompt tokens (not also counted in text_input_tokens)." },
  text_output_tokens: { required: "no (0)", type: "integer >= 0", description: "Text the model returned." },
  image_input_tokens: { required: "no (0)", type: "integer >= 0", description: "Uncached tokens of reference images, masks and analyzed images." },
  cached_image_input_tokens: { required: "no (0)", type: "integer >= 0", description: "Cached image input tokens." },
  image_output_tokens: { required: "no (0)", type: "integer >= 0", description: "Generated image tokens. Leave all token columns empty and give images, size and quality to have the cost priced exactly from the snapshot row's per-image or per-megapixel prices, or else estimated from its output-token table." },
  images: { required: "when no token column is filled", type: "integer 0-100,000", description: "Outputs produced." },
  size: { required: "no", type: "text", description: "e.g. 1024x1024, 1024x1536, 1536x1024." },
  quality: { required: "no", type: "low | medium | high | auto", description: "Requested quality." },
  input_images: { required: "no", type: "integer >= 0", description: "Reference images and masks attached." },
  batch: { required: "no (false)", type: "true/false, 1/0, yes/no", description: "Sent through the Batch API (discounted rates)." },
  attempt: { required: "no (1)", type: "integer >= 1", description: "1 for a first try, 2+ for retries." },
  outcome: { required: "no (unknown)", type: "accepted | rejected | failed | unknown", description: "Whether the output was used." },
  metadata: { required: "no", type: "JSON object, <= 4 KB, <= 16 levels", description: 'Anything else worth keeping, e.g. {"ticket":"A-1"}. Finite numbers only.' },
};

export const CSV_COLUMN_DOCS: CsvColumnDoc[] = CSV_COLUMNS.map((c) => ({
  name: c.name,
  ...(DOCS[c.name] ?? { required: "no", type: "text", description: "" }),
}));

export function documentedColumnNames(): string[] {
  return Object.keys(DOCS);
}

/** A small, valid example file (timestamps a day before `now`, so it always passes the future check). */
export function sampleUsageCsv(team: string, now: Date): string {
  const t = (minutes: number) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 86_400_000 + minutes * 60_000).toISOString();
  const header = CSV_COLUMNS.map((c) => c.name);
  const rows: Array<Record<string, string>> = [
    { id: "sample-0001", timestamp: t(0), team, feature: "hero-image-generator", workflow: "text_to_image", model: "gpt-image-2", text_input_tokens: "120", image_output_tokens: "1756", images: "1", size: "1024x1024", quality: "medium", outcome: "accepted" },
    { id: "sample-0002", timestamp: t(5), team, feature: "brand-style-transfer", workflow: "image_edit", model: "gpt-image-1.5", text_input_tokens: "80", image_input_tokens: "765", image_output_tokens: "4160", images: "1", size: "1024x1024", quality: "high", input_images: "1", outcome: "rejected" },
    { id: "sample-0003", timestamp: t(6), team, feature: "brand-style-transfer", workflow: "image_edit", model: "gpt-image-1.5", text_input_tokens: "80", image_input_tokens: "765", image_output_tokens: "4160", images: "1", size: "1024x1024", quality: "high", input_images: "1", attempt: "2", outcome: "accepted" },
    { id: "sample-0004", timestamp: t(10), team, feature: "listing-image-audit", workflow: "vision_analysis", model: "gpt-4.1-mini", text_input_tokens: "350", cached_text_input_tokens: "1024", image_input_tokens: "765", text_output_tokens: "90", outcome: "accepted" },
    { id: "sample-0005", timestamp: t(15), team, feature: "catalog-backfill", workflow: "text_to_image", model: "gpt-image-1-mini", images: "4", size: "1024x1536", quality: "low", batch: "true", outcome: "unknown", metadata: '{"job":"nightly"}' },
    { id: "sample-0006a", timestamp: t(20), team, feature: "pet-portrait", workflow: "analysis_then_generate", stage: "analysis", trace_id: "trace-42", model: "gpt-4.1-mini", text_input_tokens: "200", image_input_tokens: "1105", text_output_tokens: "150", outcome: "accepted" },
    { id: "sample-0006b", timestamp: t(21), team, feature: "pet-portrait", workflow: "analysis_then_generate", stage: "generation", trace_id: "trace-42", model: "gpt-image-2", text_input_tokens: "260", image_output_tokens: "7024", images: "1", size: "1024x1024", quality: "high", outcome: "accepted" },
  ];
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header.join(","), ...rows.map((r) => header.map((h) => cell(r[h] ?? "")).join(","))].join("\r\n") + "\r\n";
}
