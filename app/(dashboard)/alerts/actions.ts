"use server";

import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/require";
import {
  createBudget,
  createRule,
  deleteBudget,
  deleteRule,
  muteRule,
  retryOutboxMessage,
  rotateWebhookSecret,
  sendTestMessage,
  updateBudget,
  updateRule,
} from "@/lib/alerts/service";
import { muteUntilFromHours } from "@/lib/alerts/mute-hours";

/** What every alerts action answers: ok, or a message plus invalid fields keyed by their path ("config.thresholds[1]"). */
export interface ActionResult {
  ok: boolean;
  id?: string;
  message?: string;
  fields?: Record<string, string>;
  /** A webhook signing secret issued by this call: shown once, never readable again. */
  webhookSecret?: string;
}

async function run(fn: () => Promise<{ id?: string; message?: string; webhookSecret?: string } | void>): Promise<ActionResult> {
  try {
    const r = await fn();
    revalidatePath("/alerts", "layout");
    return { ok: true, ...(r ?? {}) };
  } catch (e) {
    if (e instanceof AppError) {
      return { ok: false, message: e.message, fields: Object.fromEntries((e.extra.invalidFields ?? []).map((f) => [f.path, f.message])) };
    }
    throw e;
  }
}

export async function saveBudgetAction(id: string | null, input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  return run(async () => (id ? updateBudget(user, id, input) : createBudget(user, input)));
}

export async function deleteBudgetAction(id: string): Promise<ActionResult> {
  const user = await requireUser();
  return run(() => deleteBudget(user, id));
}

export async function saveRuleAction(id: string | null, input: unknown): Promise<ActionResult> {
  const user = await requireUser();
  return run(async () => (id ? updateRule(user, id, input) : createRule(user, input)));
}

export async function deleteRuleAction(id: string): Promise<ActionResult> {
  const user = await requireUser();
  return run(() => deleteRule(user, id));
}

/** hours: mute for that long from now; null: unmute. */
export async function muteRuleAction(id: string, hours: number | null): Promise<ActionResult> {
  const user = await requireUser();
  return run(async () => {
    const until = muteUntilFromHours(hours);
    await muteRule(user, id, { until });
    return { message: until ? `Muted until ${until.slice(0, 16).replace("T", " ")} UTC.` : "Unmuted." };
  });
}

export async function testRuleAction(id: string): Promise<ActionResult> {
  const user = await requireUser();
  return run(async () => {
    const r = await sendTestMessage(user, id);
    const msg =
      r.sent === r.queued
        ? `Test sent (${r.queued} message${r.queued === 1 ? "" : "s"}).`
        : `Test: ${r.sent} of ${r.queued} sent now${r.pending ? `; ${r.pending} will be retried (see the Outbox)` : ""}.`;
    // Only delivered / refused / failed: no detail that would map the network behind the address.
    const hook =
      r.webhook === "delivered"
        ? " Webhook: delivered."
        : r.webhook === "refused_by_policy"
          ? " Webhook: refused, its address is on an internal network."
          : r.webhook === "failed"
            ? " Webhook: not delivered."
            : "";
    return { message: msg + hook };
  });
}

export async function rotateWebhookSecretAction(id: string): Promise<ActionResult> {
  const user = await requireUser();
  return run(() => rotateWebhookSecret(user, id));
}

export async function retryOutboxAction(id: string): Promise<ActionResult> {
  const user = await requireUser();
  return run(() => retryOutboxMessage(user, id));
}
