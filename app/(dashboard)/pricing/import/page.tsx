import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { ImportForm } from "@/components/pricing/import-form";
import { requireUserWhere } from "@/lib/auth/require";
import { canEditPricing } from "@/lib/auth/permissions";
import { CSV_COLUMNS } from "@/lib/pricing/formats/csv";

export const metadata: Metadata = { title: "Import a rate card" };

export default async function ImportPage() {
  await requireUserWhere(canEditPricing);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/pricing" className="text-blue-700 hover:underline">
          Pricing
        </Link>
        <span className="text-gray-400"> / </span>
        <span className="text-gray-600">Import</span>
      </nav>
      <PageHeader
        title="Import a rate card"
        description="Preview what will change against the snapshot in force before anything is saved. A file with errors imports nothing unless you choose to skip the invalid rows."
      />
      <ImportForm />
      <details className="mt-6 rounded-lg border border-gray-200 bg-white p-4 text-sm text-gray-700">
        <summary className="cursor-pointer font-medium text-gray-900">File formats</summary>
        <ul className="mt-2 list-disc space-y-2 pl-5">
          <li>
            <strong>JSON snapshot</strong> (what &ldquo;Download JSON&rdquo; gives): name, provider, effectiveFrom, source, notes, currency, batchMultiplier and rows with
            model, aliases, six rates (USD per 1M tokens, null = not listed) and imageOutputTokens per size and quality.
          </li>
          <li>
            <strong>CSV</strong>, one row per model, columns <code className="break-words">{CSV_COLUMNS.join(", ")}</code>. Empty, &ldquo;-&rdquo; or &ldquo;not listed&rdquo; = not
            listed; aliases separated by |; output tokens like <code>1024x1024:low=196;medium=1756;high=7024</code>. Metadata comes from the fields above or from
            <code> # provider: openai</code> style comment lines at the top.
          </li>
          <li>
            <strong>LiteLLM price map</strong> (model_prices_and_context_window.json): per-token USD prices are converted to per 1M tokens exactly; image-generation rows
            of the chosen provider are imported. It has no output-tokens-per-image tables: add them in the draft before estimating per-image costs.
          </li>
        </ul>
      </details>
    </>
  );
}
