import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, UsageError } from "../args";
import { CLI_ACTOR } from "@/lib/audit/log";
import { notFound } from "@/lib/api/errors";
import { BUCKET_LABELS } from "@/lib/cost/types";
import { requireOrganization } from "@/lib/org/service";
import { detectFormat, IMPORT_FORMATS, type ImportFormat } from "@/lib/pricing/import";
import type { ImportIssue } from "@/lib/pricing/formats/result";
import { runRepriceJob } from "@/lib/pricing/reprice";
import { exportSnapshot, importSnapshot, listSnapshots, type PricingActor } from "@/lib/pricing/service";
import type { ImportOutcome } from "@/lib/pricing/views";

const USAGE = `usage:
  spendscope pricing import FILE [--publish] [--format json|csv|litellm] [--provider P] [--name N]
                                 [--effective-from ISO] [--skip-invalid] [--dry-run] [--litellm-provider P]
  spendscope pricing export ID [--format json|csv]     (ID: a snapshot id, PROVIDER for the one in force, or PROVIDER:vN)`;

const ACTOR: PricingActor = { ...CLI_ACTOR, userId: null };

export async function pricing(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === "import") return importCommand(rest);
  if (sub === "export") return exportCommand(rest);
  throw new UsageError(sub ? `unknown pricing command "${sub}"\n${USAGE}` : USAGE);
}

function issueLine(i: ImportIssue): string {
  const model = i.model && !i.path.includes(i.model) ? i.model : null;
  const where = [i.line !== undefined ? `line ${i.line}` : null, model, i.path || null].filter(Boolean).join(", ");
  return where ? `${where}: ${i.message}` : i.message;
}

function printPreview(r: ImportOutcome): void {
  const d = r.diff;
  const against = r.against ? `${r.against.provider} v${r.against.version} (${r.against.name})` : "nothing (no published snapshot for this provider)";
  console.log(`compared with ${against}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`);
  for (const row of d.added) console.log(`  + ${row.model}`);
  for (const row of d.removed) console.log(`  - ${row.model}`);
  for (const c of d.changed) {
    const rates = c.rates.map((x) => `${BUCKET_LABELS[x.bucket].toLowerCase()} ${x.from ?? "not listed"} -> ${x.to ?? "not listed"}${x.deltaPct !== null ? ` (${Number(x.deltaPct) > 0 ? "+" : ""}${x.deltaPct}%)` : ""}`);
    const extra = [...(c.aliases ? ["aliases"] : []), ...(c.imageOutputTokens.length ? ["output tokens per image"] : []), ...(c.imagePrices ? ["per-image prices"] : []), ...(c.megapixelPrice ? ["per-megapixel price"] : [])];
    console.log(`  ~ ${c.model}: ${[...rates, ...extra.map((e) => `${e} changed`)].join("; ")}`);
  }
  if (d.batchMultiplier) console.log(`  ~ batch multiplier ${d.batchMultiplier.from} -> ${d.batchMultiplier.to}`);
  for (const s of r.skipped) console.log(`skipped ${issueLine(s)}`);
  for (const w of r.warnings) console.log(`warning: ${issueLine(w)}`);
}

async function importCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv, {
    publish: { type: "boolean" },
    format: { type: "string" },
    provider: { type: "string" },
    name: { type: "string" },
    "effective-from": { type: "string" },
    "skip-invalid": { type: "boolean" },
    "dry-run": { type: "boolean" },
    "litellm-provider": { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const file = positionals[0];
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const format = (values.format ?? detectFormat(path.basename(file), content)) as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(", ")}`);
  const org = await requireOrganization();
  const r = await importSnapshot(
    org.id,
    {
      format,
      content,
      provider: values.provider,
      name: values.name,
      effectiveFrom: values["effective-from"],
      litellmProvider: values["litellm-provider"],
      skipInvalid: values["skip-invalid"] ?? false,
      publish: values.publish ?? false,
      dryRun: values["dry-run"] ?? false,
    },
    ACTOR,
    { startJob: false },
  );
  const doc = r.document;
  if (r.dryRun || !r.created) {
    console.log(`preview of ${file} (${format}): "${doc.name}", provider ${doc.provider}, ${doc.rows.length} rows, effective ${doc.effectiveFrom}; nothing saved`);
    printPreview(r);
    return;
  }
  const c = r.created;
  console.log(`imported ${file} (${format}) as ${c.provider} v${c.version} "${c.name}" (${c.status}), ${c.rowCount} rows, effective ${c.effectiveFrom}`);
  printPreview(r);
  if (r.repriceJob) {
    // The CLI exits when done, so it runs the job itself instead of leaving it to the server.
    console.log(`repricing ${r.repriceJob.total} events now governed by this snapshot…`);
    const run = await runRepriceJob(r.repriceJob.id, { onProgress: (n, total) => console.log(`  ${n} / ${total}`) });
    if (run.ran && (run.status === "failed" || run.status === "retrying")) throw new Error(`repricing failed: ${run.error}`);
    if (run.ran) console.log(`repriced ${run.processed} events`);
  }
  console.log(c.id);
}

async function resolveSnapshotId(orgId: string, ref: string): Promise<string> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) return ref;
  const m = /^([a-z0-9._-]+)(?::v(\d+))?$/i.exec(ref);
  if (!m) throw new UsageError(`"${ref}" is not a snapshot id, PROVIDER or PROVIDER:vN`);
  const list = await listSnapshots(orgId);
  const provider = m[1].toLowerCase();
  const hit = m[2] ? list.find((s) => s.provider === provider && s.version === Number(m[2])) : list.find((s) => s.provider === provider && s.inForce);
  if (!hit) throw notFound(`No pricing snapshot ${ref}${m[2] ? "" : " in force now"}.`);
  return hit.id;
}

async function exportCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv, { format: { type: "string" } });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const format = values.format ?? "json";
  if (format !== "json" && format !== "csv") throw new UsageError('--format must be "json" or "csv"');
  const org = await requireOrganization();
  const file = await exportSnapshot(org.id, await resolveSnapshotId(org.id, positionals[0]), format);
  await new Promise<void>((resolve, reject) => process.stdout.write(file.body, (e) => (e ? reject(e) : resolve())));
}
