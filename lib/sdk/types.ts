/**
 * Wire types of the Spendscope API, copied (not imported) from lib/ingest/event-schema.ts so the SDK stays
 * standalone. Keep in sync with that file.
 */

export type Workflow = "text_to_image" | "image_edit" | "vision_analysis" | "analysis_then_generate";
export type Stage = "analysis" | "generation";
export type Outcome = "accepted" | "rejected" | "failed" | "unknown";

export const WORKFLOWS: readonly Workflow[] = ["text_to_image", "image_edit", "vision_analysis", "analysis_then_generate"];

/** Our six disjoint token buckets; omitted buckets count as 0. */
export interface TokenUsage {
  textInputTokens?: number;
  cachedTextInputTokens?: number;
  textOutputTokens?: number;
  imageInputTokens?: number;
  cachedImageInputTokens?: number;
  imageOutputTokens?: number;
}

/** The `usage` object an OpenAI response returned (Images API, Chat Completions or Responses). */
export interface OpenAIUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  input_tokens_details?: Record<string, unknown> | null;
  prompt_tokens_details?: Record<string, unknown> | null;
  output_tokens_details?: Record<string, unknown> | null;
  completion_tokens_details?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** One usage event as sent to `POST /api/v1/usage`. */
export interface UsageEvent {
  /** 1-128 chars; the idempotency key, unique per organization. */
  id: string;
  /** ISO-8601 with offset; at most 5 minutes in the future. */
  timestamp: string;
  /** Team slug; required for organization-wide API keys. */
  team?: string | null;
  feature: string;
  workflow: Workflow;
  /** Required when workflow is analysis_then_generate. */
  stage?: Stage | null;
  traceId?: string | null;
  model: string;
  /** Default "openai". */
  provider?: string | null;
  /** Give usage, or openaiUsage, or neither (then `images` is required and the cost is estimated per image). */
  usage?: TokenUsage | null;
  openaiUsage?: OpenAIUsage | null;
  images?: number | null;
  size?: string | null;
  quality?: string | null;
  inputImages?: number | null;
  batch?: boolean | null;
  attempt?: number | null;
  outcome?: Outcome | null;
  /** At most 4 KB serialized. */
  metadata?: Record<string, unknown> | null;
}

/** What `record()` accepts: id and timestamp are filled in when missing (random UUID, now). */
export type EventInput = Omit<UsageEvent, "id" | "timestamp"> & {
  id?: string;
  timestamp?: string | Date;
};

/** RFC 9457 problem details as returned by the API on errors. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  /** For validation errors: every bad event by index and field path. */
  errors?: Array<{ index: number | null; path: string; message: string }>;
  [key: string]: unknown;
}

/** The subset of an OpenAI images.generate / images.edit response the SDK reads. */
export interface OpenAIImagesResponse {
  created?: number;
  data?: unknown[] | null;
  usage?: OpenAIUsage | null;
  size?: string | null;
  quality?: string | null;
  output_format?: string | null;
  [key: string]: unknown;
}

export interface OpenAIImageContext {
  feature: string;
  /** Default: image_edit when inputImages > 0, else text_to_image. */
  workflow?: Workflow;
  stage?: Stage;
  team?: string;
  model: string;
  size?: string;
  quality?: string;
  inputImages?: number;
  traceId?: string;
  attempt?: number;
  outcome?: Outcome;
  batch?: boolean;
  id?: string;
  metadata?: Record<string, unknown>;
}

export interface BudgetCheckInput {
  team?: string;
  feature?: string;
  model?: string;
  workflow?: Workflow;
  /** Decimal string in the organization's currency, e.g. "0.042". */
  estimatedCost: string;
  /** Images the request will create, counted against hard image quotas (server default 1). */
  images?: number;
  /** Size and quality of those images; quotas limited to a size or quality apply only when they match. */
  size?: string;
  quality?: string;
}

export interface BudgetStatus {
  id: string;
  name?: string;
  /** Decimal strings. */
  limit?: string;
  spent?: string;
  remaining?: string;
  [key: string]: unknown;
}

export interface BudgetCheckResult {
  allow: boolean;
  /** Smallest remaining amount over the matching budgets (decimal string), or null when none applies. */
  remaining: string | null;
  budgets: BudgetStatus[];
  /** Hard image quotas: images used and remaining per quota (integer strings); one exceeded makes allow false. */
  images?: { requested: number; remaining: string | null; quotas: Array<{ id: string; limit: string; used: string; remaining: string; wouldExceed: boolean; [key: string]: unknown }>; exceeded: string[] };
}

export interface RecordResult {
  /** Ids of the recorded events, in input order (generated ones included). */
  ids: string[];
}
