/**
 * Bench datasets: one organization per shape, `events` usage events over the year ending `END`, generated in
 * PostgreSQL (generate_series) and priced consistently: every event copies the cost columns of one of ~100
 * templates (model × quality × batch × workflow) that the real pricing engine priced (priceWithSnapshots with the
 * organization's published snapshot), so stored costs equal what ingestion would have stored. Rollups are then
 * built with the storage code's own rebuild (whatever grains exist get filled), month by month.
 *  - dense:  5 teams × 2 features, 2 models, realtime text-to-image at two qualities: few combinations, so each
 *            sees many events per hour (≈ 28 per rollup key-hour at 10 M events; ≈ 0.6 at 200,000).
 *  - sparse: 50 teams × 10 features (500), 8 models: most combinations seen a few times a day (at 10 M events).
 */
import { ensurePartitions, monthsBetween } from "../lib/usage-store/partitions";
import { db, Prisma } from "../lib/db/client";
import { CLI_ACTOR } from "../lib/audit/log";
import { createTeam } from "../lib/org/service";
import { emptyTokens, type PricingRow, type TokenCounts } from "../lib/cost/types";
import { toStorage } from "../lib/money/decimal";
import { loadPublishedSnapshots, priceWithSnapshots } from "../lib/pricing/published";
import { OPENAI_2026_06_11 } from "../lib/pricing/seed-snapshot";
import { rowCreateData } from "../lib/pricing/store";
import { rebuildRange } from "../lib/usage-store/rebuild";
import { since, type DatasetInfo, type Shape } from "./types";

/** The current UTC hour: the datasets end now, so pages, budgets and alert periods (which use the clock) see data. */
export const END = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const DAYS = 365;
export const START = new Date(END.getTime() - DAYS * 86_400_000);

const SHAPES: Record<Shape, { teams: number; featuresPerTeam: number; models: number; narrow: boolean }> = {
  dense: { teams: 5, featuresPerTeam: 2, models: 2, narrow: true },
  sparse: { teams: 50, featuresPerTeam: 10, models: 8, narrow: false },
};

/** The seed rate card plus three more image rows (copies of real rates under other names), 8 models in all. */
function rateCard(): PricingRow[] {
  const base = OPENAI_2026_06_11.rows;
  const image = base.filter((r) => r.model.startsWith("gpt-image"));
  const extra = ["bench-image-a", "bench-image-b", "bench-image-c"].map((model, i) => ({ ...image[i % image.length], model, aliases: [] }));
  return [...image, ...base.filter((r) => !r.model.startsWith("gpt-image")), ...extra];
}

interface Template {
  model: string;
  quality: string;
  size: string;
  images: number | null;
  batch: boolean;
  workflow: string;
  tokens: TokenCounts;
}

const IMAGE_TOKENS: Record<string, number> = { low: 272, medium: 1056, high: 4160 };

/** Priced event kinds; `narrow` keeps realtime text-to-image at medium and high quality only (the dense shape). */
function templates(models: string[], narrow: boolean): Template[] {
  const out: Template[] = [];
  for (const model of models) {
    for (const batch of narrow ? [false] : [false, true]) {
      if (!model.includes("image")) {
        out.push({ model, quality: "", size: "", images: null, batch, workflow: "vision_analysis", tokens: { ...emptyTokens(), textInput: 300, cachedTextInput: 100, imageInput: 765, textOutput: 120 } });
        continue;
      }
      for (const quality of narrow ? ["medium", "high"] : ["low", "medium", "high"]) {
        for (const workflow of narrow ? ["text_to_image"] : ["text_to_image", "image_edit"]) {
          const tokens = { ...emptyTokens(), textInput: 80 + quality.length * 10, imageInput: workflow === "image_edit" ? 323 : 0, imageOutput: IMAGE_TOKENS[quality] };
          out.push({ model, quality, size: "1024x1024", images: 1, batch, workflow, tokens });
        }
      }
    }
  }
  return out;
}

/** Publishes the bench rate card (8 models, in force over the whole dataset year). */
export async function publishRateCard(orgId: string): Promise<void> {
  const s = OPENAI_2026_06_11;
  await db().pricingSnapshot.create({
    data: {
      orgId, name: "Bench rates", provider: s.provider, version: 1, status: "published",
      effectiveFrom: new Date(START.getTime() - 86_400_000), publishedAt: new Date(), source: s.source, notes: "bench",
      batchMultiplier: s.batchMultiplier,
      rows: { create: rateCard().map((r, position) => rowCreateData(r, position)) },
    },
  });
}

