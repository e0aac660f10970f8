/**
 * Costs query over a large synthetic hourly rollup: ~10M events for one organization over 90 days
 * (20 teams, 100 features, 3 models, 2 qualities, ~1M rollup rows), as the views and GET /api/v1/costs read it.
 * Run: `npm run bench costs` (fresh database on DATABASE_URL's server). The raw-event fallback (half-hour zones)
 * is measured on BENCH_RAW_EVENTS raw events (default 1,000,000; 0 skips it).
 */
import { randomUUID } from "node:crypto";
import { db, Prisma } from "../lib/db/client";
import type { KeyPrincipal } from "../lib/auth/permissions";
import { getCosts } from "../lib/spend/costs-service";
import type { CostsQuery } from "../lib/spend/filters";
import { loadDimensions, loadPageView } from "../lib/spend/views-service";
import { since, type Bench } from "./types";

const DAYS = 90;
const TEAMS = 20;
const FEATURES_PER_TEAM = 5;
const MODELS = ["gpt-image-2", "gpt-image-1-mini", "gpt-image-1.5"];
const QUALITIES = ["medium", "high"];
const END = new Date("2026-11-25T00:00:00Z");
const START = new Date(END.getTime() - DAYS * 86_400_000);

async function seedRollups(orgId: string, teamIds: string[]): Promise<{ rows: number; events: number }> {
  // Deterministic pseudo-random activity per (hour, team, feature, model, quality): ~80% of combinations active,
  // 1..18 events each (mean ~9.5), so the table holds ~1M rows standing for ~10M events.
  await db().$executeRaw(Prisma.sql`
    INSERT INTO usage_rollup_hourly (org_id, hour, team_id, feature, model, provider, workflow, stage, outcome, quality, size, batch,
      events, images, input_images, accepted_outputs, retries, unpriced_events, warning_events, estimated_events,
      cost, text_input_cost, cached_text_input_cost, text_output_cost, image_input_cost, cached_image_input_cost, image_output_cost,
      text_input_tokens, cached_text_input_tokens, text_output_tokens, image_input_tokens, cached_image_input_tokens, image_output_tokens)
    SELECT ${orgId}::uuid, h.hour, t.id, 'feature-' || t.n || '-' || f.n, m.model, 'openai', 'text_to_image', '', 'accepted', q.quality, '1024x1024', false,
      x.ev, x.ev, 0, x.ev, x.ev / 8, 0, 0, 0,
      (x.ev * 0.0005 + x.ev * 0.05268)::numeric(38,12), (x.ev * 0.0005)::numeric(38,12), 0, 0, 0, 0, (x.ev * 0.05268)::numeric(38,12),
      x.ev * 100, 0, 0, 0, 0, x.ev * 1756
    FROM generate_series(${START.toISOString()}::timestamptz, ${new Date(END.getTime() - 3_600_000).toISOString()}::timestamptz, interval '1 hour') AS h(hour)
    CROSS JOIN unnest(${teamIds}::uuid[]) WITH ORDINALITY AS t(id, n)
    CROSS JOIN generate_series(1, ${FEATURES_PER_TEAM}) AS f(n)
    CROSS JOIN unnest(${MODELS}::text[]) AS m(model)
    CROSS JOIN unnest(${QUALITIES}::text[]) AS q(quality)
    CROSS JOIN LATERAL (SELECT (hashtext(h.hour::text || t.id::text || f.n || m.model || q.quality)::bigint & 2147483647) AS r) AS k
    CROSS JOIN LATERAL (SELECT 1 + (k.r / 7) % 18 AS ev) AS x
    WHERE k.r % 5 <> 0`);
  const [r] = await db().$queryRaw<{ rows: bigint; events: bigint }[]>(Prisma.sql`SELECT count(*)::bigint AS rows, sum(events)::bigint AS events FROM usage_rollup_hourly WHERE org_id = ${orgId}::uuid`);
  await db().$executeRaw(Prisma.sql`ANALYZE usage_rollup_hourly`);
  return { rows: Number(r.rows), events: Number(r.events) };
}

