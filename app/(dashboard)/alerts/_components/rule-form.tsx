"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveRuleAction, type ActionResult } from "../actions";
import { ScopeFields } from "./scope-fields";
import { SecretOnce } from "./secret-once";
import { Field, describedBy, errorAt, inputClass } from "./field";
import type { Metric, Period, RuleFormValues } from "./rule-values";

export interface BudgetChoice {
  id: string;
  name: string;
  period: string;
  amount: string;
  unit?: "usd" | "images";
  teamSlug: string | null;
}

/** Whole numbers go to the API as numbers; anything else as typed, so the server names what is wrong. */
const num = (s: string): number | string => (/^\s*\d+\s*$/.test(s) ? Number(s) : s.trim());
const list = (s: string) => s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);

function toInput(v: RuleFormValues) {
  const budgetId = v.budgetId || null;
  let config: Record<string, unknown>;
  switch (v.metric) {
    case "spend":
      config = { unit: v.unit, thresholds: list(v.thresholds), ...(budgetId ? {} : { periodKind: v.periodKind }) };
      break;
    case "forecast":
      config = { percentOfBudget: v.percentOfBudget.trim() };
      break;
    case "spike":
      config = { windowHours: num(v.windowHours), lookbackHours: num(v.lookbackHours), multiplier: v.multiplier.trim(), minWindowSpendUsd: v.minWindowSpendUsd.trim(), periodKind: v.periodKind };
      break;
    case "retries":
      config = { measure: v.measure, threshold: v.threshold.trim(), windowHours: num(v.windowHours), minAttempts: num(v.minAttempts), periodKind: v.periodKind };
      break;
    case "unpriced":
      config = { windowHours: num(v.windowHours), threshold: num(v.unpricedThreshold), periodKind: v.periodKind };
      break;
    case "reconciliation":
      config = { thresholdPercent: v.recPercent.trim(), minVarianceUsd: v.recMinUsd.trim(), lookbackDays: num(v.recLookbackDays) };
      break;
  }
  return {
    name: v.name,
    metric: v.metric,
    config,
    budgetId,
    team: budgetId ? null : v.team || null,
    feature: budgetId ? null : v.feature || null,
    model: budgetId ? null : v.model || null,
    workflow: budgetId ? null : v.workflow || null,
    recipients: list(v.recipients),
    // Editing: an empty field keeps the stored (masked, never shown) URL unless "remove" is ticked.
    ...(v.currentWebhook && !v.webhookUrl.trim() && !v.removeWebhook ? {} : { webhookUrl: v.webhookUrl.trim() || null }),
    webhookFormat: v.webhookFormat,
    enabled: v.enabled,
  };
}

