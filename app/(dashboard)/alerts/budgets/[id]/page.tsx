import type { Metadata } from "next";
import { Card } from "@/components/tremor";
import { requireUser } from "@/lib/auth/require";
import { forbidden, notFound } from "next/navigation";
import { canManageAlertsFor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/api/errors";
import { dec } from "@/lib/money/decimal";
import { formChoices, getBudgetView } from "@/lib/alerts/service";
import { BudgetForm } from "../../_components/budget-form";

export const metadata: Metadata = { title: "Edit budget" };

export default async function EditBudgetPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const b = await getBudgetView(user, id).catch((e: unknown) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  if (!canManageAlertsFor(user, b.scope.team?.id ?? null)) forbidden();
  const c = await formChoices(user);
  return (
    <Card>
      <h2 className="mb-1 text-lg font-semibold text-gray-900">Edit budget</h2>
      <p className="mb-4 text-sm text-gray-500">Changing the amount, period or scope re-arms its alert thresholds for the current period.</p>
      <BudgetForm
        id={b.id}
        initial={{ name: b.name, period: b.period, amount: dec(b.amount).toFixed(), hard: b.hard, team: b.scope.team?.slug ?? "", feature: b.scope.feature ?? "", model: b.scope.model ?? "", workflow: b.scope.workflow ?? "", unit: b.unit, imageSize: b.imageSize ?? "", imageQuality: b.imageQuality ?? "" }}
        teams={c.teams}
        canManageOrgWide={c.canManageOrgWide}
        features={c.features}
        models={c.models}
      />
    </Card>
  );
}
