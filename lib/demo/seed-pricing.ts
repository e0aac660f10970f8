import { CLI_ACTOR } from "@/lib/audit/log";
import { snapshotDocument } from "@/lib/pricing/store";
import { SEED_SNAPSHOTS } from "@/lib/pricing/seed-snapshot";
import { createDraft, publishSnapshot } from "@/lib/pricing/service";
import { runRepriceJob } from "@/lib/pricing/reprice";

/**
 * The demo's rate cards (OpenAI 2026-01-01 and 2026-06-11, Flatkey 2026-06-11), created and published
 * through the pricing service like an admin would, so they carry versions and audit entries.
 * Best called before seeding usage (then nothing needs repricing); if usage exists, it is repriced here.
 */
export async function seedDemoPricing(orgId: string): Promise<void> {
  const actor = { ...CLI_ACTOR, userId: null };
  for (const snapshot of SEED_SNAPSHOTS) {
    const draft = await createDraft(orgId, snapshotDocument(snapshot), actor);
    const { repriceJob } = await publishSnapshot(orgId, draft.summary.id, actor, { startJob: false });
    // Only when usage was seeded first: reprice it now rather than leave a queued job behind.
    if (repriceJob) await runRepriceJob(repriceJob.id);
  }
}
