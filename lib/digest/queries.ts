/**
 * Data access for weekly digests: subscriptions, the due list, and the exactly-once claim. Parameterized
 * Prisma.sql throughout. The claim is INSERT ... ON CONFLICT (user, team, week) DO NOTHING in the transaction
 * that writes the outbox row, so the loser of a race (another worker, or this one after a restart) waits for
 * the winner's commit and then inserts nothing.
 */
import { Prisma, type Db, type Tx } from "@/lib/db/client";

export type Client = Db | Tx;
const sql = Prisma.sql;

export async function listSubscribedTeamIds(client: Client, userId: string): Promise<string[]> {
  const rows = await client.digestSubscription.findMany({ where: { userId }, select: { teamId: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.teamId);
}

/** Replaces the user's subscriptions with `teamIds`; unchanged ones keep their creation time. */
export async function replaceSubscriptions(tx: Tx, orgId: string, userId: string, teamIds: string[], now: Date): Promise<void> {
  await tx.digestSubscription.deleteMany({ where: { userId, teamId: { notIn: teamIds } } });
  for (const teamId of teamIds) {
    await tx.$executeRaw(sql`
      INSERT INTO digest_subscriptions (user_id, team_id, org_id, created_at)
      VALUES (${userId}::uuid, ${teamId}::uuid, ${orgId}::uuid, ${now})
      ON CONFLICT (user_id, team_id) DO NOTHING`);
  }
}

export interface DueSubscription {
  userId: string;
  email: string;
  teamId: string;
  teamSlug: string;
  teamName: string;
  orgId: string;
  orgName: string;
  timeZone: string;
  subscribedAt: Date;
}

/**
 * Every subscription that may still receive mail: the user is enabled, in the team's organization, and an admin
 * or a member of the team (a member who left the team stops receiving it without touching the row).
 */
export async function listActiveSubscriptions(client: Client): Promise<DueSubscription[]> {
  return client.$queryRaw<DueSubscription[]>(sql`
    SELECT s.user_id::text AS "userId", u.email, s.team_id::text AS "teamId", t.slug AS "teamSlug", t.name AS "teamName",
           o.id::text AS "orgId", o.name AS "orgName", o.time_zone AS "timeZone", s.created_at AS "subscribedAt"
    FROM digest_subscriptions s
    JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
    JOIN teams t ON t.id = s.team_id AND t.org_id = u.org_id
    JOIN organizations o ON o.id = t.org_id
    WHERE u.role = 'admin' OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = s.user_id AND m.team_id = s.team_id)
    ORDER BY o.id, s.team_id, s.user_id`);
}

/** Week starts (YYYY-MM-DD) already claimed for these subscriptions and weeks, as "user|team|week". */
export async function claimedKeys(client: Client, weekStarts: string[]): Promise<Set<string>> {
  if (weekStarts.length === 0) return new Set();
  const rows = await client.$queryRaw<{ k: string }[]>(sql`
    SELECT user_id::text || '|' || team_id::text || '|' || to_char(week_start, 'YYYY-MM-DD') AS k
    FROM digest_sends WHERE week_start = ANY(${weekStarts}::date[])`);
  return new Set(rows.map((r) => r.k));
}

/** Takes the (user, team, week) claim; the new claim's id, or null when someone already holds it. */
export async function claimDigest(tx: Tx, c: { orgId: string; userId: string; teamId: string; weekStart: string; now: Date }): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>(sql`
    INSERT INTO digest_sends (id, org_id, user_id, team_id, week_start, created_at)
    VALUES (gen_random_uuid(), ${c.orgId}::uuid, ${c.userId}::uuid, ${c.teamId}::uuid, ${c.weekStart}::date, ${c.now})
    ON CONFLICT (user_id, team_id, week_start) DO NOTHING
    RETURNING id::text AS id`);
  return rows[0]?.id ?? null;
}

export async function linkOutbox(tx: Tx, claimId: string, outboxId: string): Promise<void> {
  await tx.$executeRaw(sql`UPDATE digest_sends SET outbox_id = ${outboxId}::uuid WHERE id = ${claimId}::uuid`);
}

/** Budgets scoped to the team (any feature, model or workflow within it). */
export function listTeamBudgets(client: Client, orgId: string, teamId: string) {
  return client.budget.findMany({
    where: { orgId, teamId },
    orderBy: [{ createdAt: "asc" }],
    take: 10,
    select: { id: true, name: true, period: true, amount: true, hard: true, teamId: true, feature: true, model: true, workflow: true },
  });
}

export function listOrgTeams(client: Client, orgId: string) {
  return client.team.findMany({ where: { orgId }, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
}

export function findOrg(client: Client, orgId: string) {
  return client.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, timeZone: true } });
}
