import { z } from "zod";

/** Decimal string amounts: money never travels as a JSON number. */
export const AmountSchema = z.string().regex(/^-?\d+\.\d{9,}$/).describe('Decimal string, at least 9 decimals, e.g. "0.052680000"');

export const InvalidFieldSchema = z.object({
  path: z.string().describe('e.g. "events[3].usage.imageOutputTokens" or a query parameter name'),
  message: z.string(),
  index: z.int().optional().describe("Position of the offending item in a batch"),
});

/** RFC 9457 problem details: every error answer of the API. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    invalidFields: z.array(InvalidFieldSchema).optional().describe("Every invalid field, with its path and the reason"),
  })
  .catchall(z.unknown());

export const WORKFLOW_VALUES = ["text_to_image", "image_edit", "vision_analysis", "analysis_then_generate"] as const;
