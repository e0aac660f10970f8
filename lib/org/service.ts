import { z } from "zod";
import { db } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/log";
import { generateApiKey } from "@/lib/auth/api-key-format";
import { hashPassword } from "@/lib/auth/password";
import { badRequest, conflict, notFound } from "@/lib/api/errors";
import { parseInput } from "@/lib/api/zod-fields";
import { CreateKeyInput, CreateTeamInput, CreateUserInput } from "./schemas";
import { findOrganization, findTeamBySlug } from "./queries";

export interface Actor {
  actor: string;
  actorLabel: string;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  return parseInput(schema, input);
}

export async function ensureOrganization(name = "Spendscope", timeZone = "UTC") {
  const existing = await findOrganization();
  if (existing) return existing;
  return db().organization.create({ data: { name, timeZone, currency: "USD" } });
}

export async function requireOrganization() {
  const org = await findOrganization();
  if (!org) throw notFound("No organization yet: run `spendscope migrate` and `spendscope seed-demo` or create a user.");
  return org;
}

export async function createTeam(orgId: string, input: unknown, actor: Actor) {
  const data = parse(CreateTeamInput, input);
  return db().$transaction(async (tx) => {
    if (await findTeamBySlug(orgId, data.slug, tx)) throw conflict(`A team with slug "${data.slug}" already exists.`, [{ path: "slug", message: "already taken" }]);
    const team = await tx.team.create({ data: { orgId, slug: data.slug, name: data.name } });
    await writeAudit(tx, { orgId, ...actor, action: "team.create", entityType: "team", entityId: team.id, after: team });
    return team;
  });
}

export async function createUser(orgId: string, input: unknown, actor: Actor) {
  const data = parse(CreateUserInput, input);
  const passwordHash = await hashPassword(data.password);
  return db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email } })) {
      throw conflict(`A user with email ${data.email} already exists.`, [{ path: "email", message: "already registered" }]);
    }
    const teams = [];
    for (const slug of data.teams) {
      const t = await findTeamBySlug(orgId, slug, tx);
      if (!t) throw badRequest(`Unknown team "${slug}".`, [{ path: "teams", message: `unknown team ${slug}` }]);
      teams.push(t);
    }
    const user = await tx.user.create({
      data: { orgId, email: data.email, name: data.name ?? data.email.split("@")[0], role: data.role, passwordHash, memberships: { create: teams.map((t) => ({ teamId: t.id })) } },
    });
    await writeAudit(tx, { orgId, ...actor, action: "user.create", entityType: "user", entityId: user.id, after: { email: user.email, role: user.role, teams: data.teams } });
    return user;
  });
}

/** Returns the new key in clear exactly once; only its hash is stored. */
export async function createApiKey(orgId: string, input: unknown, actor: Actor & { createdById?: string | null }) {
  const data = parse(CreateKeyInput, input);
  return db().$transaction(async (tx) => {
    const team = data.team ? await findTeamBySlug(orgId, data.team, tx) : null;
    if (data.team && !team) throw badRequest(`Unknown team "${data.team}".`, [{ path: "team", message: "unknown team" }]);
    const { key, prefix, hash } = generateApiKey();
    const row = await tx.apiKey.create({
      data: { orgId, teamId: team?.id ?? null, name: data.name, prefix, hash, scopes: data.scopes, createdById: actor.createdById ?? null },
    });
    await writeAudit(tx, { orgId, actor: actor.actor, actorLabel: actor.actorLabel, action: "api_key.create", entityType: "api_key", entityId: row.id, after: { prefix, name: data.name, team: data.team, scopes: data.scopes } });
    return { key, prefix, id: row.id, scopes: data.scopes, team: data.team };
  });
}

export async function revokeApiKey(orgId: string, prefix: string, actor: Actor) {
  return db().$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { prefix } });
    if (!key || key.orgId !== orgId) throw notFound(`No API key with prefix ${prefix}.`);
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, { orgId, ...actor, action: "api_key.revoke", entityType: "api_key", entityId: key.id, before: { revokedAt: null }, after: { revokedAt: revoked.revokedAt } });
    return revoked;
  });
}
