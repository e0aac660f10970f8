import { exportHref } from "@/lib/spend/links";
import type { SearchParams } from "@/lib/spend/filters";
import type { MixData } from "@/lib/spend/views-service";
import { SpendTable } from "./spend-table";
import { WhatIfForm } from "./what-if-form";

/** Quality/size mix and the two what-if comparisons (another quality, another model). */
export function MixSection({ mix, pathname, sp, extra }: { mix: MixData; pathname: string; sp: SearchParams; extra?: Record<string, string> }) {
  return (
    <section aria-labelledby="mix-heading" className="space-y-4" id="mix">
      <h2 id="mix-heading" className="pt-2 text-lg font-semibold text-gray-900">
        Quality and size mix, and what-if
      </h2>
      <SpendTable table={mix.mix} pathname={pathname} sp={sp} exportHref={exportHref("mix", sp, { extra })} />
      <WhatIfForm action={pathname} sp={sp} quality={mix.targetQuality} model={mix.targetModel} models={mix.modelChoices} />
      <SpendTable table={mix.quality} pathname={pathname} sp={sp} exportHref={exportHref("whatif-quality", sp, { extra })} />
      <SpendTable table={mix.model} pathname={pathname} sp={sp} exportHref={exportHref("whatif-model", sp, { extra })} />
    </section>
  );
}
