import { createFreshDatabase } from "../test/support/fresh-database";
import { setEnv } from "@/lib/env";
const fresh = await createFreshDatabase("ss_ingest_seedtest");
setEnv({ DATABASE_URL: fresh.url, SPENDSCOPE_EMBEDDED_DB: fresh.serverUrl ? "0" : "1" });
const { db } = await import("@/lib/db/client");
const { seedDemoOrg } = await import("@/lib/demo/seed-org");
const { seedDemoUsage } = await import("@/lib/demo/seed-usage");
const { SEED_SNAPSHOTS } = await import("@/lib/pricing/seed-snapshot");
const org = await seedDemoOrg();
for (const [i, s] of SEED_SNAPSHOTS.entries()) {
  await db().pricingSnapshot.create({ data: { orgId: org.id, name: s.name, provider: s.provider, version: i + 1, status: "published", effectiveFrom: s.effectiveFrom, publishedAt: new Date(), batchMultiplier: s.batchMultiplier,
    rows: { create: s.rows.map((r, position) => ({ model: r.model, aliases: r.aliases, position, imageOutputTokens: r.imageOutputTokens, textInputRate: r.rates.textInput, cachedTextInputRate: r.rates.cachedTextInput, textOutputRate: r.rates.textOutput, imageInputRate: r.rates.imageInput, cachedImageInputRate: r.rates.cachedImageInput, imageOutputRate: r.rates.imageOutput })) } } });
}
const t0 = performance.now();
const r = await seedDemoUsage(org.id, new Date());
console.log("seeded", r, "in", Math.round(performance.now() - t0), "ms");
const rs = await db().$queryRaw<any[]>`SELECT unpriced_reason, count(*)::int FROM usage_events WHERE NOT priced GROUP BY 1`; console.log(rs);
const [x] = await db().$queryRaw<any[]>`SELECT (SELECT sum(cost) FROM usage_events)::text a, (SELECT sum(cost) FROM usage_rollup_hourly)::text b, (SELECT count(*) FROM usage_rollup_hourly)::int c, (SELECT count(*) FROM usage_events WHERE NOT priced)::int d`;
console.log(x);
await db().$disconnect();
await fresh.drop();
process.exit(0);
