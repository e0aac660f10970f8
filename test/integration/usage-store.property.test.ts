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
import { createTestOrg } from "./helpers";
import { event, publishSnapshot } from "./ingest-fixtures";
import { ADMIN } from "./pricing-helpers";

/**
 * Property: whatever is ingested (random teams, features, models, zones and instants around DST changes, in
 * half-hour zones too), resent (duplicates) or resent changed (conflicts, refused whole), repriced (a corrected
 * snapshot published and its job run in random chunk sizes) or re-zoned (the org's time zone changed), every
 * rollup grain equals the GROUP BY of the raw events, and the planner's answer to a random query (zone, window,
 * grouping, filters) equals the raw-event answer. Runs: STORAGE_PROPERTY_RUNS (default 4).
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
  | { kind: "rezone"; zone: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("ingest" as const), events: fc.array(randomEvent, { minLength: 1, maxLength: 25 }), resend: fc.nat(5), conflict: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reprice" as const), rate: fc.constantFrom("27.5", "33.333333", "41"), chunkSize: fc.integer({ min: 3, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rezone" as const), zone: fc.constantFrom(...ZONES) }) },
);

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
  for (const q of queries) {
    const tz = q.otherZone ?? zone;
    const to = new Date(Date.parse(`${q.from}T00:00:00Z`) + q.days * 86_400_000).toISOString().slice(0, 10);
    const { start, endExclusive } = dayRangeToInstants(q.from, to, tz);
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
        async (zone, steps, queries) => {
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
            } else {
              await db().$transaction((tx) => changeOrgTimeZone(tx, org.id, s.zone), { timeout: 60_000 });
              currentZone = s.zone;
            }
            await expectExact(org.id, currentZone, teamIds, queries);
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The runs exercised the grains, not only the raw path.
    expect([...plansSeen].some((p) => p.startsWith("daily")), [...plansSeen].join(",")).toBe(true);
  }, 600_000);
});
