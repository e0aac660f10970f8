import { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry";
import {
  WORKFLOWS,
  type BudgetCheckInput,
  type BudgetCheckResult,
  type EventInput,
  type OpenAIImageContext,
  type OpenAIImagesResponse,
  type ProblemDetails,
  type RecordResult,
  type UsageEvent,
} from "./types";

/**
 * Spendscope client: buffers usage events, sends them in batches to `POST /api/v1/usage`, retries transient
 * failures with the same event ids (the server deduplicates by id, so a retry never double counts).
 * Standalone on purpose: it only needs `fetch`, timers and `crypto.randomUUID` (Node 20+, browsers, edge runtimes).
 */

export interface SpendscopeOptions {
  /** e.g. "https://spend.example.com" */
  baseUrl: string;
  apiKey: string;
  /** Events per request, 1..5000. Default 500. */
  batchSize?: number;
  /** Longest an event waits in the buffer before a flush. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Retries after the first attempt for 429, 5xx and network errors. Default 5. */
  maxRetries?: number;
  /** Per-request timeout; a timeout counts as a network error. Default 30000 ms. */
  timeoutMs?: number;
  /** First backoff delay (doubles per retry, with jitter). Default 500 ms. */
  initialBackoffMs?: number;
  /** Backoff ceiling. Default 30000 ms. Retry-After from the server takes precedence (up to 5 minutes). */
  maxBackoffMs?: number;
  fetch?: typeof fetch;
  /** Called once per batch that finally failed (after retries), with the events it contained. */
  onError?: (error: SpendscopeError, events: UsageEvent[]) => void;
  /** How to wait between retries; for tests. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export class SpendscopeError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null for network errors, timeouts and client-side validation. */
    readonly status: number | null,
    /** The server's problem details (application/problem+json), when it sent any. */
    readonly problem: ProblemDetails | null = null,
    /** Requests made, retries included. */
    readonly attempts = 0,
  ) {
    super(message);
    this.name = "SpendscopeError";
  }
}

interface Pending {
  event: UsageEvent;
  resolve: () => void;
  reject: (e: SpendscopeError) => void;
}

const DECIMAL_RE = /^\d+(\.\d+)?$/;

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

/** Cheap client-side checks so one malformed event does not get a whole shared batch rejected by the server. */
function problemWith(e: UsageEvent): string | null {
  if (typeof e.id !== "string" || e.id.length < 1 || e.id.length > 128) return "id must be 1-128 characters";
  if (Number.isNaN(Date.parse(e.timestamp))) return "timestamp must be an ISO-8601 date-time";
  if (typeof e.feature !== "string" || e.feature.trim() === "") return "feature is required";
  if (typeof e.model !== "string" || e.model.trim() === "") return "model is required";
  if (!WORKFLOWS.includes(e.workflow)) return `workflow must be one of ${WORKFLOWS.join(", ")}`;
  if (e.workflow === "analysis_then_generate" && !e.stage) return "stage is required for analysis_then_generate";
  if (e.usage && e.openaiUsage) return "give either usage or openaiUsage, not both";
  if (!e.usage && !e.openaiUsage && (e.images === undefined || e.images === null)) {
    return "give usage, openaiUsage or images";
  }
  for (const [k, v] of Object.entries(e.usage ?? {})) {
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 0)) return `usage.${k} must be a non-negative integer`;
  }
  return null;
}

export class Spendscope {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly onError?: (error: SpendscopeError, events: UsageEvent[]) => void;
  private readonly sleep: (ms: number) => Promise<void>;

  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Batches are sent one at a time, in order. */
  private sending: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(opts: SpendscopeOptions) {
    if (!opts.baseUrl) throw new TypeError("Spendscope: baseUrl is required");
    if (!opts.apiKey) throw new TypeError("Spendscope: apiKey is required");
    const batchSize = opts.batchSize ?? 500;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
      throw new RangeError("Spendscope: batchSize must be an integer from 1 to 5000");
    }
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.apiKey = opts.apiKey;
    this.batchSize = batchSize;
    this.flushIntervalMs = opts.flushIntervalMs ?? 1000;
    this.maxRetries = Math.max(0, opts.maxRetries ?? 5);
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.initialBackoffMs = opts.initialBackoffMs ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.onError = opts.onError;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Buffers events; they are sent when `batchSize` events are waiting or after `flushIntervalMs`.
   * Resolves when the server acknowledged them, rejects with SpendscopeError when they were refused or retries ran
   * out. Safe to ignore (fire and forget): failures then only reach `onError`.
   */
  record(input: EventInput | EventInput[]): Promise<RecordResult> {
    if (this.closed) return this.rejected(new SpendscopeError("Spendscope: client is closed", null));
    const events = (Array.isArray(input) ? input : [input]).map((e) => this.toWire(e));
    for (const [i, e] of events.entries()) {
      const problem = problemWith(e);
      if (problem) return this.rejected(new SpendscopeError(`Spendscope: event ${i}: ${problem}`, null));
    }
    const acks = events.map(
      (event) => new Promise<void>((resolve, reject) => this.queue.push({ event, resolve, reject })),
    );
    const result = Promise.all(acks).then(() => ({ ids: events.map((e) => e.id) }));
    result.catch(() => undefined); // an ignored promise must not become an unhandled rejection
    if (this.queue.length >= this.batchSize) this.flushInBackground();
    else this.schedule();
    return result;
  }

