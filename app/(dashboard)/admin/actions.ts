"use server";

import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/api/errors";
import { requireUserWhere } from "@/lib/auth/require";
import { actorOf, canAdminister } from "@/lib/auth/permissions";
import { createApiKey, revokeApiKey } from "@/lib/org/service";

export type CreateKeyState = { key?: string; prefix?: string; error?: string; fields?: Record<string, string> };

export async function createKeyAction(_prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const user = await requireUserWhere(canAdminister);
  const team = String(form.get("team") ?? "");
  try {
    const k = await createApiKey(
      user.orgId,
      { name: String(form.get("name") ?? ""), team: team === "" ? null : team, scopes: form.getAll("scopes").map(String) },
      { ...actorOf(user), createdById: user.userId },
    );
    revalidatePath("/admin");
    return { key: k.key, prefix: k.prefix };
  } catch (e) {
    if (e instanceof AppError) {
      return { error: e.message, fields: Object.fromEntries((e.extra.invalidFields ?? []).map((f) => [f.path.split(/[.[]/)[0], f.message])) };
    }
    throw e;
  }
}

export async function revokeKeyAction(prefix: string): Promise<void> {
  const user = await requireUserWhere(canAdminister);
  await revokeApiKey(user.orgId, prefix, actorOf(user));
  revalidatePath("/admin");
}
