import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { checkBudget } from "@/lib/alerts/budget-check";
import { sumSpend } from "@/lib/alerts/queries";
import { createBudget } from "@/lib/alerts/service";
import type { KeyPrincipal } from "@/lib/auth/permissions";
import { ingestEvents } from "@/lib/ingest/service";
import { dec } from "@/lib/money/decimal";
import { aggregateSpendPlanned, noFilters } from "@/lib/spend/queries";
import { dayRangeToInstants } from "@/lib/time/tz";
import { Prisma } from "@/lib/db/client";
import { GRAINS } from "@/lib/usage-store/grains";
import { applyRawRetention } from "@/lib/usage-store/partitions";
import { changeOrgTimeZone, findGrainDrift } from "@/lib/usage-store/rebuild";
import { adminOf } from "./alerts-fixtures";
import { createTestOrg } from "./helpers";
import { event, publishSnapshot } from "./ingest-fixtures";

const keyPrincipal = (orgId: string): KeyPrincipal => ({ kind: "key", keyId: "k", orgId, prefix: "ss_test", teamId: null, scopes: ["read"] });

describe("usage storage", () => {
  it("counts spend from the first minute of a local day in a half-hour zone (budget-check, alerts, views)", async () => {
    const { org, teams } = await createTestOrg({ timeZone: "Asia/Kolkata" });
    await publishSnapshot(org.id);
    const budget = await createBudget(adminOf(org.id), { name: "Alpha daily", period: "day", amount: "1", hard: true, team: "alpha" });
    // Nov 12 in Kolkata runs from 2026-11-11T18:30Z. 18:45Z is 00:15 local: that day's spend. 18:15Z is the day before.
    await ingestEvents(
      org.id,
      [
        event({ id: "in-day", timestamp: new Date("2026-11-11T18:45:00Z") }),
        event({ id: "day-before", timestamp: new Date("2026-11-11T18:15:00Z") }),
      ],
      { source: "api" },
    );
    const one = (await db().usageEvent.findFirstOrThrow({ where: { orgId: org.id, id: "in-day" } })).cost?.toString();
    expect(one).toBeTruthy();
    const answer = await checkBudget(keyPrincipal(org.id), { team: "alpha", estimatedCost: "0" }, new Date("2026-11-12T06:00:00Z"));
    expect(answer.budgets[0]).toMatchObject({ id: budget.id, periodStart: "2026-11-11T18:30:00.000Z" });
    expect(dec(answer.budgets[0].spent).eq(dec(one as string))).toBe(true);

    const { start, endExclusive } = dayRangeToInstants("2026-11-12", "2026-11-12", "Asia/Kolkata");
    const alertSpend = await sumSpend(db(), org.id, { teamId: teams.alpha.id, feature: null, model: null, workflow: null }, start, endExclusive);
    expect(dec(alertSpend).eq(dec(one as string))).toBe(true);
    const view = await aggregateSpendPlanned({ orgId: org.id, start, endExclusive, tz: "Asia/Kolkata", sets: [["day"]], filters: noFilters() });
    expect(view.plan).toBe("daily_feature");
    expect(view.rows.map((r) => [r.keys.day, r.counts.events])).toEqual([["2026-11-12", 1]]);
  });

  it("rebuilds the daily grains when the organization's zone changes, in the same transaction", async () => {
    const { org } = await createTestOrg({ timeZone: "UTC" });
    await publishSnapshot(org.id);
    await ingestEvents(org.id, [event({ id: "late", timestamp: new Date("2026-11-11T23:30:00Z") })], { source: "api" });
    const day = async (tz: string) => {
      const { start, endExclusive } = dayRangeToInstants("2026-11-11", "2026-11-12", tz);
      const r = await aggregateSpendPlanned({ orgId: org.id, start, endExclusive, tz, sets: [["day"]], filters: noFilters() });
      return { plan: r.plan, days: r.rows.map((x) => x.keys.day) };
    };
    expect(await day("UTC")).toEqual({ plan: "daily_feature", days: ["2026-11-11"] });
    await db().$transaction((tx) => changeOrgTimeZone(tx, org.id, "Asia/Kolkata"));
    // 23:30 UTC is 05:00 on the 12th in Kolkata; the daily grain now says so, and equals the raw events again.
    expect(await day("Asia/Kolkata")).toEqual({ plan: "daily_feature", days: ["2026-11-12"] });
    expect(await findGrainDrift(db(), org.id)).toEqual([]);
  });

  it("keeps every event once when the zone changes after raw retention (the day rows straddling the horizon)", async () => {
    const { org } = await createTestOrg({ timeZone: "Asia/Kathmandu" });
    await publishSnapshot(org.id);
    try {
      // "old" is dropped by retention (horizon 2026-11-01T00:00Z). "edge" stays: 07:53 on Nov 1 in Kathmandu, but
      // 22:08 on Oct 31 in New York, before New York's first midnight after the horizon (Nov 1, 04:00Z).
      await ingestEvents(
        org.id,
        [
          event({ id: "old", timestamp: new Date("2026-10-20T10:00:00Z") }),
          event({ id: "edge", timestamp: new Date("2026-11-01T02:08:00Z") }),
          event({ id: "later", timestamp: new Date("2026-11-03T12:00:00Z") }),
        ],
        { source: "api" },
      );
      await applyRawRetention(db(), 1, new Date("2026-12-15T00:00:00Z"));
      await db().$transaction((tx) => changeOrgTimeZone(tx, org.id, "America/New_York"));
      for (const g of GRAINS) {
        const [{ n }] = await db().$queryRaw<Array<{ n: string }>>(Prisma.sql`
          SELECT COALESCE(sum(events), 0)::text AS n FROM ${Prisma.raw(g.table)} WHERE org_id = ${org.id}::uuid`);
        expect(n, g.name).toBe("3");
      }
      expect(await findGrainDrift(db(), org.id)).toEqual([]);
    } finally {
      await db().$executeRaw(Prisma.sql`DELETE FROM usage_raw_horizon`);
    }
  });
});
