/** Spendscope TypeScript SDK. Standalone: import only from "lib/sdk" (no other repo modules, no dependencies). */
export { Spendscope, SpendscopeError, type SpendscopeOptions } from "./client";
export { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry";
export type {
  BudgetCheckInput,
  BudgetCheckResult,
  BudgetStatus,
  EventInput,
  OpenAIImageContext,
  OpenAIImagesResponse,
  OpenAIUsage,
  Outcome,
  ProblemDetails,
  RecordResult,
  Stage,
  TokenUsage,
  UsageEvent,
  Workflow,
} from "./types";
