import { db } from "@/lib/db/client";
import { seedDemoOrg } from "./seed-org";
import { seedDemoPricing } from "./seed-pricing";
import { seedDemoUsage } from "./seed-usage";
import { seedDemoAlerts } from "./seed-alerts";
import { seedDemoDigest } from "./seed-digest";
import { seedDemoUnitPrices } from "./seed-units";
import { seedDemoReconciliation } from "./seed-recon";

export interface SeedResult {
  seeded: boolean;
  reason?: string;
}

/**
 * Seeds the demo into an empty database through the same services real data takes: organization, pricing snapshots,
 * 90 days of usage through ingestion, then budgets and alert rules (one evaluation pass). Refuses when an
 * organization already exists.
 */
export async function seedDemo(opts: { now?: Date; log?: (line: string) => void } = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? new Date();
  if ((await db().organization.count()) > 0) return { seeded: false, reason: "the database already has an organization" };
  const org = await seedDemoOrg();
  log(`organization "${org.name}" with teams, features and demo users`);
  await seedDemoPricing(org.id);
  log("pricing snapshots (OpenAI 2026-01-01 and 2026-06-11, Flatkey router) published");
  const usage = await seedDemoUsage(org.id, now);
  log(`${usage.events.toLocaleString("en-US")} usage events over 90 days, ingested and priced`);
  const units = await seedDemoUnitPrices(org.id, now);
  log(`per-image vendor PixelForge: rate card and ${units.events.toLocaleString("en-US")} image-count-only events, priced per image`);
  await seedDemoAlerts(org.id, now);
  log("budgets and alert rules, evaluated once");
  await seedDemoDigest(org.id, now);
  log("weekly digest: the admin receives every team's");
  await seedDemoReconciliation(org.id, now);
  log("a draft rate correction with a repricing preview, and 14 days of billed OpenAI costs to reconcile");
  return { seeded: true };
}
