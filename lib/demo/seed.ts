import { db } from "@/lib/db/client";
import { seedDemoOrg } from "./seed-org";

export interface SeedResult {
  seeded: boolean;
  reason?: string;
}

/** Seeds the demo into an empty database; refuses (seeded: false) when an organization already exists. */
export async function seedDemo(opts: { now?: Date; log?: (line: string) => void } = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => undefined);
  if ((await db().organization.count()) > 0) return { seeded: false, reason: "the database already has an organization" };
  const org = await seedDemoOrg();
  log(`organization "${org.name}" with teams, features and demo users`);
  return { seeded: true };
}
