import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/audit/log";
import { createApiKey, createTeam, createUser } from "@/lib/org/service";

/** Each test builds its own organization, so tests never see each other's data. */
export async function createTestOrg(opts: { timeZone?: string; teams?: string[] } = {}) {
  const org = await db().organization.create({ data: { name: `Test ${randomUUID().slice(0, 8)}`, timeZone: opts.timeZone ?? "UTC" } });
  const teams: Record<string, { id: string; slug: string }> = {};
  for (const slug of opts.teams ?? ["alpha", "beta"]) {
    const t = await createTeam(org.id, { slug, name: slug.toUpperCase() }, CLI_ACTOR);
    teams[slug] = { id: t.id, slug: t.slug };
  }
  return { org, teams };
}

export async function createTestUser(orgId: string, role: "admin" | "member" | "viewer", teams: string[] = []) {
  const email = `${role}-${randomUUID().slice(0, 8)}@test.local`;
  const password = "correct horse battery";
  const user = await createUser(orgId, { email, role, password, teams }, CLI_ACTOR);
  return { user, email, password };
}

export async function createTestKey(orgId: string, opts: { team?: string | null; scopes?: string[] } = {}) {
  return createApiKey(orgId, { name: "test key", team: opts.team ?? null, scopes: opts.scopes ?? ["ingest", "read"] }, CLI_ACTOR);
}
