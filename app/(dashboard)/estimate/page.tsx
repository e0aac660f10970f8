import type { Metadata } from "next";
import { Card } from "@/components/tremor";
import { PageHeader } from "@/components/page-header";
import { KpiCard } from "@/components/spend/kpi";
import { SaveEstimateForm } from "@/components/spend/save-estimate-form";
import { SpendTable } from "@/components/spend/spend-table";
import { readScopeOf } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/require";
import { ZERO, toAmountString } from "@/lib/money/decimal";
import { estimateInputSchema, estimateTable, savedEstimatesTable } from "@/lib/spend/estimates";
import { canSaveEstimates, estimateModelChoices, listEstimates, previewEstimate } from "@/lib/spend/estimates-service";
import type { SearchParams } from "@/lib/spend/filters";
import { exportHref } from "@/lib/spend/links";
import { listFeatureRows } from "@/lib/spend/queries";

export const metadata: Metadata = { title: "Estimate" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function Field({ id, label, children, hint }: { id: string; label: string; children: React.ReactNode; hint?: string }) {
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-xs font-medium text-gray-600">
        {label}
      </label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className="mt-0.5 text-xs text-gray-400">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

const inputCls = "rounded-md border-gray-300 py-1.5 text-sm shadow-sm";

export default async function EstimatePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const [choices, saved, features] = await Promise.all([estimateModelChoices(user.orgId), listEstimates(readScopeOf(user)), listFeatureRows(user.orgId)]);
  const raw = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, one(v)]));
  const submitted = raw.model !== undefined;
  const defaults = { provider: "openai", model: choices.find((c) => c.model === "gpt-image-2")?.model ?? choices[0]?.model ?? "", quality: "medium", size: "1024x1024", count: "1000", promptTokens: "100" };
  const parsed = estimateInputSchema.safeParse({ ...defaults, ...raw, batch: raw.batch ?? "false" });
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  const input = parsed.success ? parsed.data : estimateInputSchema.parse(defaults);
  const result = parsed.success && input.model ? await previewEstimate(user.orgId, input) : null;
  const chosen = choices.find((c) => c.provider === input.provider && c.model === input.model);
  const sizes = chosen?.sizes.length ? chosen.sizes : ["1024x1024", "1024x1536", "1536x1024"];
  const providers = [...new Set(choices.map((c) => c.provider))];
  const worksheetQuery = new URLSearchParams(
    Object.entries({ ...input, quality: input.quality ?? "", size: input.size ?? "" }).map(([k, v]) => [k, String(v)]),
  ).toString();

  return (
    <>
      <PageHeader
        title="Estimate"
        description="The budget worksheet as a tool: pick the exact model row, quality and size, add prompt and input-image tokens, decide on Batch. Save it against a feature and compare it with what the feature really spends."
      />
      <Card className="mb-6">
        <form method="get" action="/estimate" className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Estimate inputs">
          <Field id="e-provider" label="Provider route">
            <select id="e-provider" name="provider" defaultValue={input.provider} className={inputCls}>
              {(providers.length ? providers : ["openai"]).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
          <Field id="e-model" label="Model">
            <select id="e-model" name="model" defaultValue={input.model} className={inputCls}>
              {choices.map((c) => (
                <option key={`${c.provider}:${c.model}`} value={c.model}>
                  {c.model}
                  {providers.length > 1 ? ` (${c.provider})` : ""}
                </option>
              ))}
            </select>
          </Field>
          <Field id="e-quality" label="Quality">
            <select id="e-quality" name="quality" defaultValue={input.quality ?? ""} className={inputCls}>
              {(chosen?.unitQualities.length ? chosen.unitQualities : []).map((q) => (
                <option key={q} value={q}>
                  {q} (per-image price)
                </option>
              ))}
              <option value="low">low</option>
              <option value="medium">medium</option>
              <option value="high">high</option>
              <option value="auto">{chosen?.unitQualities.length ? "auto" : "auto (budgeted as medium)"}</option>
              <option value="">none (analysis only)</option>
            </select>
          </Field>
          <Field id="e-size" label="Size">
            <select id="e-size" name="size" defaultValue={input.size ?? ""} className={inputCls}>
              {sizes.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
              <option value="">none (analysis only)</option>
            </select>
          </Field>
          <Field id="e-count" label="Requests (images)" hint="How many calls, one image each">
            <input id="e-count" name="count" type="number" min={1} step={1} defaultValue={input.count} className={inputCls} aria-describedby="e-count-hint" />
          </Field>
          <Field id="e-prompt" label="Prompt tokens per request" hint="Uncached text input">
            <input id="e-prompt" name="promptTokens" type="number" min={0} step={1} defaultValue={input.promptTokens} className={inputCls} aria-describedby="e-prompt-hint" />
          </Field>
          <Field id="e-cached" label="Cached prompt tokens per request">
            <input id="e-cached" name="cachedPromptTokens" type="number" min={0} step={1} defaultValue={input.cachedPromptTokens} className={inputCls} />
          </Field>
          <Field id="e-inputs" label="Input images per request" hint="References, masks, analysed images">
            <input id="e-inputs" name="inputImages" type="number" min={0} step={1} defaultValue={input.inputImages} className={inputCls} aria-describedby="e-inputs-hint" />
          </Field>
          <Field id="e-input-tokens" label="Tokens per input image" hint="765 = 1024² at high detail">
            <input id="e-input-tokens" name="inputImageTokens" type="number" min={0} step={1} defaultValue={input.inputImageTokens} className={inputCls} aria-describedby="e-input-tokens-hint" />
          </Field>
          <Field id="e-text-out" label="Text output tokens per request">
            <input id="e-text-out" name="textOutputTokens" type="number" min={0} step={1} defaultValue={input.textOutputTokens} className={inputCls} />
          </Field>
          <div className="flex items-center gap-2 self-end pb-2">
            <input id="e-batch" name="batch" type="checkbox" value="true" defaultChecked={input.batch} className="rounded border-gray-300 text-blue-600" />
            <label htmlFor="e-batch" className="text-sm text-gray-700">
              Batch API
            </label>
          </div>
          <div className="self-end">
            <button type="submit" className="rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-blue-700 focus:outline-none focus:ring-2 focus:ring-blue-500 focus:ring-offset-1">
              Estimate
            </button>
          </div>
        </form>
      </Card>

      {errors.length && submitted ? (
        <div role="alert" className="mb-6 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {errors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      ) : null}

      {result && !result.ok ? (
        <div role="alert" className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {result.message}
        </div>
      ) : null}

      {result && result.ok ? (
        <div className="space-y-6">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3 [&>*]:min-w-0">
            <KpiCard label="Cost per request" amount={toAmountString(result.estimate.perImage) as string} decimals={5} testId="estimate-per-image" note={result.snapshotName} />
            <KpiCard label={`Total for ${input.count.toLocaleString("en-US")} requests`} amount={toAmountString(result.estimate.total) as string} testId="estimate-total" note={input.batch ? `Batch pricing (× ${result.batchMultiplier})` : "Standard (real-time) pricing"} />
            <KpiCard label="Image output share" amount={toAmountString((result.estimate.buckets.imageOutput ?? ZERO).plus(result.estimate.buckets.perImage ?? ZERO)) as string} note={result.estimate.unitPriceBasis ? `Priced per image: ${result.estimate.unitPriceBasis}` : "The part quality and size drive"} />
          </div>
          {result.estimate.warnings.length ? (
            <ul className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" aria-label="Estimate warnings">
              {result.estimate.warnings.map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
            </ul>
          ) : null}
          <SpendTable table={estimateTable("estimate", result.estimate)} pathname="/estimate" sp={sp} exportHref={`/api/v1/export/estimate?${worksheetQuery}`} />
          {canSaveEstimates(user) ? (
            <Card className="p-4 sm:p-6">
              <h2 className="mb-3 text-base font-semibold text-gray-900">Save against a feature</h2>
              <SaveEstimateForm
                inputs={input as unknown as Record<string, unknown>}
                features={features.map((f) => f.name)}
                defaultName={`${input.count.toLocaleString("en-US")} × ${input.model}${input.quality ? ` ${input.quality}` : ""}`}
              />
            </Card>
          ) : null}
        </div>
      ) : null}

      <div className="mt-6">
        <SpendTable table={savedEstimatesTable("estimates", saved, (id) => `/estimate/${id}`)} pathname="/estimate" sp={sp} exportHref={exportHref("estimates", {})} />
      </div>
    </>
  );
}
