"use client";

import { useActionState } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { createFirstAdminAction, type SetupState } from "./actions";

const INPUT =
  "mt-1 block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500 " +
  "aria-[invalid=true]:border-red-500";
const BUTTON =
  "w-full rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 disabled:opacity-60";

interface FieldProps {
  id: string;
  label: string;
  type: string;
  autoComplete: string;
  error?: string;
  defaultValue?: string;
  hint?: string;
}

function Field(props: FieldProps) {
  const describedBy = props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={props.id} className="block text-sm font-medium text-gray-700">{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className={INPUT}
      />
      {props.error ? (
        <p id={`${props.id}-error`} data-testid={`${props.id}-error`} className="mt-1 text-xs text-red-700">
          {props.error}
        </p>
      ) : props.hint ? (
        <p id={`${props.id}-hint`} className="mt-1 text-xs text-gray-500">{props.hint}</p>
      ) : null}
    </div>
  );
}

export function SetupForm() {
  const [state, action, pending] = useActionState<SetupState, FormData>(createFirstAdminAction, {});
  const f = state.fields ?? {};
  return (
    <form action={action} className="space-y-4 rounded-xl border border-gray-200 bg-white p-6 shadow-sm" noValidate>
      <Field id="name" label="Your name" type="text" autoComplete="name" error={f.name} defaultValue={state.values?.name} />
      <Field
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
        error={f.email}
        defaultValue={state.values?.email}
      />
      <Field
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        error={f.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters; a phrase of a few words works well.`}
      />
      <Field id="confirm" label="Confirm password" type="password" autoComplete="new-password" error={f.confirm} />
      {state.error ? (
        <p role="alert" data-testid="setup-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={BUTTON}>
        {pending ? "Creating…" : "Create administrator"}
      </button>
    </form>
  );
}
