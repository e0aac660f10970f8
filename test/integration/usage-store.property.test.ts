import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ingestEvents, IngestRejected } from "@/lib/ingest/service";
import type { NormalizedEvent } from "@/lib/ingest/event-schema";
import { runRepriceJob } from "@/lib/pricing/reprice";
import { cloneSnapshot, publishSnapshot as publishViaService, updateDraft } from "@/lib/pricing/service";
import { aggregateSpendPlanned, noFilters, type AggDim, type AggFilters } from "@/lib/spend/queries";
import { dayRangeToInstants } from "@/lib/time/tz";
import { changeOrgTimeZone, findGrainDrift } from "@/lib/usage-store/rebuild";
import { GRAINS } from "@/lib/usage-store/grains";
import { applyRawRetention, rawHorizon } from "@/lib/usage-store/partitions";
import { planQuery, rawShortfall } from "@/lib/usage-store/planner";
import { Prisma } from "@/lib/db/client";
import { createTestOrg } from "./helpers";
import { event, publishSnapshot } from "./ingest-fixtures";
import { ADMIN } from "./pricing-helpers";

/**
 * Property: whatever is ingested (random teams, features, models, zones and instants around DST changes, in
 * half-hour zones too), resent (duplicates) or resent changed (conflicts, refused whole), repriced (a corrected
 * snapshot published and its job run in random chunk sizes) or re-zoned (the org's time zone changed), every
 * rollup grain equals the GROUP BY of the raw events, and the planner's answer to a random query (zone, window,
 * grouping, filters) equals the raw-event answer. Runs: STORAGE_PROPERTY_RUNS (default 4).
 *
 * Raw retention (a "retain" step drops every raw partition before 2026-11-01): at the drop every grain equals the
 * raw events that existed just before it and no grain row changes; afterwards every grain still counts every event
 * ever accepted exactly once (late events for dropped months, replays of dropped ids as duplicates), buckets from
 * the horizon on still equal the raw events, and a raw plan over dropped months says what it cannot answer.
 * The horizon is shared by the whole database: each run starts with none, and the test clears it at the end.
 */

const RUNS = Number(process.env.STORAGE_PROPERTY_RUNS ?? 4);
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu"];
const TEAMS = ["alpha", "beta", "gamma"];
const FEATURES = ["hero", "thumbs", "avatars", "search"];
const MODELS = ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini", "mystery-model"];
// Windows around DST changes after the seed card's effective date: Lord_Howe (Oct 4), Berlin (Oct 25), US/St_Johns (Nov 1).
const WINDOWS = ["2026-10-03T00:00:00Z", "2026-10-24T12:00:00Z", "2026-10-31T12:00:00Z"].map((s) => Date.parse(s));
const DIMS: AggDim[] = ["team", "feature", "model", "workflow", "provider", "day", "stage", "outcome", "quality", "size", "batch"];

const instant = fc
  .tuple(fc.constantFrom(...WINDOWS), fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.constantFrom(0, 0, 17_123, 59_999))
  .map(([base, minutes, ms]) => new Date(base + minutes * 60_000 + ms));

const randomEvent = fc
  .record({
    timestamp: instant,
    team: fc.constantFrom(...TEAMS),
    feature: fc.constantFrom(...FEATURES),
    model: fc.constantFrom(...MODELS),
    kind: fc.constantFrom("t2i", "edit", "vision", "analysis", "generation"),
    imageOutput: fc.integer({ min: 0, max: 5000 }),
    textInput: fc.integer({ min: 0, max: 500 }),
    images: fc.option(fc.integer({ min: 1, max: 3 })),
    quality: fc.constantFrom("low", "medium", "high", null),
    batch: fc.boolean(),
    attempt: fc.integer({ min: 1, max: 3 }),
    outcome: fc.constantFrom("accepted", "accepted", "rejected", "failed", "unknown"),
  })
  .map((r): Omit<NormalizedEvent, "id"> => {
    const { kind, imageOutput, textInput, ...rest } = r;
    const workflow = kind === "t2i" ? "text_to_image" : kind === "edit" ? "image_edit" : kind === "vision" ? "vision_analysis" : "analysis_then_generate";
    const stage = kind === "analysis" || kind === "generation" ? kind : null;
    const { id: _ignored, ...base } = event({ ...rest, workflow, stage, tokens: { imageOutput, textInput } });
    return { ...base, size: r.quality ? "1024x1024" : null, outcome: r.outcome as NormalizedEvent["outcome"] };
  });