const str = (d: { toFixed(): string } | null) => (d === null ? null : d.toFixed());

export async function buildDataset(shape: Shape, events: number, log: (l: string) => void): Promise<DatasetInfo> {
  const t0 = performance.now();
  const spec = SHAPES[shape];
  const org = await db().organization.create({ data: { name: `Bench ${shape}`, timeZone: "America/New_York" } });
  const teamIds: string[] = [];
  for (let i = 0; i < spec.teams; i++) teamIds.push((await createTeam(org.id, { slug: `team-${i}`, name: `Team ${i}` }, CLI_ACTOR)).id);
  await publishRateCard(org.id);
  const snapshots = await loadPublishedSnapshots(org.id);
  const models = rateCard().map((r) => r.model).slice(0, spec.models);
  const tmpl = templates(models, spec.narrow).map((t) => {
    const p = priceWithSnapshots(snapshots, { occurredAt: END, provider: "openai", model: t.model, tokens: t.tokens, batch: t.batch, images: t.images, size: t.size, quality: t.quality });
    if (!p.priced || p.cost === null) throw new Error(`bench template ${t.model} is not priced`);
    const b = (k: keyof typeof p.buckets) => str(p.buckets[k] === null ? null : toStorage(p.buckets[k]!));
    return { ...t, cost: str(toStorage(p.cost)), buckets: [b("textInput"), b("cachedTextInput"), b("textOutput"), b("imageInput"), b("cachedImageInput"), b("imageOutput")], snapshotId: p.snapshotId, pricedModel: p.pricedModel };
  });
  const col = <T>(f: (t: (typeof tmpl)[number]) => T) => tmpl.map(f);
  const span = END.getTime() - START.getTime();
  const chunk = 1_000_000;
  await ensurePartitions(db(), monthsBetween(START, END));
  for (let from = 1; from <= events; from += chunk) {
    const to = Math.min(events, from + chunk - 1);
    // h1 picks the team and outcome, h2 the feature and attempt, h3 the template and the staged 5 %.
    await db().$executeRaw(Prisma.sql`
      WITH tmpl AS (
        SELECT * FROM unnest(${col((t) => t.model)}::text[], ${col((t) => t.quality)}::text[], ${col((t) => t.size)}::text[],
          ${col((t) => t.images)}::int[], ${col((t) => t.batch)}::boolean[], ${col((t) => t.workflow)}::text[],
          ${col((t) => t.tokens.textInput)}::int[], ${col((t) => t.tokens.cachedTextInput)}::int[], ${col((t) => t.tokens.textOutput)}::int[],
          ${col((t) => t.tokens.imageInput)}::int[], ${col((t) => t.tokens.imageOutput)}::int[], ${col((t) => t.cost)}::numeric[],
          ${col((t) => t.buckets[0])}::numeric[], ${col((t) => t.buckets[1])}::numeric[], ${col((t) => t.buckets[2])}::numeric[],
          ${col((t) => t.buckets[3])}::numeric[], ${col((t) => t.buckets[4])}::numeric[], ${col((t) => t.buckets[5])}::numeric[],
          ${col((t) => t.pricedModel)}::text[])
          WITH ORDINALITY AS x(model, quality, size, images, batch, workflow, ti, cti, tout, ii, io, cost, c_ti, c_cti, c_to, c_ii, c_cii, c_io, priced_model, n)
      )
      INSERT INTO usage_events (org_id, id, occurred_at, team_id, feature, workflow, stage, trace_id, model, provider,
        text_input_tokens, cached_text_input_tokens, text_output_tokens, image_input_tokens, image_output_tokens,
        images, size, quality, batch, attempt, outcome, content_hash, priced, cost, text_input_cost, cached_text_input_cost,
        text_output_cost, image_input_cost, cached_image_input_cost, image_output_cost, snapshot_id, priced_model, source, model_as_called)
      SELECT ${org.id}::uuid, 'e' || g.i,
        ${START.toISOString()}::timestamptz + ((g.i - 1)::float8 / ${events}::float8 * ${span}::float8) * interval '1 millisecond',
        (${teamIds}::uuid[])[1 + r.h1 % ${spec.teams}],
        'feature-' || (r.h1 % ${spec.teams}) || '-' || (r.h2 % ${spec.featuresPerTeam}),
        (CASE WHEN (r.h3 / 997) % 20 = 0 AND t.images IS NOT NULL THEN 'analysis_then_generate' ELSE t.workflow END)::workflow,
        CASE WHEN (r.h3 / 997) % 20 = 0 AND t.images IS NOT NULL THEN 'generate' ELSE '' END,
        CASE WHEN (r.h3 / 997) % 20 = 0 AND t.images IS NOT NULL THEN 'tr-' || g.i END,
        t.model, 'openai', t.ti, t.cti, t.tout, t.ii, t.io, t.images, t.size, t.quality, t.batch,
        CASE WHEN (r.h2 / 97) % 20 = 0 THEN 2 ELSE 1 END,
        (CASE WHEN (r.h1 / 89) % 100 < 94 THEN 'accepted' WHEN (r.h1 / 89) % 100 < 97 THEN 'rejected' WHEN (r.h1 / 89) % 100 < 99 THEN 'failed' ELSE 'unknown' END)::outcome,
        'bench', true, t.cost, t.c_ti, t.c_cti, t.c_to, t.c_ii, t.c_cii, t.c_io, ${tmpl[0].snapshotId}::uuid, t.priced_model, 'bench', t.model
      FROM generate_series(${from}::int, ${to}::int) AS g(i)
      CROSS JOIN LATERAL (SELECT abs(hashint4(g.i)::bigint) AS h1, abs(hashint4(g.i # 1234567)::bigint) AS h2, abs(hashint4(g.i # 7654321)::bigint) AS h3) AS r
      JOIN tmpl t ON t.n = 1 + r.h3 % ${tmpl.length}`);
    log(`  ${shape}: ${to.toLocaleString("en-US")} / ${events.toLocaleString("en-US")} events`);
  }
  await db().$executeRaw(Prisma.sql`
    INSERT INTO usage_event_ids (org_id, id, occurred_at, content_hash)
    SELECT org_id, id, occurred_at, content_hash FROM usage_events WHERE org_id = ${org.id}::uuid`);
  await db().$executeRaw(Prisma.sql`
    INSERT INTO features (id, org_id, name, delayable)
    SELECT gen_random_uuid(), ${org.id}::uuid, f, right(f, 1) IN ('0', '1') FROM (SELECT DISTINCT feature AS f FROM usage_events WHERE org_id = ${org.id}::uuid) x`);
  await rebuildAllRollups(org.id, log, shape);
  await db().$executeRawUnsafe("ANALYZE");
  return {
    shape,
    orgId: org.id,
    events,
    teams: spec.teams,
    features: spec.teams * spec.featuresPerTeam,
    models: spec.models,
    lastDay: END.toISOString().slice(0, 10),
    now: END,
    rollupRows: await rollupRowCounts(org.id),
    buildMs: Math.round(since(t0)),
  };
}

/**
 * Fills every rollup grain from the raw events, month by month, with the storage code's rebuild. The one call the
 * integrator adapts if the storage module renames its rebuild entry point.
 */
async function rebuildAllRollups(orgId: string, log: (l: string) => void, shape: Shape): Promise<void> {
  for (let t = START.getTime(); t < END.getTime(); ) {
    const next = Math.min(END.getTime(), t + 31 * 86_400_000);
    await db().$transaction((tx) => rebuildRange(tx, orgId, new Date(t), new Date(next)), {
      timeout: 1_800_000,
      maxWait: 60_000,
    });
    t = next;
  }
  log(`  ${shape}: rollups rebuilt`);
}

/** Rows per rollup table of the organization (every table named usage_rollup_*). */
async function rollupRowCounts(orgId: string): Promise<Record<string, number>> {
  const tables = await db().$queryRaw<{ t: string }[]>(Prisma.sql`
    SELECT table_name AS t FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name LIKE 'usage_rollup%' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const { t } of tables) {
    const [r] = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*)::bigint AS n FROM "${t}" WHERE org_id = $1::uuid`, orgId);
    out[t] = Number(r.n);
  }
  return out;
}
