/** Model ids compare case-insensitively after trimming ("GPT-Image-2 " is "gpt-image-2"). */
export function normalizeModelId(model: string): string {
  return model.trim().toLowerCase();
}

// A trailing release date as OpenAI appends it to snapshot model ids: "-2025-12-16".
const DATED_SUFFIX = /^(.+)-(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** "gpt-image-1.5-2025-12-16" -> "gpt-image-1.5"; null when there is no trailing -YYYY-MM-DD. */
export function stripDatedSuffix(model: string): string | null {
  const m = DATED_SUFFIX.exec(normalizeModelId(model));
  return m ? m[1] : null;
}
