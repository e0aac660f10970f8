import { setEnv } from "../lib/env";
setEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/ss_views" });
const { db } = await import("../lib/db/client");
const { seedDemoPricing } = await import("../lib/demo/seed-pricing");
const { seedDemoUsage } = await import("../lib/demo/seed-usage");
const org = await db().organization.findFirstOrThrow();
if ((await db().pricingSnapshot.count({ where: { orgId: org.id } })) === 0) await seedDemoPricing(org.id);
const t = performance.now();
const r = await seedDemoUsage(org.id, new Date());
console.log("events", r.events, Math.round(performance.now() - t), "ms");
// A budget and a billed cost row so the overview shows burn and billed-vs-tracked.
const team = await db().team.findFirstOrThrow({ where: { orgId: org.id, slug: "growth" } });
if ((await db().budget.count({ where: { orgId: org.id } })) === 0) {
  await db().budget.createMany({ data: [
    { orgId: org.id, name: "Org monthly", period: "month", amount: "3000" },
    { orgId: org.id, name: "Growth monthly", period: "month", amount: "400", teamId: team.id, hard: true },
  ] });
}
await db().$disconnect();
