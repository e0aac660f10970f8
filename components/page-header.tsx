export function PageHeader({ title, description, actions }: { title: string; description?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-gray-900">{title}</h1>
        {description ? <p className="mt-1 max-w-3xl text-sm text-gray-500">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

export function Placeholder({ what }: { what: string }) {
  return (
    <div className="rounded-xl border border-dashed border-gray-300 bg-white p-8 text-sm text-gray-500">
      {what} arrives with a later issue. Nothing here yet.
    </div>
  );
}
