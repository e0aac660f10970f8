"use client";

/**
 * Filters for every spend page: date range (presets and custom dates), reporting time zone, and team,
 * feature, model, workflow, provider, outcome, image size and quality. All state lives in the URL; every change navigates, so a
 * view can be bookmarked and shared. Native form controls (select, date inputs, checkbox groups in
 * disclosure widgets) keep it keyboard- and screen-reader-friendly.
 */
import { useEffect, useId, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

export interface FilterOption {
  value: string;
  label: string;
}

export type FilterKeyName = "team" | "feature" | "model" | "workflow" | "provider" | "outcome" | "size" | "quality";

const FILTER_LABELS: Record<FilterKeyName, string> = {
  team: "Team",
  feature: "Feature",
  model: "Model",
  workflow: "Workflow",
  provider: "Provider",
  outcome: "Outcome",
  size: "Size",
  quality: "Quality",
};

const PRESET_LABELS: Array<[string, string]> = [
  ["today", "Today"],
  ["yesterday", "Yesterday"],
  ["last7", "Last 7 days"],
  ["last30", "Last 30 days"],
  ["last90", "Last 90 days"],
  ["mtd", "Month to date"],
  ["prev_month", "Previous month"],
  ["qtd", "Quarter to date"],
  ["ytd", "Year to date"],
];

const PAGE_PARAMS = ["tpage"];

export interface FilterBarProps {
  options: Record<FilterKeyName, FilterOption[]>;
  selected: Record<FilterKeyName, string[]>;
  preset: string | null;
  from: string;
  to: string;
  tz: string;
  orgTimeZone: string;
  /** Dimensions pinned by the page (a detail page's own item): not offered. */
  hidden?: FilterKeyName[];
  defaultPreset?: string;
}

function useNavigate() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (mutate: (p: URLSearchParams) => void) => {
    const p = new URLSearchParams(params.toString());
    for (const k of PAGE_PARAMS) p.delete(k);
    mutate(p);
    const qs = p.toString();
    router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
}

function MultiFilter({ name, options, selected: fromUrl, onChange: navigateTo }: { name: FilterKeyName; options: FilterOption[]; selected: string[]; onChange: (values: string[]) => void }) {
  const id = useId();
  const ref = useRef<HTMLDetailsElement>(null);
  const [query, setQuery] = useState("");
  // Checkboxes answer at once; the URL (and so the data) follows with the navigation.
  const [selected, setSelected] = useState(fromUrl);
  const urlKey = fromUrl.join("\u0000");
  useEffect(() => setSelected(urlKey ? urlKey.split("\u0000") : []), [urlKey]);
  const onChange = (values: string[]) => {
    setSelected(values);
    navigateTo(values);
  };
  const label = FILTER_LABELS[name];
  const summary = selected.length === 0 ? "All" : selected.length === 1 ? (options.find((o) => o.value === selected[0])?.label ?? selected[0]) : `${selected.length} selected`;
  const shown = query ? options.filter((o) => o.label.toLowerCase().includes(query.toLowerCase()) || o.value.toLowerCase().includes(query.toLowerCase())) : options;

  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, []);

  return (
    <details ref={ref} className="group relative" data-filter={name}>
      <summary
        className={`flex cursor-pointer list-none items-center gap-1 rounded-md border px-2.5 py-1.5 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-blue-500 ${selected.length ? "border-blue-300 bg-blue-50 text-blue-800" : "border-gray-300 bg-white text-gray-700"}`}
        aria-label={`${label} filter: ${summary}`}
      >
        <span className="font-medium">{label}:</span>
        <span className="max-w-[9rem] truncate">{summary}</span>
        <span aria-hidden="true" className="text-xs text-gray-400 group-open:rotate-180">▾</span>
      </summary>
      <div className="fixed inset-x-4 z-20 mt-1 rounded-md border border-gray-200 bg-white p-2 shadow-lg sm:absolute sm:inset-x-auto sm:left-0 sm:w-64">
        <fieldset>
          <legend className="sr-only">{label}</legend>
          {options.length > 8 ? (
            <>
              <label htmlFor={`${id}-search`} className="sr-only">
                Search {label.toLowerCase()}s
              </label>
              <input
                id={`${id}-search`}
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder={`Search ${label.toLowerCase()}s`}
                className="mb-2 w-full rounded border-gray-300 py-1 text-sm"
              />
            </>
          ) : null}
          <div className="max-h-64 overflow-y-auto">
            {shown.length === 0 ? <p className="px-1 py-2 text-sm text-gray-500">No values in this range.</p> : null}
            {shown.map((o) => {
              const checked = selected.includes(o.value);
              return (
                <label key={o.value} className="flex cursor-pointer items-center gap-2 rounded px-1 py-1 text-sm hover:bg-gray-50">
                  <input
                    type="checkbox"
                    className="rounded border-gray-300 text-blue-600"
                    checked={checked}
                    onChange={() => onChange(checked ? selected.filter((v) => v !== o.value) : [...selected, o.value])}
                  />
                  <span className="truncate">{o.label}</span>
                </label>
              );
            })}
          </div>
          {selected.length ? (
            <button type="button" onClick={() => onChange([])} className="mt-1 w-full rounded px-1 py-1 text-left text-xs text-blue-700 hover:bg-blue-50">
              Clear {label.toLowerCase()} filter
            </button>
          ) : null}
        </fieldset>
      </div>
    </details>
  );
}

