"use client";

import { Field, describedBy, inputClass } from "./field";

const WORKFLOW_OPTIONS = [
  ["text_to_image", "Text to image"],
  ["image_edit", "Image edit"],
  ["vision_analysis", "Vision analysis"],
  ["analysis_then_generate", "Analysis then generate"],
] as const;

type ScopeKey = "team" | "workflow" | "feature" | "model";

/**
 * The scope a budget or a rule watches: team, workflow, feature, model. Budgets explain an empty feature/model with
 * a hint under the field; rules say it as a placeholder.
 */
export function ScopeFields(props: {
  idPrefix: string;
  values: Record<ScopeKey, string>;
  set: (key: ScopeKey, value: string) => void;
  err: (key: ScopeKey) => string | undefined;
  teams: Array<{ slug: string; name: string }>;
  features: string[];
  models: string[];
  /** The empty team choice's label, or null when there is none. */
  teamEmptyLabel: string | null;
  anyAs: "hint" | "placeholder";
}) {
  const { idPrefix: p, values: v, set, err } = props;
  const anyField = (key: "feature" | "model", label: string, options: string[], noun: string) => {
    const id = `${p}-${key}`;
    const asHint = props.anyAs === "hint";
    return (
      <Field id={id} label={label} hint={asHint ? `Leave empty for every ${noun}` : undefined} error={err(key)}>
        <input
          id={id}
          className={inputClass}
          list={`${p}-${key}s`}
          value={v[key]}
          onChange={(e) => set(key, e.target.value)}
          {...(asHint ? describedBy(id, err(key), "hint") : { placeholder: `Any ${noun}` })}
        />
        <datalist id={`${p}-${key}s`}>{options.map((o) => <option key={o} value={o} />)}</datalist>
      </Field>
    );
  };
  return (
    <>
      <Field id={`${p}-team`} label="Team" error={err("team")}>
        <select id={`${p}-team`} className={inputClass} value={v.team} onChange={(e) => set("team", e.target.value)} {...describedBy(`${p}-team`, err("team"))}>
          {props.teamEmptyLabel !== null ? <option value="">{props.teamEmptyLabel}</option> : null}
          {props.teams.map((t) => (
            <option key={t.slug} value={t.slug}>{t.name}</option>
          ))}
        </select>
      </Field>
      <Field id={`${p}-workflow`} label="Workflow" error={err("workflow")}>
        <select id={`${p}-workflow`} className={inputClass} value={v.workflow} onChange={(e) => set("workflow", e.target.value)}>
          <option value="">Any workflow</option>
          {WORKFLOW_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
        </select>
      </Field>
      {anyField("feature", "Feature", props.features, "feature")}
      {anyField("model", "Model", props.models, "model")}
    </>
  );
}