type Step =
  | { kind: "ingest"; events: Array<Omit<NormalizedEvent, "id">>; resend: number; conflict: boolean }
  | { kind: "reprice"; rate: string; chunkSize: number }
  | { kind: "rezone"; zone: string }
  | { kind: "retain" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("ingest" as const), events: fc.array(randomEvent, { minLength: 1, maxLength: 25 }), resend: fc.nat(5), conflict: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reprice" as const), rate: fc.constantFrom("27.5", "33.333333", "41"), chunkSize: fc.integer({ min: 3, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rezone" as const), zone: fc.constantFrom(...ZONES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("retain" as const) }) },
);

/** Drops raw partitions before 2026-11-01 (one month of retention as of mid-December). */
const RETAIN_NOW = new Date("2026-12-15T00:00:00Z");

/** Every grain row of the organization, as sorted JSON lines per grain. */
async function grainRows(orgId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const g of GRAINS) {
    const rows = await db().$queryRaw<Array<{ r: string }>>(Prisma.sql`
      SELECT to_jsonb(t)::text AS r FROM ${Prisma.raw(g.table)} t WHERE org_id = ${orgId}::uuid`);
    out[g.name] = rows.map((x) => x.r).sort();
  }
  return out;
}

/** Every grain counts `expected` events in all: each accepted event exactly once, dropped raw or not. */
async function expectEventCount(orgId: string, expected: number) {
  for (const g of GRAINS) {
    const [{ n }] = await db().$queryRaw<Array<{ n: string }>>(Prisma.sql`
      SELECT COALESCE(sum(events), 0)::text AS n FROM ${Prisma.raw(g.table)} WHERE org_id = ${orgId}::uuid`);
    expect(n, `${g.name} event count`).toBe(String(expected));
  }
}

const query = fc.record({
  otherZone: fc.option(fc.constantFrom(...ZONES), { freq: 2 }),
  from: fc.constantFrom("2026-10-02", "2026-10-03", "2026-10-04", "2026-10-24", "2026-10-25", "2026-10-31", "2026-11-01"),
  days: fc.integer({ min: 0, max: 3 }),
  dims: fc.subarray(DIMS, { maxLength: 2 }),
  teams: fc.option(fc.subarray(TEAMS, { minLength: 1 })),
  models: fc.option(fc.subarray(MODELS, { minLength: 1 })),
  features: fc.option(fc.subarray(FEATURES, { minLength: 1 })),
  outcomes: fc.option(fc.subarray(["accepted", "rejected"], { minLength: 1 }), { freq: 4 }),
});

type Query = typeof query extends fc.Arbitrary<infer T> ? T : never;
const plansSeen = new Set<string>();

async function expectExact(orgId: string, zone: string, teamIds: Record<string, string>, queries: Query[]) {
  expect(await findGrainDrift(db(), orgId)).toEqual([]);
  const horizon = await rawHorizon(db());
  for (const q of queries) {
    const tz = q.otherZone ?? zone;
    const to = new Date(Date.parse(`${q.from}T00:00:00Z`) + q.days * 86_400_000).toISOString().slice(0, 10);
    const { start, endExclusive } = dayRangeToInstants(q.from, to, tz);
    if (horizon && start.getTime() < horizon.getTime()) {
      // Over dropped months only the rollups know the totals: a raw plan must say what it cannot answer.
      const plan = planQuery({ tz, orgTimeZone: zone, start, endExclusive, dims: q.dims, rawFrom: horizon });
      if (plan.kind === "raw") expect(rawShortfall(plan)).toMatch(/dropped by retention/);
      else expect(rawShortfall(plan)).toBeNull();
      continue;
    }
    const filters: AggFilters = {
      ...noFilters(),
      teamIds: q.teams ? q.teams.map((t) => teamIds[t]) : null,
      models: q.models ?? [],
      features: q.features ?? [],
      outcomes: q.outcomes ?? [],
    };
    // The set, a subset of it (events and cost only) and the total: GROUPING SETS aggregates, each set on its grain.
    const req = { orgId, start, endExclusive, tz, sets: [q.dims, q.dims.slice(1), []], costOnly: [false, true, false], filters };
    const planned = await aggregateSpendPlanned(req);
    const raw = await aggregateSpendPlanned({ ...req, source: "raw" });
    plansSeen.add(planned.plan);
    const sorted = (rows: typeof raw.rows) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(planned.rows), `${planned.plan} vs raw for ${JSON.stringify(q)} in ${tz}`).toEqual(sorted(raw.rows));
  }
}