  /** Records one OpenAI images.generate / images.edit response: its usage, image count, size and quality. */
  recordOpenAIImage(response: OpenAIImagesResponse, context: OpenAIImageContext): Promise<RecordResult> {
    const workflow = context.workflow ?? ((context.inputImages ?? 0) > 0 ? "image_edit" : "text_to_image");
    return this.record({
      id: context.id,
      timestamp: typeof response.created === "number" ? new Date(response.created * 1000) : undefined,
      team: context.team,
      feature: context.feature,
      workflow,
      stage: context.stage,
      traceId: context.traceId,
      model: context.model,
      openaiUsage: response.usage ?? undefined,
      images: Array.isArray(response.data) ? response.data.length : 0,
      size: response.size ?? context.size,
      quality: response.quality ?? context.quality,
      inputImages: context.inputImages,
      batch: context.batch,
      attempt: context.attempt,
      outcome: context.outcome,
      metadata: context.metadata,
    });
  }

  /** Sends everything buffered now. Resolves when it is acknowledged; rejects with the first batch failure. */
  async flush(): Promise<void> {
    this.clearTimer();
    const items = this.queue.splice(0);
    const batches: Pending[][] = [];
    for (let i = 0; i < items.length; i += this.batchSize) batches.push(items.slice(i, i + this.batchSize));
    const results = batches.map((b) => this.enqueueSend(b));
    await this.sending;
    for (const r of results) {
      const err = await r;
      if (err) throw err;
    }
  }

  /** Flushes, waits for in-flight requests, and refuses further events. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Asks the server whether a request of `estimatedCost` fits the matching budgets. */
  async check(input: BudgetCheckInput): Promise<BudgetCheckResult> {
    if (typeof input.estimatedCost !== "string" || !DECIMAL_RE.test(input.estimatedCost)) {
      throw new SpendscopeError('Spendscope: estimatedCost must be a decimal string such as "0.042"', null);
    }
    return (await this.request("/api/v1/budget-check", JSON.stringify(input))) as BudgetCheckResult;
  }

  // ------------------------------------------------------------------------------------------------ internals

  private rejected(e: SpendscopeError): Promise<RecordResult> {
    const p = Promise.reject(e);
    p.catch(() => undefined);
    return p;
  }

  private toWire(e: EventInput): UsageEvent {
    const ts = e.timestamp ?? new Date();
    const out: Record<string, unknown> = { ...e, id: e.id ?? randomId(), timestamp: ts instanceof Date ? ts.toISOString() : ts };
    // Drop undefined so the body only carries what the caller set (the API is strict about unknown fields only).
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return out as unknown as UsageEvent;
  }

  private schedule() {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushInBackground();
    }, this.flushIntervalMs);
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flushInBackground() {
    // Failures are delivered through record() promises and onError.
    this.flush().catch(() => undefined);
  }

  /** Chains one batch after those already sending; resolves to its error (or null). */
  private enqueueSend(batch: Pending[]): Promise<SpendscopeError | null> {
    const done = this.sending.then(() => this.sendBatch(batch));
    this.sending = done.then(() => undefined);
    return done;
  }

  private async sendBatch(batch: Pending[]): Promise<SpendscopeError | null> {
    const events = batch.map((p) => p.event);
    // Serialized once: every retry resends exactly the same events with the same ids.
    const body = JSON.stringify({ events });
    try {
      await this.request("/api/v1/usage", body);
      for (const p of batch) p.resolve();
      return null;
    } catch (err) {
      const e = err instanceof SpendscopeError ? err : new SpendscopeError(String(err), null);
      for (const p of batch) p.reject(e);
      try {
        this.onError?.(e, events);
      } catch {
        // A throwing error handler must not break the send loop.
      }
      return e;
    }
  }

  private async request(path: string, body: string): Promise<unknown> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const retriesLeft = attempt <= this.maxRetries;
      const controller = new AbortController();
      const timeout = setTimeout(() => controller.abort(), this.timeoutMs);
      let res: Response;
      try {
        res = await this.fetchImpl(this.baseUrl + path, {
          method: "POST",
          headers: {
            authorization: `Bearer ${this.apiKey}`,
            "content-type": "application/json",
            accept: "application/json",
          },
          body,
          signal: controller.signal,
        });
      } catch (err) {
        clearTimeout(timeout);
        if (retriesLeft) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        const reason = controller.signal.aborted ? `timed out after ${this.timeoutMs} ms` : (err as Error)?.message;
        throw new SpendscopeError(`Spendscope: request failed: ${reason}`, null, null, attempt);
      }
      let text: string;
      try {
        text = await res.text();
      } catch {
        text = "";
      } finally {
        clearTimeout(timeout);
      }
      if (res.ok) return text ? safeJson(text) : null;
      if (isRetryableStatus(res.status) && retriesLeft) {
        await this.sleep(parseRetryAfter(res.headers.get("retry-after")) ?? this.backoff(attempt));
        continue;
      }
      const parsed = text ? safeJson(text) : null;
      const problem = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as ProblemDetails) : null;
      const summary = problem?.detail ?? problem?.title ?? res.statusText;
      throw new SpendscopeError(`Spendscope: HTTP ${res.status}${summary ? `: ${summary}` : ""}`, res.status, problem, attempt);
    }
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt - 1, { initialMs: this.initialBackoffMs, maxMs: this.maxBackoffMs });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