export function FilterBar(props: FilterBarProps) {
  const navigate = useNavigate();
  const id = useId();
  const [custom, setCustom] = useState(props.preset === null);
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  const [tz, setTz] = useState(props.tz);
  const [zones, setZones] = useState<string[]>([]);
  const hidden = new Set(props.hidden ?? []);
  const defaultPreset = props.defaultPreset ?? "last30";

  useEffect(() => {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    setZones(intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : []);
  }, []);
  useEffect(() => {
    setFrom(props.from);
    setTo(props.to);
    setTz(props.tz);
    setCustom(props.preset === null);
  }, [props.from, props.to, props.tz, props.preset]);

  const setRange = (value: string) => {
    if (value === "custom") {
      setCustom(true);
      return;
    }
    setCustom(false);
    navigate((p) => {
      p.delete("from");
      p.delete("to");
      if (value === defaultPreset) p.delete("range");
      else p.set("range", value);
    });
  };

  const applyDates = (e: React.FormEvent) => {
    e.preventDefault();
    if (!from || !to) return;
    navigate((p) => {
      p.delete("range");
      p.set("from", from);
      p.set("to", to);
    });
  };

  const applyTz = (value: string) => {
    const v = value.trim();
    if (!v || v === props.tz) return;
    navigate((p) => {
      if (v === props.orgTimeZone) p.delete("tz");
      else p.set("tz", v);
    });
  };

  const setFilter = (name: FilterKeyName, values: string[]) =>
    navigate((p) => {
      p.delete(name);
      if (values.length) p.set(name, values.join(","));
    });

  const keys = (Object.keys(FILTER_LABELS) as FilterKeyName[]).filter((k) => !hidden.has(k));
  const active = keys.flatMap((k) => props.selected[k].map((v) => ({ k, v, label: props.options[k].find((o) => o.value === v)?.label ?? v })));

  return (
    <section aria-label="Filters" className="mb-6 rounded-lg border border-gray-200 bg-white p-3 shadow-sm">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col">
          <label htmlFor={`${id}-range`} className="text-xs font-medium text-gray-500">
            Date range
          </label>
          <select
            id={`${id}-range`}
            value={custom ? "custom" : (props.preset ?? "custom")}
            onChange={(e) => setRange(e.target.value)}
            className="rounded-md border-gray-300 py-1.5 pl-2.5 pr-8 text-sm shadow-sm"
          >
            {PRESET_LABELS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
            <option value="custom">Custom dates…</option>
          </select>
        </div>
        {custom ? (
          <form onSubmit={applyDates} className="flex flex-wrap items-end gap-2" aria-label="Custom date range">
            <div className="flex flex-col">
              <label htmlFor={`${id}-from`} className="text-xs font-medium text-gray-500">
                From
              </label>
              <input id={`${id}-from`} type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} className="rounded-md border-gray-300 py-1.5 text-sm shadow-sm" required />
            </div>
            <div className="flex flex-col">
              <label htmlFor={`${id}-to`} className="text-xs font-medium text-gray-500">
                To (inclusive)
              </label>
              <input id={`${id}-to`} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} className="rounded-md border-gray-300 py-1.5 text-sm shadow-sm" required />
            </div>
            <button type="submit" className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-blue-700 focus:outline-none focus:ring-2 focus:ring-blue-500 focus:ring-offset-1">
              Apply
            </button>
          </form>
        ) : null}
        <div className="flex flex-col">
          <label htmlFor={`${id}-tz`} className="text-xs font-medium text-gray-500">
            Time zone
          </label>
          <input
            id={`${id}-tz`}
            list={`${id}-zones`}
            value={tz}
            onChange={(e) => setTz(e.target.value)}
            onBlur={(e) => applyTz(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") applyTz((e.target as HTMLInputElement).value);
            }}
            className="w-44 rounded-md border-gray-300 py-1.5 text-sm shadow-sm"
            aria-describedby={`${id}-tz-note`}
          />
          <datalist id={`${id}-zones`}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <span id={`${id}-tz-note`} className="sr-only">
            Days start at midnight in this zone. The organization&apos;s zone is {props.orgTimeZone}.
          </span>
        </div>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        {keys.map((k) => (
          <MultiFilter key={k} name={k} options={props.options[k]} selected={props.selected[k]} onChange={(v) => setFilter(k, v)} />
        ))}
      </div>
      {active.length || props.tz !== props.orgTimeZone ? (
        <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Active filters">
          {active.map((a) => (
            <li key={`${a.k}:${a.v}`}>
              <button
                type="button"
                onClick={() => setFilter(a.k, props.selected[a.k].filter((x) => x !== a.v))}
                className="inline-flex items-center gap-1 rounded-full bg-blue-50 px-2 py-0.5 text-xs text-blue-800 ring-1 ring-blue-200 hover:bg-blue-100"
                aria-label={`Remove ${FILTER_LABELS[a.k].toLowerCase()} filter ${a.label}`}
              >
                {FILTER_LABELS[a.k]}: {a.label} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          {props.tz !== props.orgTimeZone ? (
            <li>
              <button
                type="button"
                onClick={() => navigate((p) => p.delete("tz"))}
                className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800 ring-1 ring-amber-200 hover:bg-amber-100"
                aria-label={`Use the organization's time zone ${props.orgTimeZone}`}
              >
                Zone: {props.tz} <span aria-hidden="true">×</span>
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}