describe("usage storage (property)", () => {
  it("every grain equals the raw events, and planned answers equal raw answers, after any sequence of writes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ZONES),
        fc.array(step, { minLength: 2, maxLength: 5 }),
        fc.array(query, { minLength: 3, maxLength: 3 }),
        fc.array(step, { minLength: 1, maxLength: 3 }),
        async (zone, before, queries, after) => {
          // Every run drops raw partitions at least once, then goes on writing (late events, replays, reprices).
          const steps: Step[] = [...before, { kind: "retain" }, ...after];
          await db().$executeRaw(Prisma.sql`DELETE FROM usage_raw_horizon`);
          const { org, teams } = await createTestOrg({ timeZone: zone, teams: TEAMS });
          const teamIds = Object.fromEntries(Object.entries(teams).map(([slug, t]) => [slug, t.id]));
          let card = await publishSnapshot(org.id);
          let currentZone = zone;
          const stored: NormalizedEvent[] = [];
          let n = 0;
          for (const s of steps) {
            if (s.kind === "ingest") {
              const fresh = s.events.map((e) => ({ ...e, id: `e${n++}` }));
              const resent = stored.slice(0, s.resend);
              const r = await ingestEvents(org.id, [...fresh, ...resent], { source: "api" });
              expect(r.inserted).toBe(fresh.length);
              expect(r.duplicates).toBe(resent.length);
              stored.push(...fresh);
              if (s.conflict) {
                // Same id, other content, next to a new event: refused whole (409), nothing written.
                const changed = { ...stored[0], tokens: { ...stored[0].tokens, imageOutput: stored[0].tokens.imageOutput + 1 } };
                const extra = { ...fresh[0], id: `e${n++}` };
                await expect(ingestEvents(org.id, [extra, changed], { source: "api" })).rejects.toBeInstanceOf(IngestRejected);
              }
            } else if (s.kind === "reprice") {
              const draft = await cloneSnapshot(org.id, card.id, ADMIN);
              const rows = draft.document.rows.map((r) => (r.model === "gpt-image-2" ? { ...r, rates: { ...r.rates, imageOutput: s.rate } } : r));
              await updateDraft(org.id, draft.summary.id, { rows }, ADMIN);
              const pub = await publishViaService(org.id, draft.summary.id, ADMIN, { startJob: false });
              if (pub.repriceJob) expect(await runRepriceJob(pub.repriceJob.id, { chunkSize: s.chunkSize })).toMatchObject({ status: "done" });
              card = { ...card, id: draft.summary.id };
            } else if (s.kind === "rezone") {
              await db().$transaction((tx) => changeOrgTimeZone(tx, org.id, s.zone), { timeout: 60_000 });
              currentZone = s.zone;
            } else {
              // expectExact just proved every grain equals the raw events; the drop must not change one row.
              const before = await grainRows(org.id);
              await applyRawRetention(db(), 1, RETAIN_NOW);
              expect(await rawHorizon(db())).toEqual(new Date("2026-11-01T00:00:00Z"));
              const [{ n }] = await db().$queryRaw<Array<{ n: bigint }>>(Prisma.sql`
                SELECT count(*) AS n FROM usage_events WHERE org_id = ${org.id}::uuid AND occurred_at < '2026-11-01T00:00:00Z'`);
              expect(n).toBe(0n);
              expect(await grainRows(org.id)).toEqual(before);
            }
            await expectEventCount(org.id, stored.length);
            await expectExact(org.id, currentZone, teamIds, queries);
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    ).finally(() => db().$executeRaw(Prisma.sql`DELETE FROM usage_raw_horizon`));
    // The runs exercised the grains, not only the raw path.
    expect([...plansSeen].some((p) => p.startsWith("daily")), [...plansSeen].join(",")).toBe(true);
  }, 600_000);
});
