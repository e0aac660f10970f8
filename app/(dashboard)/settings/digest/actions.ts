"use server";

import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/api/errors";
import { parseInput } from "@/lib/api/zod-fields";
import { requireUser } from "@/lib/auth/require";
import { digestSettingsSchema, saveDigestSettings } from "@/lib/digest/service";

export type DigestFormState = { saved?: boolean; error?: string };

/** Saves which teams' weekly digest the signed-in user receives (checkboxes named "teams"). */
export async function saveDigestAction(_prev: DigestFormState, form: FormData): Promise<DigestFormState> {
  const user = await requireUser();
  try {
    const input = parseInput(digestSettingsSchema, { teams: form.getAll("teams").map(String) }, "");
    await saveDigestSettings(user, input);
    revalidatePath("/settings/digest");
    return { saved: true };
  } catch (e) {
    if (e instanceof AppError) return { error: e.message };
    throw e;
  }
}
