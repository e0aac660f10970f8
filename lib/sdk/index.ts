/** Spendscope TypeScript SDK. Standalone: import only from "lib/sdk" (no other repo modules, no dependencies). */
export { Spendscope, SpendscopeError, type SpendscopeOptions } from "./client";
export { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry";
export {
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  computeWebhookSignature,
  parseSignatureHeader,
  signWebhookPayload,
  verifyWebhookSignature,
  type VerifyWebhookInput,
  type WebhookVerification,
} from "./webhooks";
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
