import Link from "next/link";
import type { SearchParams } from "@/lib/spend/filters";

/** Previous/next links for a paged table (page number in `param`). */
export function Pager({ pathname, sp, param, page, pages, label }: { pathname: string; sp: SearchParams; param: string; page: number; pages: number; label: string }) {
  if (pages <= 1) return null;
  const href = (n: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(sp)) if (v !== undefined && k !== param) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
    if (n > 1) p.set(param, String(n));
    const s = p.toString();
    return `${pathname}${s ? `?${s}` : ""}`;
  };
  const cls = "rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50";
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-2">
      {page > 1 ? (
        <Link href={href(page - 1)} className={cls} scroll={false}>
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-gray-500">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} className={cls} scroll={false}>
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
