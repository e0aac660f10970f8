/** Label + control + error line, wired for screen readers (aria-describedby / aria-invalid set by the caller). */
export function Field({ id, label, hint, error, children, className = "" }: { id: string; label: string; hint?: string; error?: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">{label}</label>
      <div className="mt-1">{children}</div>
      {hint && !error ? <p id={`${id}-hint`} className="mt-1 text-xs text-gray-500">{hint}</p> : null}
      {error ? <p id={`${id}-error`} className="mt-1 text-xs text-red-600">{error}</p> : null}
    </div>
  );
}

export const inputClass = "block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500 aria-[invalid=true]:border-red-400";

/** The first error whose path is `path` or lies under it ("config.thresholds" matches "config.thresholds[1]"). */
export function errorAt(fields: Record<string, string> | undefined, path: string): string | undefined {
  if (!fields) return undefined;
  if (fields[path]) return fields[path];
  const k = Object.keys(fields).find((f) => f.startsWith(`${path}[`) || f.startsWith(`${path}.`));
  return k ? fields[k] : undefined;
}

export function describedBy(id: string, error: string | undefined, hint?: string): { "aria-invalid": boolean; "aria-describedby"?: string } {
  return { "aria-invalid": Boolean(error), "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined };
}
