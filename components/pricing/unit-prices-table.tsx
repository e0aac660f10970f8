import { ANY, type PricingRow } from "@/lib/cost/types";
import { canonicalImagePrices } from "@/lib/pricing/formats/image-prices";

const label = (k: string, what: string) => (k === ANY ? `any ${what}` : k);

/**
 * A row's per-image prices (USD per generated image by size and quality, "*" = any) and per-megapixel price,
 * exactly as listed. Events that report only an image count are priced from these (lib/cost/image-prices.ts).
 */
export function UnitPricesTable({ row }: { row: PricingRow }) {
  const table = canonicalImagePrices(row.imagePrices ?? {});
  const entries = Object.entries(table).flatMap(([size, qs]) => Object.entries(qs).map(([quality, price]) => ({ size, quality, price })));
  const mp = row.megapixelPrice ?? null;
  if (entries.length === 0 && mp === null) return null;
  return (
    <section aria-labelledby={`unit-prices-${row.model}`} className="min-w-0" data-testid="unit-prices-table">
      <h3 id={`unit-prices-${row.model}`} className="mb-2 text-sm font-semibold text-gray-900">
        {row.model}
      </h3>
      {entries.length ? (
        <div className="overflow-x-auto rounded-lg border border-gray-200">
          <table className="min-w-full text-xs sm:text-sm">
            <caption className="sr-only">Per-image prices for {row.model}</caption>
            <thead className="bg-gray-50 text-left text-xs font-medium text-gray-600">
              <tr>
                <th scope="col" className="px-2 py-2 sm:px-3">Size</th>
                <th scope="col" className="px-2 py-2 sm:px-3">Quality</th>
                <th scope="col" className="px-2 py-2 text-right sm:px-3">USD per image</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {entries.map((e) => (
                <tr key={`${e.size}|${e.quality}`} data-size={e.size} data-quality={e.quality}>
                  <th scope="row" className="whitespace-nowrap px-2 py-2 text-left font-medium text-gray-700 sm:px-3">{label(e.size, "size")}</th>
                  <td className="whitespace-nowrap px-2 py-2 text-gray-700 sm:px-3">{label(e.quality, "quality")}</td>
                  <td className="whitespace-nowrap px-2 py-2 text-right font-medium tabular-nums text-gray-900 sm:px-3" data-price={e.price}>
                    ${e.price}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mp !== null ? (
        <p className="mt-2 text-sm text-gray-700" data-testid="megapixel-price">
          Per megapixel: <span className="font-medium tabular-nums">${mp}</span>
          <span className="text-gray-500"> (W×H / 1,000,000, e.g. 1024x1536 = 1.572864 MP)</span>
        </p>
      ) : null}
    </section>
  );
}
