import { z } from "zod";
import { emptyTokens, type TokenCounts } from "@/lib/cost/types";

/**
 * Maps the `usage` object an OpenAI response returned onto our six disjoint token buckets.
 *
 * Handles the Images API shape (input_tokens / output_tokens with input_tokens_details.text_tokens|image_tokens
 * and, on newer models, output_tokens_details.text_tokens|image_tokens) and the Chat Completions / Responses
 * shapes (prompt_tokens / completion_tokens, prompt_tokens_details.cached_tokens or input_tokens_details.cached_tokens).
 *
 * Rules (documented here because clients and the pricer rely on them):
 * - Input total = input_tokens ?? prompt_tokens (both given and different -> error).
 * - Input split: when details give text_tokens and/or image_tokens, they go to text/image input (a missing one is
 *   the remainder). Details summing above the input total -> error; an unexplained remainder goes to text input
 *   with a warning. No text/image split at all -> all input is text input (vision chat models bill image
 *   input at their text rate, so that is also the correct price).
 * - Cached tokens are MOVED out of the uncached buckets. If `input_tokens_details.cached_tokens_details` splits
 *   them into text_tokens/image_tokens, that split is used; otherwise cached tokens are attributed to text input
 *   first and only the excess to image input.
 * - Output split: output_tokens_details.text_tokens/image_tokens when present; otherwise all output is image output
 *   for image models (model id contains "image") and text output for every other model. Reasoning tokens are
 *   part of the text output of text models and need no special handling.
 * - total_tokens is informational: a mismatch with input + output is a warning, not an error.
 */

const MAX_TOKENS = 2_147_483_647;

const tokenCount = z
  .int({ error: (iss) => (iss.input === undefined ? "is required" : "must be a non-negative whole number") })
  .min(0, "must be a non-negative whole number")
  .max(MAX_TOKENS, "must be at most 2147483647 (2^31-1)");

const optCount = tokenCount.nullish();

/** OpenAI adds fields over time (audio_tokens, reasoning_tokens, ...), so detail objects are loose. */
const InputDetailsSchema = z.looseObject({
  text_tokens: optCount,
  image_tokens: optCount,
  audio_tokens: optCount,
  cached_tokens: optCount,
  cached_tokens_details: z.looseObject({ text_tokens: optCount, image_tokens: optCount }).nullish(),
});

const OutputDetailsSchema = z.looseObject({
  text_tokens: optCount,
  image_tokens: optCount,
  reasoning_tokens: optCount,
  audio_tokens: optCount,
});

export const OpenAIUsageSchema = z.looseObject(
  {
    input_tokens: optCount,
    output_tokens: optCount,
    total_tokens: optCount,
    prompt_tokens: optCount,
    completion_tokens: optCount,
    input_tokens_details: InputDetailsSchema.nullish(),
    prompt_tokens_details: InputDetailsSchema.nullish(),
    output_tokens_details: OutputDetailsSchema.nullish(),
    completion_tokens_details: OutputDetailsSchema.nullish(),
  },
  { error: "must be the usage object an OpenAI response returned" },
);

export type OpenAIUsage = z.input<typeof OpenAIUsageSchema>;

export interface UsageIssue {
  /** Dotted path inside the usage object, e.g. "input_tokens_details.cached_tokens" ("" = the object). */
  path: string;
  message: string;
}

export type MapOpenAIUsageResult =
  | { ok: true; tokens: TokenCounts; warnings: string[] }
  | { ok: false; errors: UsageIssue[] };

export class OpenAIUsageError extends Error {
  constructor(readonly issues: UsageIssue[]) {
    super(`invalid OpenAI usage: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`);
    this.name = "OpenAIUsageError";
  }
}

/** Image-generation model ids all contain "image" (gpt-image-1, gpt-image-1.5, gpt-image-1-mini, dall-e excluded). */
export function isImageModel(model: string): boolean {
  return model.toLowerCase().includes("image");
}