export function RuleForm(props: {
  id: string | null;
  initial: RuleFormValues;
  budgets: BudgetChoice[];
  teams: { slug: string; name: string }[];
  canManageOrgWide: boolean;
  features: string[];
  models: string[];
}) {
  const router = useRouter();
  const [v, setV] = useState(props.initial);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const done = () => {
    router.push("/alerts/rules");
    router.refresh();
  };
  const set = <K extends keyof RuleFormValues>(k: K, value: RuleFormValues[K]) => setV((old) => ({ ...old, [k]: value }));
  const err = (path: string) => (result?.ok ? undefined : errorAt(result?.fields, path));
  const needsBudget = v.metric === "forecast" || (v.metric === "spend" && v.unit === "percent_of_budget");
  const windowed = v.metric === "spike" || v.metric === "retries" || v.metric === "unpriced";
  const budget = props.budgets.find((b) => b.id === v.budgetId);
  const unknownPaths = Object.keys(result?.fields ?? {}).filter((p) => !/^(name|metric|budgetId|config|team|feature|model|workflow|recipients|webhookUrl|webhookFormat|enabled)/.test(p));

  return (
    <form
      className="grid max-w-3xl gap-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await saveRuleAction(props.id, toInput(v));
          setResult(r);
          // A newly issued signing secret is shown here once; leaving waits for "Done".
          if (r.ok && r.webhookSecret) setSecret(r.webhookSecret);
          else if (r.ok) done();
        });
      }}
    >
      <Field id="rule-name" label="Name" error={err("name")} className="sm:col-span-2">
        <input id="rule-name" className={inputClass} value={v.name} onChange={(e) => set("name", e.target.value)} required maxLength={120} {...describedBy("rule-name", err("name"))} />
      </Field>

      <Field id="rule-metric" label="Watch" error={err("metric")}>
        <select id="rule-metric" className={inputClass} value={v.metric} onChange={(e) => set("metric", e.target.value as Metric)}>
          <option value="spend">Spend reaches thresholds</option>
          <option value="forecast">Forecast reaches the budget</option>
          <option value="spike">Spend spike</option>
          <option value="retries">Retries or failures</option>
          <option value="unpriced">Unpriced events</option>
          <option value="reconciliation">Billed vs tracked (a day&apos;s variance)</option>
        </select>
      </Field>

      <Field id="rule-budget" label="Budget" hint={needsBudget ? "Required: thresholds are measured against it" : "Optional: adds budget and forecast to the message"} error={err("budgetId")}>
        <select id="rule-budget" className={inputClass} value={v.budgetId} onChange={(e) => set("budgetId", e.target.value)} {...describedBy("rule-budget", err("budgetId"), "hint")}>
          <option value="">{needsBudget ? "Choose a budget…" : "No budget"}</option>
          {props.budgets.map((b) => (
            <option key={b.id} value={b.id}>{b.name} ({b.period}, {b.unit === "images" ? `${b.amount} images` : `$${b.amount}`})</option>
          ))}
        </select>
      </Field>

      {v.metric === "spend" ? (
        <>
          <Field id="rule-unit" label="Thresholds are" error={err("config.unit")}>
            <select id="rule-unit" className={inputClass} value={v.unit} onChange={(e) => set("unit", e.target.value as RuleFormValues["unit"])}>
              <option value="percent_of_budget">% of the budget</option>
              <option value="usd">USD amounts</option>
            </select>
          </Field>
          <Field id="rule-thresholds" label={v.unit === "usd" ? "Thresholds (USD)" : "Thresholds (%)"} hint="Comma-separated, e.g. 50, 80, 100; each fires once per period" error={err("config.thresholds")}>
            <input id="rule-thresholds" className={inputClass} value={v.thresholds} onChange={(e) => set("thresholds", e.target.value)} {...describedBy("rule-thresholds", err("config.thresholds"), "hint")} />
          </Field>
        </>
      ) : null}

      {v.metric === "forecast" ? (
        <Field id="rule-forecast-pct" label="Fire when the forecast reaches (% of budget)" error={err("config.percentOfBudget")}>
          <input id="rule-forecast-pct" className={inputClass} inputMode="decimal" value={v.percentOfBudget} onChange={(e) => set("percentOfBudget", e.target.value)} {...describedBy("rule-forecast-pct", err("config.percentOfBudget"))} />
        </Field>
      ) : null}

      {windowed ? (
        <Field id="rule-window" label="Window (hours)" hint="The last N hours, including the current one" error={err("config.windowHours")}>
          <input id="rule-window" className={inputClass} inputMode="numeric" value={v.windowHours} onChange={(e) => set("windowHours", e.target.value)} {...describedBy("rule-window", err("config.windowHours"), "hint")} />
        </Field>
      ) : null}

      {v.metric === "spike" ? (
        <>
          <Field id="rule-lookback" label="Compared with the previous (hours)" error={err("config.lookbackHours")}>
            <input id="rule-lookback" className={inputClass} inputMode="numeric" value={v.lookbackHours} onChange={(e) => set("lookbackHours", e.target.value)} {...describedBy("rule-lookback", err("config.lookbackHours"))} />
          </Field>
          <Field id="rule-multiplier" label="Fire above (× the hourly average)" error={err("config.multiplier")}>
            <input id="rule-multiplier" className={inputClass} inputMode="decimal" value={v.multiplier} onChange={(e) => set("multiplier", e.target.value)} {...describedBy("rule-multiplier", err("config.multiplier"))} />
          </Field>
          <Field id="rule-min-spend" label="Only when the window spent at least (USD)" error={err("config.minWindowSpendUsd")}>
            <input id="rule-min-spend" className={inputClass} inputMode="decimal" value={v.minWindowSpendUsd} onChange={(e) => set("minWindowSpendUsd", e.target.value)} {...describedBy("rule-min-spend", err("config.minWindowSpendUsd"))} />
          </Field>
        </>
      ) : null}

      {v.metric === "retries" ? (
        <>
          <Field id="rule-measure" label="Measure" error={err("config.measure")}>
            <select id="rule-measure" className={inputClass} value={v.measure} onChange={(e) => set("measure", e.target.value as RuleFormValues["measure"])}>
              <option value="retries_per_accepted_output">Retries per accepted output</option>
              <option value="failed_share_percent">Rejected or failed attempts (%)</option>
            </select>
          </Field>
          <Field id="rule-threshold" label={v.measure === "failed_share_percent" ? "Fire above (%)" : "Fire above (retries per output)"} error={err("config.threshold")}>
            <input id="rule-threshold" className={inputClass} inputMode="decimal" value={v.threshold} onChange={(e) => set("threshold", e.target.value)} {...describedBy("rule-threshold", err("config.threshold"))} />
          </Field>
          <Field id="rule-min-attempts" label="Only with at least (attempts)" error={err("config.minAttempts")}>
            <input id="rule-min-attempts" className={inputClass} inputMode="numeric" value={v.minAttempts} onChange={(e) => set("minAttempts", e.target.value)} {...describedBy("rule-min-attempts", err("config.minAttempts"))} />
          </Field>
        </>
      ) : null}

      {v.metric === "unpriced" ? (
        <Field id="rule-unpriced" label="Fire above (events)" error={err("config.threshold")}>
          <input id="rule-unpriced" className={inputClass} inputMode="numeric" value={v.unpricedThreshold} onChange={(e) => set("unpricedThreshold", e.target.value)} {...describedBy("rule-unpriced", err("config.threshold"))} />
        </Field>
      ) : null}

      {v.metric === "reconciliation" ? (
        <>
          <Field id="rule-rec-pct" label="Fire when billed and tracked differ by more than (% of billed)" error={err("config.thresholdPercent")}>
            <input id="rule-rec-pct" className={inputClass} inputMode="decimal" value={v.recPercent} onChange={(e) => set("recPercent", e.target.value)} {...describedBy("rule-rec-pct", err("config.thresholdPercent"))} />
          </Field>
          <Field id="rule-rec-min" label="Only when the difference is at least (USD)" error={err("config.minVarianceUsd")}>
            <input id="rule-rec-min" className={inputClass} inputMode="decimal" value={v.recMinUsd} onChange={(e) => set("recMinUsd", e.target.value)} {...describedBy("rule-rec-min", err("config.minVarianceUsd"))} />
          </Field>
          <Field id="rule-rec-days" label="Billed days looked at" error={err("config.lookbackDays")}>
            <input id="rule-rec-days" className={inputClass} inputMode="numeric" value={v.recLookbackDays} onChange={(e) => set("recLookbackDays", e.target.value)} {...describedBy("rule-rec-days", err("config.lookbackDays"))} />
          </Field>
        </>
      ) : null}

      {windowed || (v.metric === "spend" && v.unit === "usd" && !v.budgetId) ? (
        <Field id="rule-period" label={windowed ? "At most once per" : "Period"} error={err("config.periodKind")}>
          <select id="rule-period" className={inputClass} value={v.periodKind} onChange={(e) => set("periodKind", e.target.value as Period)} {...describedBy("rule-period", err("config.periodKind"))}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
            <option value="quarter">Quarter</option>
          </select>
        </Field>
      ) : null}

      <fieldset className="grid gap-4 rounded-lg border border-gray-200 p-4 sm:col-span-2 sm:grid-cols-2">
        <legend className="px-1 text-sm font-medium text-gray-700">Scope</legend>
        {v.budgetId ? (
          <p className="text-sm text-gray-600 sm:col-span-2">The rule watches its budget&apos;s scope{budget?.teamSlug ? ` (team ${budget.teamSlug})` : ""}.</p>
        ) : (
          <>
            <ScopeFields
              idPrefix="rule"
              values={v}
              set={set}
              err={err}
              teams={props.teams}
              features={props.features}
              models={props.models}
              teamEmptyLabel={props.canManageOrgWide ? "Whole organization" : "Choose a team…"}
              anyAs="placeholder"
            />
          </>
        )}
      </fieldset>

      <Field id="rule-recipients" label="Recipients" hint="Email addresses, separated by commas or new lines" error={err("recipients")} className="sm:col-span-2">
        <textarea id="rule-recipients" rows={2} className={inputClass} value={v.recipients} onChange={(e) => set("recipients", e.target.value)} {...describedBy("rule-recipients", err("recipients"), "hint")} />
      </Field>
      <Field
        id="rule-webhook"
        label={v.currentWebhook ? "New webhook URL (optional)" : "Webhook URL (optional)"}
        hint={
          v.currentWebhook
            ? `Current: ${v.currentWebhook} (shown masked: it may hold a secret). Leave empty to keep it.`
            : "Receives a signed POST (Spendscope-Signature header), e.g. a chat tool's incoming webhook. Hidden after saving."
        }
        error={err("webhookUrl")}
        className="sm:col-span-2"
      >
        <input id="rule-webhook" type="url" className={inputClass} value={v.webhookUrl} disabled={v.removeWebhook} onChange={(e) => set("webhookUrl", e.target.value)} placeholder="https://hooks.example.com/…" {...describedBy("rule-webhook", err("webhookUrl"), "hint")} />
      </Field>
      {v.currentWebhook ? (
        <label className="flex items-center gap-2 text-sm text-gray-700 sm:col-span-2">
          <input type="checkbox" className="rounded border-gray-300" checked={v.removeWebhook} onChange={(e) => set("removeWebhook", e.target.checked)} /> Remove the webhook
        </label>
      ) : null}
      {(v.webhookUrl.trim() || v.currentWebhook) && !v.removeWebhook ? (
        <Field id="rule-webhook-format" label="Webhook payload" hint="Both are signed with the rule's secret" error={err("webhookFormat")} className="sm:col-span-2">
          <select id="rule-webhook-format" className={inputClass} value={v.webhookFormat} onChange={(e) => set("webhookFormat", e.target.value === "slack" ? "slack" : "json")} {...describedBy("rule-webhook-format", err("webhookFormat"), "hint")}>
            <option value="json">Spendscope JSON (all facts)</option>
            <option value="slack">Slack (text + blocks)</option>
          </select>
        </Field>
      ) : null}
      <label className="flex items-center gap-2 text-sm text-gray-700 sm:col-span-2">
        <input type="checkbox" className="rounded border-gray-300" checked={v.enabled} onChange={(e) => set("enabled", e.target.checked)} /> Enabled
      </label>

      {result && !result.ok ? (
        <div role="alert" className="text-sm text-red-600 sm:col-span-2">
          <p>{Object.keys(result.fields ?? {}).length ? "Some fields need attention (marked above)." : result.message}</p>
          {unknownPaths.length ? <ul className="list-disc pl-5">{unknownPaths.map((p) => <li key={p}>{p}: {result.fields?.[p]}</li>)}</ul> : null}
        </div>
      ) : null}
      {secret ? (
        <div className="sm:col-span-2">
          <SecretOnce secret={secret} onDone={done} />
        </div>
      ) : null}
      <div className="flex gap-3 sm:col-span-2">
        <button type="submit" disabled={pending || secret !== null} className="rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-60">
          {pending ? "Saving…" : props.id ? "Save rule" : "Create rule"}
        </button>
        <button type="button" onClick={() => router.back()} className="rounded-md border border-gray-300 bg-white px-4 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">Cancel</button>
      </div>
    </form>
  );
}
