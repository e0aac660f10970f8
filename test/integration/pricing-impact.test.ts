/**
 * Repricing impact preview against PostgreSQL: the draft's breakdown by team and month equals what publishing it
 * really writes (the reprice job's result, summed by SQL independently), it writes nothing itself, the published
 * snapshot's breakdown (linked from its job) is the same, and team keys see only their teams.
 */
import { describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db/client";
import { dec } from "@/lib/money/decimal";
import { ingestEvents } from "@/lib/ingest/service";
import { validateEvent } from "@/lib/ingest/event-schema";
import { runRepriceJob } from "@/lib/pricing/reprice";
import { snapshotDocument } from "@/lib/pricing/store";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { cloneSnapshot, createDraft, publishSnapshot, updateDraft } from "@/lib/pricing/service";
import type { SnapshotImpact } from "@/lib/pricing/impact-service";
import * as impact from "@/app/api/v1/pricing/snapshots/[id]/impact/route";
import { createTestKey, createTestOrg } from "./helpers";
import { ADMIN } from "./pricing-helpers";

type Raw = Record<string, unknown>;
const ev = (id: string, team: string, timestamp: string, model: string, extra: Raw = {}) => {
  const r = validateEvent({ id, team, feature: "hero", workflow: "text_to_image", outcome: "accepted", timestamp, model, usage: { imageOutputTokens: 1000, textInputTokens: 120 }, ...extra }, new Date());
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
};

/** Cost per (team slug, org-local month) straight from the events. */
async function costsByGroup(orgId: string) {
  return db().$queryRaw<{ team: string; month: string; events: number; cost: string; unpriced: number }[]>(Prisma.sql`
    SELECT t.slug AS team, to_char(e.occurred_at AT TIME ZONE o.time_zone, 'YYYY-MM') AS month, count(*)::int AS events,
      coalesce(sum(e.cost), 0)::text AS cost, (count(*) FILTER (WHERE NOT e.priced))::int AS unpriced
    FROM usage_events e JOIN teams t ON t.id = e.team_id JOIN organizations o ON o.id = e.org_id
    WHERE e.org_id = ${orgId}::uuid AND e.occurred_at >= '2026-06-11' GROUP BY 1, 2 ORDER BY 2, 1`);
}

const num = (s: string) => dec(s).toFixed();
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function setup() {
  const { org } = await createTestOrg({ timeZone: "America/New_York" });
  const jun = (await publishSnapshot(org.id, (await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN)).summary.id, ADMIN)).snapshot.summary;
  await ingestEvents(
    org.id,
    [
      ev("a1", "alpha", "2026-07-02T12:00:00Z", "gpt-image-2"),
      ev("a2", "alpha", "2026-07-20T12:00:00Z", "gpt-image-2", { batch: true }),
      // 03:00 UTC on Aug 1 is still July 31 in New York: counts under 2026-07.
      ev("a3", "alpha", "2026-08-01T03:00:00Z", "gpt-image-1.5"),
      ev("a4", "alpha", "2026-08-05T12:00:00Z", "gpt-image-9"),
      // A dated variant: stored under gpt-image-2 (canonical), priced by its name as called, which the draft gives a row.
      ev("a5", "alpha", "2026-08-05T13:00:00Z", "gpt-image-2-2026-01-01"),
      ev("b1", "beta", "2026-08-06T12:00:00Z", "gpt-image-2", { usage: undefined, images: 2, size: "1024x1024", quality: "high" }),
      ev("b2", "beta", "2026-08-07T12:00:00Z", "gpt-image-9"),
      ev("b3", "beta", "2026-06-01T12:00:00Z", "gpt-image-2"), // before the range: never counted
    ],
    { source: "seed" },
  );
  const draft = await cloneSnapshot(org.id, jun.id, ADMIN);
  const rows = [
    ...draft.document.rows.map((r) => ({ ...r, rates: { ...r.rates, imageOutput: r.model === "gpt-image-2" ? "36" : r.rates.imageOutput } })),
    { model: "gpt-image-2-2026-01-01", aliases: [], rates: { textInput: "5", cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: "60" }, imageOutputTokens: {} },
    { model: "gpt-image-9", aliases: [], rates: { textInput: "5", cachedTextInput: null, textOutput: null, imageInput: null, cachedImageInput: null, imageOutput: "50" }, imageOutputTokens: {} },
  ];
  await updateDraft(org.id, draft.summary.id, { rows }, ADMIN);
  const read = await createTestKey(org.id, { scopes: ["read"] });
  const alphaKey = await createTestKey(org.id, { team: "alpha", scopes: ["read"] });
  return { orgId: org.id, draftId: draft.summary.id, read: { authorization: `Bearer ${read.key}` }, alpha: { authorization: `Bearer ${alphaKey.key}` } };
}

