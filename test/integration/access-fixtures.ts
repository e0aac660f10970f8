/**
 * One organization with two teams and every kind of principal the access tests need, plus rows each team owns
 * (events, features, estimates, billed costs, budgets, rules) marked with team-specific strings, so a response can
 * be searched for the other team's data.
 */
import { db } from "@/lib/db/client";
import { CLI_ACTOR } from "@/lib/audit/log";
import type { UserPrincipal } from "@/lib/auth/permissions";
import { createBudget, createRule, sendTestMessage } from "@/lib/alerts/service";
import { revokeApiKey } from "@/lib/org/service";
import { saveEstimate } from "@/lib/spend/estimates-service";
import { estimateInputSchema } from "@/lib/spend/estimates";
import { POST as ingest } from "@/app/api/v1/usage/route";
import { sessionCookie } from "@/test/support/session-cookie";
import { createTestKey, createTestOrg, createTestUser } from "./helpers";
import { call, publishSnapshot, wireEvent } from "./ingest-fixtures";

export const PRINCIPALS = [
  "anonymous",
  "viewer",
  "member",
  "otherMember",
  "admin",
  "teamKey",
  "otherTeamKey",
  "readKey",
  "revokedKey",
] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/** Strings that only the beta team's rows contain: none may appear in an answer to an alpha-scoped principal. */
export const BETA_MARKERS = [
  "beta-secret-feature",
  "Beta secret estimate",
  "Beta secret budget",
  "Beta secret rule",
  "777.77", // beta's billed cost
];
export const ALPHA_MARKERS = ["alpha-open-feature", "Alpha open estimate"];

/** Request credentials of one principal: a session cookie or a bearer key (or nothing). */
export interface Credentials {
  cookie?: string;
  key?: string;
}

export type AccessWorld = Awaited<ReturnType<typeof buildAccessWorld>>;

export async function buildAccessWorld() {
  const { org, teams } = await createTestOrg();
  const snapshot = await publishSnapshot(org.id);
  const admin = await createTestUser(org.id, "admin");
  const viewer = await createTestUser(org.id, "viewer");
  const member = await createTestUser(org.id, "member", ["alpha"]);
  const otherMember = await createTestUser(org.id, "member", ["beta"]);
  const orgKey = await createTestKey(org.id, { team: null, scopes: ["ingest", "read"] });
  const teamKey = await createTestKey(org.id, { team: "alpha", scopes: ["ingest", "read"] });
  const otherTeamKey = await createTestKey(org.id, { team: "beta", scopes: ["ingest", "read"] });
  const readKey = await createTestKey(org.id, { team: null, scopes: ["read"] });
  const revokedKey = await createTestKey(org.id, { team: "alpha", scopes: ["ingest", "read"] });
  await revokeApiKey(org.id, revokedKey.prefix, CLI_ACTOR);

  const events = [
    wireEvent({ id: "alpha-1", team: "alpha", feature: "alpha-open-feature" }),
    wireEvent({ id: "beta-1", team: "beta", feature: "beta-secret-feature" }),
  ];
  const ingested = await call(ingest, { path: "/api/v1/usage", key: orgKey.key, body: { events } });
  if (ingested.status !== 200) throw new Error(`fixture ingestion failed: ${JSON.stringify(ingested.json)}`);

  const adminPrincipal: UserPrincipal = {
    kind: "user",
    userId: admin.user.id,
    orgId: org.id,
    email: admin.email,
    name: admin.email,
    role: "admin",
    teamIds: [],
  };
  const inputs = estimateInputSchema.parse({ model: "gpt-image-2", quality: "medium", size: "1024x1024", count: 10 });
  const estimate = (name: string, feature: string) => saveEstimate(adminPrincipal, { name, feature, inputs });
  const alphaEstimate = await estimate("Alpha open estimate", "alpha-open-feature");
  const betaEstimate = await estimate("Beta secret estimate", "beta-secret-feature");

  // OpenAI billed costs per project, each project mapped to one team (2026-11-01: the events' day).
  await db().openAIProjectMapping.createMany({
    data: [
      { orgId: org.id, projectId: "proj_alpha", teamId: teams.alpha.id },
      { orgId: org.id, projectId: "proj_beta", teamId: teams.beta.id },
    ],
  });
  await db().billedCost.createMany({
    data: [
      { orgId: org.id, date: new Date("2026-11-01"), projectId: "proj_alpha", amount: "1.25" },
      { orgId: org.id, date: new Date("2026-11-01"), projectId: "proj_beta", amount: "777.77" },
    ],
  });

  const budget = (name: string, team: string) =>
    createBudget(adminPrincipal, { name, period: "month", amount: "100", team });
  const alphaBudget = await budget("Alpha open budget", "alpha");
  const betaBudget = await budget("Beta secret budget", "beta");
  const ruleInput = (name: string, budgetId: string) => ({
    name,
    metric: "spend",
    budgetId,
    config: { unit: "percent_of_budget", thresholds: ["80"] },
    recipients: ["alerts@test.local"],
  });
  const alphaRule = await createRule(adminPrincipal, ruleInput("Alpha open rule", alphaBudget.id));
  const betaRule = await createRule(adminPrincipal, ruleInput("Beta secret rule", betaBudget.id));

  // A reprice job row to read back (no worker runs here), and a pending outbox message to retry.
  const job = await db().repriceJob.create({
    data: {
      orgId: org.id,
      snapshotId: snapshot.id,
      provider: "openai",
      rangeStart: new Date("2026-11-01T00:00:00Z"),
      status: "done",
    },
  });
  await sendTestMessage(adminPrincipal, alphaRule.id);
  const message = await db().outboxMessage.findFirstOrThrow({ where: { orgId: org.id }, select: { id: true } });

  const credentials: Record<PrincipalName, Credentials> = {
    anonymous: {},
    viewer: { cookie: await sessionCookie(viewer.user) },
    member: { cookie: await sessionCookie(member.user) },
    otherMember: { cookie: await sessionCookie(otherMember.user) },
    admin: { cookie: await sessionCookie(admin.user) },
    teamKey: { key: teamKey.key },
    otherTeamKey: { key: otherTeamKey.key },
    readKey: { key: readKey.key },
    revokedKey: { key: revokedKey.key },
  };
  return {
    org,
    teams,
    users: { admin, viewer, member, otherMember },
    keys: { orgKey, teamKey, otherTeamKey, readKey, revokedKey },
    adminPrincipal,
    snapshotId: snapshot.id,
    repriceJobId: job.id,
    outboxMessageId: message.id,
    estimates: { alpha: alphaEstimate, beta: betaEstimate },
    budgets: { alpha: alphaBudget, beta: betaBudget },
    rules: { alpha: alphaRule, beta: betaRule },
    credentials,
  };
}
