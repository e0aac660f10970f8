"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveBudgetAction, type ActionResult } from "../actions";
import { Field, describedBy, errorAt, inputClass } from "./field";
import { ScopeFields } from "./scope-fields";

export interface BudgetFormValues {
  name: string;
  period: "day" | "week" | "month" | "quarter";
  amount: string;
  hard: boolean;
  team: string;
  feature: string;
  model: string;
  workflow: string;
  unit: "usd" | "images";
  imageSize: string;
  imageQuality: string;
}


export function BudgetForm(props: {
  id: string | null;
  initial: BudgetFormValues;
  teams: { slug: string; name: string }[];
  canManageOrgWide: boolean;
  features: string[];
  models: string[];
}) {
  const router = useRouter();
  const [v, setV] = useState(props.initial);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, start] = useTransition();
  const set = <K extends keyof BudgetFormValues>(k: K, value: BudgetFormValues[K]) => setV((old) => ({ ...old, [k]: value }));
  const err = (path: string) => (result?.ok ? undefined : errorAt(result?.fields, path));

  return (
    <form
      className="grid max-w-3xl gap-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await saveBudgetAction(props.id, {
            name: v.name,
            period: v.period,
            amount: v.amount.trim(),
            hard: v.hard,
            team: v.team || null,
            feature: v.feature || null,
            model: v.model || null,
            workflow: v.workflow || null,
            unit: v.unit,
            imageSize: v.unit === "images" ? v.imageSize.trim() || null : null,
            imageQuality: v.unit === "images" ? v.imageQuality.trim() || null : null,
          });
          setResult(r);
          if (r.ok) {
            router.push("/alerts");
            router.refresh();
          }
        });
      }}
    >
      <Field id="budget-name" label="Name" error={err("name")} className="sm:col-span-2">
        <input id="budget-name" className={inputClass} value={v.name} onChange={(e) => set("name", e.target.value)} required maxLength={120} {...describedBy("budget-name", err("name"))} />
      </Field>
      <Field id="budget-unit" label="Counts" hint="Dollars of spend, or images (an image quota)" error={err("unit")}>
        <select id="budget-unit" className={inputClass} value={v.unit} onChange={(e) => set("unit", e.target.value as BudgetFormValues["unit"])} {...describedBy("budget-unit", err("unit"), "hint")}>
          <option value="usd">Dollars (USD)</option>
          <option value="images">Images (quota)</option>
        </select>
      </Field>
      <Field id="budget-amount" label={v.unit === "images" ? "Quota (images)" : "Amount (USD)"} hint={v.unit === "images" ? "Images per period, e.g. 5000" : "Per period, e.g. 500 or 1250.50"} error={err("amount")}>
        <input id="budget-amount" className={inputClass} inputMode={v.unit === "images" ? "numeric" : "decimal"} value={v.amount} onChange={(e) => set("amount", e.target.value)} required {...describedBy("budget-amount", err("amount"), "hint")} />
      </Field>
      <Field id="budget-period" label="Period" hint="Calendar periods in the organization's time zone" error={err("period")}>
        <select id="budget-period" className={inputClass} value={v.period} onChange={(e) => set("period", e.target.value as BudgetFormValues["period"])} {...describedBy("budget-period", err("period"), "hint")}>
          <option value="day">Day</option>
          <option value="week">Week (Monday to Sunday)</option>
          <option value="month">Month</option>
          <option value="quarter">Quarter</option>
        </select>
      </Field>
      {v.unit === "images" ? (
        <>
          <Field id="budget-image-size" label="Image size" hint="Only images of this size count, e.g. 1024x1024; empty: any" error={err("imageSize")}>
            <input id="budget-image-size" className={inputClass} value={v.imageSize} onChange={(e) => set("imageSize", e.target.value)} maxLength={200} {...describedBy("budget-image-size", err("imageSize"), "hint")} />
          </Field>
          <Field id="budget-image-quality" label="Image quality" hint="Only images of this quality count, e.g. high; empty: any" error={err("imageQuality")}>
            <input id="budget-image-quality" className={inputClass} value={v.imageQuality} onChange={(e) => set("imageQuality", e.target.value)} maxLength={200} {...describedBy("budget-image-quality", err("imageQuality"), "hint")} />
          </Field>
        </>
      ) : null}
      <ScopeFields
        idPrefix="budget"
        values={v}
        set={set}
        err={err}
        teams={props.teams}
        features={props.features}
        models={props.models}
        teamEmptyLabel={props.canManageOrgWide ? "Whole organization" : null}
        anyAs="hint"
      />
      <div className="sm:col-span-2">
        <label className="flex items-start gap-2 text-sm text-gray-700">
          <input type="checkbox" className="mt-0.5 rounded border-gray-300" checked={v.hard} onChange={(e) => set("hard", e.target.checked)} />
          <span><span className="font-medium">Hard limit</span>: <code>budget-check</code> answers <code>allow: false</code> once a request would take {v.unit === "images" ? "the images used above the quota" : "spend above the amount"}.</span>
        </label>
      </div>
      {result && !result.ok ? (
        <p role="alert" className="text-sm text-red-600 sm:col-span-2">{Object.keys(result.fields ?? {}).length ? "Some fields need attention (marked above)." : result.message}</p>
      ) : null}
      <div className="flex gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60">
          {pending ? "Saving…" : props.id ? "Save budget" : "Create budget"}
        </button>
        <button type="button" onClick={() => router.back()} className="rounded-md border border-gray-300 bg-white px-4 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">Cancel</button>
      </div>
    </form>
  );
}