async function getImpact(id: string, headers: Record<string, string>): Promise<SnapshotImpact> {
  const res = await impact.GET(new Request(`http://localhost/api/v1/pricing/snapshots/${id}/impact`, { headers }), params(id));
  expect(res.status).toBe(200);
  return (await res.json()) as SnapshotImpact;
}

describe("GET /api/v1/pricing/snapshots/{id}/impact", () => {
  it("a draft's breakdown equals what publishing and repricing really change, and computing it writes nothing", async () => {
    const t = await setup();
    const before = await costsByGroup(t.orgId);
    const preview = await getImpact(t.draftId, t.read);
    expect(await costsByGroup(t.orgId)).toEqual(before); // nothing written

    expect(preview.basis).toBe("stored");
    expect(preview.range).toEqual({ from: "2026-06-11T00:00:00.000Z", to: null });
    expect(preview.rows.map((r) => [r.month, r.team, r.events, r.becomePriced, r.becomeUnpriced])).toEqual([
      ["2026-07", "alpha", 3, 0, 0],
      ["2026-08", "alpha", 2, 1, 0],
      ["2026-08", "beta", 2, 1, 0],
    ]);
    // Worked values: gpt-image-2 image output $30 -> $36 per 1M; 1000 tokens = +$0.006 (batch: +$0.003);
    // b1 estimates 2 x 7024 high-quality square tokens: +14048 x $6/1M = +$0.084288; gpt-image-9 at $5 + $50: 0.0006 + 0.05.
    expect(preview.rows.map((r) => num(r.delta))).toEqual(["0.009", "0.0806", "0.134888"]);
    expect(num(preview.total.delta)).toBe("0.224488");
    expect(preview.total.changedEvents).toBe(6);

    const pub = await publishSnapshot(t.orgId, t.draftId, ADMIN, { startJob: false });
    // The job links to the same breakdown.
    expect(pub.repriceJob!.impactUrl).toBe(`/api/v1/pricing/snapshots/${t.draftId}/impact`);
    expect(await runRepriceJob(pub.repriceJob!.id)).toMatchObject({ ran: true, status: "done" });
    const after = await costsByGroup(t.orgId);
    const independent = after.map((a) => {
      const b = before.find((x) => x.team === a.team && x.month === a.month)!;
      return [a.month, a.team, a.events, num(b.cost), num(a.cost), a.unpriced];
    });
    expect(preview.rows.map((r) => [r.month, r.team, r.events, num(r.currentCost), num(r.newCost), 0])).toEqual(independent);

    // After publishing, the job's snapshot answers the same breakdown (recomputed against the previous snapshots).
    const published = await getImpact(t.draftId, t.read);
    expect(published.basis).toBe("previous_snapshots");
    expect(published.rows).toEqual(preview.rows);
    expect(published.total).toEqual(preview.total);
  });

  it("a team key sees only its teams' rows and total; unknown ids answer 404", async () => {
    const t = await setup();
    const mine = await getImpact(t.draftId, t.alpha);
    expect([...new Set(mine.rows.map((r) => r.team))]).toEqual(["alpha"]);
    expect(num(mine.total.delta)).toBe("0.0896");
    const missing = "00000000-0000-4000-8000-000000000000";
    const res = await impact.GET(new Request(`http://localhost/x`, { headers: t.read }), params(missing));
    expect(res.status).toBe(404);
    const bad = await impact.GET(new Request(`http://localhost/x`, { headers: t.read }), params("nope"));
    expect(bad.status).toBe(400);
  });
});