/** Like mapOpenAIUsage but returns errors instead of throwing. */
export function safeMapOpenAIUsage(usage: unknown, opts: { model: string }): MapOpenAIUsageResult {
  const parsed = OpenAIUsageSchema.safeParse(usage);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    };
  }
  const u = parsed.data;
  const errors: UsageIssue[] = [];
  const warnings: string[] = [];

  const total = (a: number | null | undefined, aName: string, b: number | null | undefined, bName: string) => {
    if (a != null && b != null && a !== b) {
      errors.push({ path: aName, message: `${aName} (${a}) and ${bName} (${b}) disagree` });
    }
    return a ?? b ?? null;
  };
  const input = total(u.input_tokens, "input_tokens", u.prompt_tokens, "prompt_tokens");
  const output = total(u.output_tokens, "output_tokens", u.completion_tokens, "completion_tokens");
  if (input === null) errors.push({ path: "input_tokens", message: "is required (or prompt_tokens)" });
  if (output === null) errors.push({ path: "output_tokens", message: "is required (or completion_tokens)" });
  if (input === null || output === null || errors.length > 0) return { ok: false, errors };

  // input_tokens_details wins over prompt_tokens_details field by field; a response carries one of them.
  const inDetails = { ...(u.prompt_tokens_details ?? {}), ...(u.input_tokens_details ?? {}) };
  const inPath = u.input_tokens_details ? "input_tokens_details" : "prompt_tokens_details";
  const outDetails = { ...(u.completion_tokens_details ?? {}), ...(u.output_tokens_details ?? {}) };
  const outPath = u.output_tokens_details ? "output_tokens_details" : "completion_tokens_details";

  // Input: text vs image.
  let textIn = input;
  let imageIn = 0;
  const dText = inDetails.text_tokens ?? null;
  const dImage = inDetails.image_tokens ?? null;
  if (dText !== null || dImage !== null) {
    const t = dText ?? input - (dImage ?? 0);
    const i = dImage ?? input - (dText ?? 0);
    if (t < 0 || i < 0 || t + i > input) {
      errors.push({
        path: inPath,
        message: `text_tokens + image_tokens (${(dText ?? 0) + (dImage ?? 0)}) exceed the input total (${input})`,
      });
    } else {
      textIn = t + (input - t - i);
      imageIn = i;
      if (t + i < input) {
        warnings.push(`${input - t - i} input tokens are not broken down into text/image; counted as text input`);
      }
    }
  }
  if ((inDetails.audio_tokens ?? 0) > 0) {
    warnings.push(`${inDetails.audio_tokens} audio input tokens have no bucket; counted in text input`);
  }

  // Cached input, moved out of the uncached buckets.
  const cached = inDetails.cached_tokens ?? 0;
  let cachedText = 0;
  let cachedImage = 0;
  if (cached > input) {
    errors.push({ path: `${inPath}.cached_tokens`, message: `is ${cached}, more than the input total (${input})` });
  } else if (cached > 0 || inDetails.cached_tokens_details) {
    const split = inDetails.cached_tokens_details;
    const sText = split?.text_tokens ?? null;
    const sImage = split?.image_tokens ?? null;
    if (sText !== null || sImage !== null) {
      cachedText = sText ?? cached - (sImage ?? 0);
      cachedImage = sImage ?? cached - (sText ?? 0);
      if (cachedText < 0 || cachedImage < 0 || cachedText + cachedImage !== cached) {
        errors.push({
          path: `${inPath}.cached_tokens_details`,
          message: `text_tokens + image_tokens (${(sText ?? 0) + (sImage ?? 0)}) must equal cached_tokens (${cached})`,
        });
      } else if (cachedText > textIn || cachedImage > imageIn) {
        errors.push({
          path: `${inPath}.cached_tokens_details`,
          message: `cached text/image tokens (${cachedText}/${cachedImage}) exceed the text/image input (${textIn}/${imageIn})`,
        });
      }
    } else {
      // Text first: prompts and instructions are the usual cached prefix.
      cachedText = Math.min(cached, textIn);
      cachedImage = cached - cachedText;
    }
  }

  // Output: text vs image.
  const image = isImageModel(opts.model);
  let textOut = image ? 0 : output;
  let imageOut = image ? output : 0;
  const oText = outDetails.text_tokens ?? null;
  const oImage = outDetails.image_tokens ?? null;
  if (oText !== null || oImage !== null) {
    const t = oText ?? output - (oImage ?? 0);
    const i = oImage ?? output - (oText ?? 0);
    if (t < 0 || i < 0 || t + i > output) {
      errors.push({
        path: outPath,
        message: `text_tokens + image_tokens (${(oText ?? 0) + (oImage ?? 0)}) exceed the output total (${output})`,
      });
    } else {
      const rest = output - t - i;
      textOut = t + (image ? 0 : rest);
      imageOut = i + (image ? rest : 0);
      if (rest > 0) {
        warnings.push(
          `${rest} output tokens are not broken down into text/image; counted as ${image ? "image" : "text"} output`,
        );
      }
    }
  }

  if (u.total_tokens != null && u.total_tokens !== input + output) {
    warnings.push(`total_tokens (${u.total_tokens}) differs from input + output (${input + output})`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const tokens = emptyTokens();
  tokens.textInput = textIn - cachedText;
  tokens.cachedTextInput = cachedText;
  tokens.imageInput = imageIn - cachedImage;
  tokens.cachedImageInput = cachedImage;
  tokens.textOutput = textOut;
  tokens.imageOutput = imageOut;
  return { ok: true, tokens, warnings };
}

/** Maps an OpenAI `usage` object to token buckets; throws OpenAIUsageError when it is malformed or inconsistent. */
export function mapOpenAIUsage(usage: unknown, opts: { model: string }): { tokens: TokenCounts; warnings: string[] } {
  const r = safeMapOpenAIUsage(usage, opts);
  if (!r.ok) throw new OpenAIUsageError(r.errors);
  return { tokens: r.tokens, warnings: r.warnings };
}
