import type { UserPrincipal } from "@/lib/auth/permissions";
import { ingestEvents } from "@/lib/ingest/service";
import { validateEvent } from "@/lib/ingest/event-schema";
import { importOpenAICosts, setProjectMapping } from "@/lib/ingest/imports";
import { snapshotDocument } from "@/lib/pricing/store";
import { OPENAI_2026_06_11 } from "@/lib/pricing/seed-snapshot";
import { createDraft, publishSnapshot } from "@/lib/pricing/service";
import { createTestOrg, createTestUser } from "./helpers";
import { ADMIN } from "./pricing-helpers";

/** Shared by the reconciliation tests: billed imports and tracked events for two teams, one unmapped project. */

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
/** A Costs API page: [date, project, line item, amount]. */
export function costsPage(rows: Array<[string, string, string, number]>): string {
  return JSON.stringify({
    object: "page",
    data: [...new Set(rows.map((r) => r[0]))].map((d) => ({
      object: "bucket",
      start_time: day(d),
      end_time: day(d) + 86400,
      results: rows.filter((r) => r[0] === d).map(([, project_id, line_item, value]) => ({ object: "organization.costs.result", amount: { value, currency: "usd" }, line_item, project_id })),
    })),
  });
}

const ev = (id: string, team: string, timestamp: string, model: string) => {
  const r = validateEvent({ id, team, feature: "hero", workflow: "text_to_image", outcome: "accepted", timestamp, model, usage: { imageOutputTokens: 100000, textInputTokens: 2000 } }, new Date());
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
};

/** Two teams with events on 2026-11-01, billed imports for three projects (one unmapped). */
export async function reconcileFixture() {
  const { org, teams } = await createTestOrg();
  const { user } = await createTestUser(org.id, "admin");
  const admin: UserPrincipal = { kind: "user", userId: user.id, orgId: org.id, email: user.email, name: user.name, role: "admin", teamIds: [] };
  await publishSnapshot(org.id, (await createDraft(org.id, snapshotDocument(OPENAI_2026_06_11), ADMIN)).summary.id, ADMIN);
  await ingestEvents(
    org.id,
    [
      ev("a1", "alpha", "2026-11-01T10:00:00Z", "gpt-image-1.5"),
      ev("a2", "alpha", "2026-11-01T23:59:00Z", "gpt-image-1.5"),
      ev("a3", "alpha", "2026-11-01T12:00:00Z", "gpt-image-9"), // unpriced
      ev("b1", "beta", "2026-11-01T09:00:00Z", "gpt-image-2"),
      ev("a4", "alpha", "2026-11-04T09:00:00Z", "gpt-image-2"), // after the last billed day: not a gap
    ],
    { source: "seed" },
  );
  await importOpenAICosts(
    org.id,
    costsPage([
      ["2026-11-01", "proj_a", "Image models", 9.25],
      ["2026-11-01", "proj_a", "Text models", 1.5],
      ["2026-11-01", "proj_z", "Image models", 0.7],
      ["2026-11-02", "proj_a", "Image models", 2],
      ["2026-11-03", "proj_a", "Image models", 0.5],
    ]),
    admin,
  );
  await setProjectMapping(org.id, "proj_a", "alpha", admin);
  await setProjectMapping(org.id, "proj_b", "beta", admin);
  return { orgId: org.id, teams, admin };
}

