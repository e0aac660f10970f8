import { describe, expect, it } from "vitest";
import { snapshotDocument } from "@/lib/pricing/store";
import { OPENAI_2026_01_01, OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { createDraft, publishSnapshot } from "@/lib/pricing/service";
import * as list from "@/app/api/v1/pricing/snapshots/route";
import * as one from "@/app/api/v1/pricing/snapshots/[id]/route";
import * as importRoute from "@/app/api/v1/pricing/snapshots/import/route";
import * as exportRoute from "@/app/api/v1/pricing/snapshots/[id]/export/route";
import * as clone from "@/app/api/v1/pricing/snapshots/[id]/clone/route";
import * as diff from "@/app/api/v1/pricing/diff/route";
import { createTestKey, createTestOrg } from "./helpers";
import { ADMIN } from "./pricing-helpers";

/** The REST routes with API keys (sessions need a browser: see e2e/pricing.spec.ts). Keys read; only admins edit. */

const BASE = "http://localhost/api/v1/pricing";

async function setup() {
  const { org } = await createTestOrg();
  const jan = await createDraft(org.id, snapshotDocument(OPENAI_2026_01_01), ADMIN);
  await publishSnapshot(org.id, jan.summary.id, ADMIN);
  const jun = await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN);
  const read = await createTestKey(org.id, { scopes: ["read"] });
  const ingest = await createTestKey(org.id, { scopes: ["ingest"] });
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  return { org, jan: jan.summary.id, jun: jun.summary.id, read: auth(read.key), ingest: auth(ingest.key) };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("pricing REST API", () => {
  it("lists and reads snapshots with a read key; the detail is the export JSON plus id/status/version", async () => {
    const t = await setup();
    const res = await list.GET(new Request(`${BASE}/snapshots`, { headers: t.read }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { snapshots: { id: string; provider: string; version: number; status: string; effectiveFrom: string; rowCount: number }[] };
    expect(body.snapshots.map((s) => [s.provider, s.version, s.status, s.rowCount, s.effectiveFrom])).toEqual([
      ["openai", 2, "draft", 5, "2026-06-11T00:00:00.000Z"],
      ["openai", 1, "published", 4, "2026-01-01T00:00:00.000Z"],
    ]);

    const detail = await one.GET(new Request(`${BASE}/snapshots/${t.jun}`, { headers: t.read }), params(t.jun));
    const doc = (await detail.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ id: t.jun, status: "draft", version: 2, ...snapshotDocument(OPENAI_2026_06_11) });
    // rates are strings, never JSON numbers
    expect((doc.rows as { rates: Record<string, unknown> }[])[0].rates.imageOutput).toBe("30");

    const d = await diff.GET(new Request(`${BASE}/diff?a=${t.jan}&b=${t.jun}`, { headers: t.read }));
    expect(d.status).toBe(200);
    const dj = (await d.json()) as { diff: { added: { model: string }[]; changed: { rates: { deltaUsd: string; deltaPct: string }[] }[] } };
    expect(dj.diff.added.map((r) => r.model)).toEqual(["gpt-image-2"]);
    expect(dj.diff.changed[0].rates[0]).toMatchObject({ deltaUsd: "-8", deltaPct: "-20.00" });

    const csv = await exportRoute.GET(new Request(`${BASE}/snapshots/${t.jun}/export?format=csv`, { headers: t.read }), params(t.jun));
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="openai-v2.csv"');
    expect(await csv.text()).toContain("gpt-image-2,openai/gpt-image-2,5,1.25,,8,2,30,");
  });

  it("answers problem+json: 403 for keys on admin routes, 400 with paths, 404 for unknown ids", async () => {
    const t = await setup();
    const post = await list.POST(new Request(`${BASE}/snapshots`, { method: "POST", headers: t.read, body: JSON.stringify(snapshotDocument(OPENAI_2026_06_11)) }));
    expect(post.status).toBe(403);
    expect(post.headers.get("content-type")).toBe("application/problem+json");
    for (const res of [
      await clone.POST(new Request(`${BASE}/snapshots/${t.jan}/clone`, { method: "POST", headers: t.read }), params(t.jan)),
      await importRoute.POST(new Request(`${BASE}/snapshots/import`, { method: "POST", headers: t.read, body: "{}" })),
      await one.DELETE(new Request(`${BASE}/snapshots/${t.jun}`, { method: "DELETE", headers: t.read }), params(t.jun)),
    ]) {
      expect(res.status).toBe(403);
    }
    // an ingest-only key cannot read pricing
    expect((await list.GET(new Request(`${BASE}/snapshots`, { headers: t.ingest }))).status).toBe(403);

    const bad = await one.GET(new Request(`${BASE}/snapshots/nope`, { headers: t.read }), params("nope"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 400, invalidFields: [{ path: "id" }] });
    const missing = "00000000-0000-4000-8000-000000000000";
    const nf = await one.GET(new Request(`${BASE}/snapshots/${missing}`, { headers: t.read }), params(missing));
    expect(nf.status).toBe(404);
    const diffBad = await diff.GET(new Request(`${BASE}/diff?a=${t.jan}`, { headers: t.read }));
    expect(diffBad.status).toBe(400);
    expect(await diffBad.json()).toMatchObject({ invalidFields: [{ path: "b" }] });
  });
});