async function seedRawEvents(orgId: string, teamIds: string[], n: number): Promise<void> {
  if (n <= 0) return;
  const span = END.getTime() - START.getTime();
  await db().$executeRaw(Prisma.sql`
    INSERT INTO usage_events (org_id, id, occurred_at, team_id, feature, workflow, stage, model, provider, text_input_tokens, image_output_tokens,
      images, size, quality, outcome, content_hash, priced, cost, text_input_cost, image_output_cost)
    SELECT ${orgId}::uuid, 'e' || i, ${START.toISOString()}::timestamptz + ((i::bigint * 7919) % ${span}) * interval '1 millisecond',
      (${teamIds}::uuid[])[1 + i % ${teamIds.length}], 'feature-' || (1 + i % ${teamIds.length}) || '-' || (1 + i % ${FEATURES_PER_TEAM}),
      'text_to_image', '', (${MODELS}::text[])[1 + i % ${MODELS.length}], 'openai', 100, 1756, 1, '1024x1024', 'medium', 'accepted', 'h', true,
      0.05318, 0.0005, 0.05268
    FROM generate_series(1, ${n}) AS g(i)`);
  await db().$executeRaw(Prisma.sql`ANALYZE usage_events`);
}

async function timeIt(fn: () => Promise<unknown>, runs = 5): Promise<{ median: number; min: number }> {
  await fn(); // warm caches and plans
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(since(t));
  }
  times.sort((a, b) => a - b);
  return { median: Math.round(times[Math.floor(times.length / 2)]), min: Math.round(times[0]) };
}

export const bench: Bench = {
  name: "costs",
  description: "GET /api/v1/costs and the Features view over a ~10M-event hourly rollup (90 days)",
  async run() {
    const org = await db().organization.create({ data: { name: "Bench", timeZone: "America/New_York" } });
    const teams = await Promise.all(
      Array.from({ length: TEAMS }, (_, i) => db().team.create({ data: { orgId: org.id, slug: `team-${i + 1}`, name: `Team ${i + 1}` } })),
    );
    const teamIds = teams.map((t) => t.id);
    let t = performance.now();
    const seeded = await seedRollups(org.id, teamIds);
    const seedMs = Math.round(since(t));
    const rawEvents = Number(process.env.BENCH_RAW_EVENTS ?? 1_000_000);
    t = performance.now();
    await seedRawEvents(org.id, teamIds, rawEvents);
    const rawSeedMs = Math.round(since(t));

    const principal: KeyPrincipal = { kind: "key", keyId: randomUUID(), orgId: org.id, prefix: "bench", teamId: null, scopes: ["read"] };
    const teamKey: KeyPrincipal = { ...principal, teamId: teamIds[3] };
    const costs = (q: CostsQuery, p: KeyPrincipal = principal) => () => getCosts(p, q, END);
    const metrics: Record<string, number | string> = {
      "rollup rows": seeded.rows,
      "events represented": seeded.events,
      "seed rollups (ms)": seedMs,
    };
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["costs 30d total (ms)", costs({ from: "2026-10-26", to: "2026-11-24" })],
      ["costs 30d groupBy=day,model (ms)", costs({ from: "2026-10-26", to: "2026-11-24", groupBy: ["day", "model"] })],
      ["costs 90d groupBy=team,feature (ms)", costs({ from: "2026-08-27", to: "2026-11-24", groupBy: ["team", "feature"] })],
      ["costs 90d groupBy=day,team,feature,model (ms)", costs({ from: "2026-08-27", to: "2026-11-24", groupBy: ["day", "team", "feature", "model"] })],
      ["costs 30d team key groupBy=day (ms)", costs({ from: "2026-10-26", to: "2026-11-24", groupBy: ["day"] }, teamKey)],
      ["costs 30d filter feature groupBy=day (ms)", costs({ from: "2026-10-26", to: "2026-11-24", feature: ["feature-3-2"], groupBy: ["day"] })],
      [
        "Features view 30d (table+trend+prev) (ms)",
        async () => loadDimensions(await loadPageView(principal, { from: "2026-10-26", to: "2026-11-24" }, END), ["feature"]),
      ],
    ];
    if (rawEvents > 0) {
      metrics["raw events (Kolkata fallback)"] = rawEvents;
      metrics["seed raw events (ms)"] = rawSeedMs;
      cases.push(["costs 30d Asia/Kolkata raw groupBy=day,model (ms)", costs({ from: "2026-10-26", to: "2026-11-24", tz: "Asia/Kolkata", groupBy: ["day", "model"] })]);
    }
    for (const [name, fn] of cases) {
      const r = await timeIt(fn);
      metrics[name] = r.median;
    }
    return {
      metrics,
      notes: [
        "Medians of 5 runs after one warm-up. Rollup reads use the (org_id, hour, ...) primary key and (org_id, team_id, hour).",
        `The Asia/Kolkata case reads raw usage_events (${rawEvents.toLocaleString("en-US")} rows spread over ${DAYS} days).`,
      ],
    };
  },
};
