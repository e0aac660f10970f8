"use server";

import { redirect } from "next/navigation";
import { AppError } from "@/lib/api/errors";
import { createFirstAdmin } from "@/lib/org/first-admin";

export type SetupState = { error?: string; fields?: Record<string, string>; values?: { email: string; name: string } };

/** The first-run form: creates the first admin once, then sends the operator to sign in. */
export async function createFirstAdminAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  const values = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? "") };
  try {
    const password = String(form.get("password") ?? "");
    await createFirstAdmin({ ...values, password, confirm: String(form.get("confirm") ?? "") });
  } catch (e) {
    if (e instanceof AppError) {
      const fields = Object.fromEntries((e.extra.invalidFields ?? []).map((f) => [f.path, f.message]));
      return { error: e.status === 409 ? e.message : "Check the highlighted fields.", fields, values };
    }
    throw e;
  }
  redirect("/sign-in?setup=done");
}
